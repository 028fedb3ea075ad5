/// The fields from which an MRZ is generated (the JSON of `kordon mrz make`).
public struct MRZFields: Codable, Hashable, Sendable {
    /// The layout to generate.
    public var format: MRZFormat
    /// One or two letters (`P`, `PO`, `I`, `ID`, `V`...). Visas start with `V`, other formats must not.
    public var documentCode: String
    /// Issuing state or organisation, 1-3 letters (`D`, `UKR`, `UNO`).
    public var issuingState: String
    /// Primary identifier, in any script (transliterated per ICAO 9303 Part 3 §6).
    public var surname: String
    /// Secondary identifiers, space-separated, in any script.
    public var givenNames: String
    /// Up to 9 characters; TD1 and TD2 accept longer numbers (Parts 5 and 6 long-number rule).
    public var documentNumber: String
    /// Nationality, 1-3 letters (`XXA` stateless, `XXB` refugee...).
    public var nationality: String
    /// YYMMDD (digits, `<` for unknown day or month).
    public var birthDate: String
    /// `M`, `F`, `X` or `<`.
    public var sex: String
    /// YYMMDD.
    public var expiryDate: String
    /// TD3 personal number, TD1 line-1 optional data, TD2/visa optional data.
    public var optionalData: String
    /// TD1 line-2 optional data.
    public var optionalData2: String

    /// Fields for a zone; `optionalData` and `optionalData2` default to empty.
    public init(
        format: MRZFormat, documentCode: String, issuingState: String, surname: String, givenNames: String,
        documentNumber: String, nationality: String, birthDate: String, sex: String, expiryDate: String,
        optionalData: String = "", optionalData2: String = ""
    ) {
        self.format = format
        self.documentCode = documentCode
        self.issuingState = issuingState
        self.surname = surname
        self.givenNames = givenNames
        self.documentNumber = documentNumber
        self.nationality = nationality
        self.birthDate = birthDate
        self.sex = sex
        self.expiryDate = expiryDate
        self.optionalData = optionalData
        self.optionalData2 = optionalData2
    }

    enum CodingKeys: String, CodingKey {
        case format, documentCode, issuingState, surname, givenNames, documentNumber, nationality, birthDate, sex
        case expiryDate, optionalData, optionalData2
    }

    /// Decodes the `kordon mrz make` JSON; missing `documentCode` is P (TD3), V (visas) or I, missing `nationality` is the issuing state, missing `sex` is `<`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        format = try container.decode(MRZFormat.self, forKey: .format)
        documentCode = try container.decodeIfPresent(String.self, forKey: .documentCode)
            ?? (format.isVisa ? "V" : (format == .td3 ? "P" : "I"))
        issuingState = try container.decode(String.self, forKey: .issuingState)
        surname = try container.decode(String.self, forKey: .surname)
        givenNames = try container.decodeIfPresent(String.self, forKey: .givenNames) ?? ""
        documentNumber = try container.decode(String.self, forKey: .documentNumber)
        nationality = try container.decodeIfPresent(String.self, forKey: .nationality) ?? issuingState
        birthDate = try container.decode(String.self, forKey: .birthDate)
        sex = try container.decodeIfPresent(String.self, forKey: .sex) ?? "<"
        expiryDate = try container.decode(String.self, forKey: .expiryDate)
        optionalData = try container.decodeIfPresent(String.self, forKey: .optionalData) ?? ""
        optionalData2 = try container.decodeIfPresent(String.self, forKey: .optionalData2) ?? ""
    }
}

/// Builds machine-readable zones from fields: check digits, fillers, long document numbers and name
/// truncation as ICAO 9303 prescribes.
public enum MRZGenerator {
    /// The MRZ lines for `fields`; throws `MRZError` naming the field that cannot be written.
    public static func make(_ fields: MRZFields) throws -> [String] {
        let format = fields.format
        let layout = MRZLayout.of(format)
        let length = format.lineLength
        var lines = [[UInt8]](repeating: [UInt8](repeating: 0x3C, count: length), count: format.lineCount)

        func put(_ bytes: [UInt8], _ line: Int, _ column: Int) {
            for (offset, byte) in bytes.enumerated() { lines[line - 1][column - 1 + offset] = byte }
        }
        func digit(_ value: Int) -> [UInt8] { [UInt8(0x30 + value)] }
        func check(_ bytes: [UInt8]) -> Int {
            var accumulator = CheckDigit.Accumulator()
            for byte in bytes { accumulator.add(byte) }
            return accumulator.digit
        }

        let code = try field(fields.documentCode, .documentCode, maximum: 2, letters: true)
        guard let first = code.first, (0x41...0x5A).contains(first) else {
            throw MRZError(.invalidCode, field: .documentCode, message: "document code must start with a letter")
        }
        if format != .td1, (first == UInt8(ascii: "V")) != format.isVisa {
            throw MRZError(.formatMismatch, field: .documentCode,
                           message: "visas (MRVA, MRVB) have code V; TD2 and TD3 codes must not start with V")
        }
        put(code, 1, 1)
        put(try countryCode(fields.issuingState, .issuingState), 1, 3)
        put(try countryCode(fields.nationality, .nationality), layout.nationality.line, layout.nationality.column)
        put(try nameField(surname: fields.surname, givenNames: fields.givenNames, length: layout.name.count),
            layout.name.line, layout.name.column)

        let birth = try date(fields.birthDate, .birthDate)
        put(birth, layout.birthDate.line, layout.birthDate.column)
        put(digit(check(birth)), layout.birthDateCheck.line, layout.birthDateCheck.column)
        let expiry = try date(fields.expiryDate, .expiryDate)
        put(expiry, layout.expiryDate.line, layout.expiryDate.column)
        put(digit(check(expiry)), layout.expiryDateCheck.line, layout.expiryDateCheck.column)

        let sex: UInt8
        switch fields.sex.uppercased() {
        case "M": sex = UInt8(ascii: "M")
        case "F": sex = UInt8(ascii: "F")
        case "X", "<", "": sex = 0x3C
        default: throw MRZError(.invalidSex, field: .sex, message: "sex must be M, F, X or <")
        }
        put([sex], layout.sex.line, layout.sex.column)

        // Document number and optional data, with the long-number rule for TD1 (Part 5) and TD2 (Part 6).
        let number = try field(fields.documentNumber, .documentNumber, maximum: 9 + 14, letters: false)
            .filter { $0 != 0x3C }
        guard !number.isEmpty else {
            throw MRZError(.invalidLength, field: .documentNumber, message: "document number is empty")
        }
        var optional = try field(fields.optionalData, .optionalData, maximum: layout.optionalData.count,
                                 letters: false)
        if number.count <= 9 {
            put(number, layout.documentNumber.line, layout.documentNumber.column)
            put(digit(check(number)), layout.documentNumberCheck.line, layout.documentNumberCheck.column)
        } else {
            guard format == .td1 || format == .td2 else {
                throw MRZError(.tooLong, field: .documentNumber,
                               message: "at most 9 characters in \(format.rawValue) (long numbers: TD1, TD2 only)")
            }
            let overflow = Array(number[9...])
            var tail = overflow + digit(check(number))
            if !optional.isEmpty { tail += [0x3C] + optional }
            guard tail.count <= layout.optionalData.count else {
                throw MRZError(.tooLong, field: .documentNumber,
                               message: "long document number and optional data exceed \(layout.optionalData.count) positions")
            }
            put(Array(number[0..<9]), layout.documentNumber.line, layout.documentNumber.column)
            put([0x3C], layout.documentNumberCheck.line, layout.documentNumberCheck.column)
            optional = tail
        }
        put(optional, layout.optionalData.line, layout.optionalData.column)
        if let position = layout.optionalDataCheck {
            let slice = Array(lines[position.line - 1][(layout.optionalData.column - 1)..<(position.column - 1)])
            let value: [UInt8] = slice.allSatisfy { $0 == 0x3C } ? [0x3C] : digit(check(slice))
            put(value, position.line, position.column)
        }
        if let range = layout.optionalData2 {
            put(try field(fields.optionalData2, .optionalData2, maximum: range.count, letters: false),
                range.line, range.column)
        } else if !fields.optionalData2.isEmpty {
            throw MRZError(.formatMismatch, field: .optionalData2, message: "only TD1 has a second optional data field")
        }
        if let position = layout.composite {
            var accumulator = CheckDigit.Accumulator()
            for range in layout.compositeRanges {
                for byte in lines[range.line - 1][(range.column - 1)..<(range.column - 1 + range.count)] {
                    accumulator.add(byte)
                }
            }
            put(digit(accumulator.digit), position.line, position.column)
        }
        return lines.map { String(decoding: $0, as: UTF8.self) }
    }

    /// The name field, ICAO 9303 Part 3 §4.6: `PRIMARY<<SECONDARY<NAMES`, padded with `<`. When it does not
    /// fit, the secondary identifier is cut at the last position (so the last position holds a letter, the
    /// sign of a possibly truncated name); when the primary identifier alone does not leave room for `<<` and
    /// one letter, it is cut to `length - 3` and only the first initial of the secondary identifier follows.
    public static func nameField(surname: String, givenNames: String, length: Int) throws -> [UInt8] {
        let primary = Array(Transliteration.mrzFiller(Transliteration.transliterate(surname, standard: .icao9303)).utf8)
        let secondary = Array(
            Transliteration.mrzFiller(Transliteration.transliterate(givenNames, standard: .icao9303)).utf8)
        guard !primary.isEmpty || !secondary.isEmpty else {
            throw MRZError(.emptyName, field: .name, message: "name has no letters")
        }
        var name = primary
        if !secondary.isEmpty { name += [0x3C, 0x3C] + secondary }
        if name.count > length {
            if secondary.isEmpty || primary.count + 3 <= length {
                name = Array(name[0..<length])
                while name.last == 0x3C { name.removeLast() }
            } else {
                name = Array(primary[0..<(length - 3)])
                while name.last == 0x3C { name.removeLast() }
                name += [0x3C, 0x3C, secondary[0]]
            }
        }
        return name + [UInt8](repeating: 0x3C, count: length - name.count)
    }

    private static func field(_ text: String, _ field: MRZField, maximum: Int, letters: Bool) throws -> [UInt8] {
        var bytes: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case 0x61...0x7A: bytes.append(byte - 0x20)
            case 0x41...0x5A, 0x3C: bytes.append(byte)
            case 0x30...0x39 where !letters: bytes.append(byte)
            case 0x20, 0x2D: bytes.append(0x3C)
            default:
                throw MRZError(.invalidCharacters, field: field,
                               message: letters ? "only letters A-Z allowed" : "only A-Z, 0-9, < and spaces allowed")
            }
            if bytes.count > maximum {
                throw MRZError(.tooLong, field: field, message: "at most \(maximum) characters")
            }
        }
        while bytes.last == 0x3C { bytes.removeLast() }
        return bytes
    }

    private static func countryCode(_ text: String, _ field: MRZField) throws -> [UInt8] {
        let code = try self.field(text, field, maximum: 3, letters: true)
        guard !code.isEmpty else { throw MRZError(.invalidCode, field: field, message: "1-3 letters required") }
        return code
    }

    private static func date(_ text: String, _ field: MRZField) throws -> [UInt8] {
        let bytes = Array(text.utf8)
        guard bytes.count == 6, bytes.allSatisfy({ (0x30...0x39).contains($0) || $0 == 0x3C }) else {
            throw MRZError(.invalidDate, field: field, message: "date must be YYMMDD (digits, < for unknown)")
        }
        return bytes
    }
}

extension MRZ {
    /// The MRZ lines for `fields` (see `MRZGenerator.make`).
    public static func make(_ fields: MRZFields) throws -> [String] { try MRZGenerator.make(fields) }
}
