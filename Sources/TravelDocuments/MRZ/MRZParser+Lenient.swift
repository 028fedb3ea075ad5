// MARK: - Lenient mode: OCR input

/// The character class of a position, which decides how an OCR confusion is repaired.
enum MRZCharacterClass {
    /// Dates, check digits: digits (and `<` where 9303 allows unknown or empty).
    case numeric
    /// Codes and names: letters and `<`.
    case alphabetic
    /// Document numbers and optional data: repaired only through their check digits.
    case alphanumeric
}

extension MRZLayout {
    /// The field and character class of a position (1-based).
    func classify(_ line: Int, _ column: Int, format: MRZFormat) -> (MRZField, MRZCharacterClass) {
        func inRange(_ range: Range) -> Bool {
            line == range.line && column >= range.column && column < range.column + range.count
        }
        func at(_ position: Position?) -> Bool { position.map { $0.line == line && $0.column == column } ?? false }
        if line == 1, column <= 2 { return (.documentCode, .alphabetic) }
        if line == 1, (3...5).contains(column) { return (.issuingState, .alphabetic) }
        if line == nationality.line, (nationality.column..<(nationality.column + 3)).contains(column) {
            return (.nationality, .alphabetic)
        }
        if inRange(name) { return (.name, .alphabetic) }
        if inRange(documentNumber) { return (.documentNumber, .alphanumeric) }
        if at(documentNumberCheck) { return (.documentNumber, .numeric) }
        if inRange((birthDate.line, birthDate.column, 6)) || at(birthDateCheck) { return (.birthDate, .numeric) }
        if inRange((expiryDate.line, expiryDate.column, 6)) || at(expiryDateCheck) { return (.expiryDate, .numeric) }
        if at(sex) { return (.sex, .alphabetic) }
        if inRange(optionalData) { return (.optionalData, .alphanumeric) }
        if at(optionalDataCheck) { return (.optionalData, .numeric) }
        if let range = optionalData2, inRange(range) { return (.optionalData2, .alphanumeric) }
        if at(composite) { return (.composite, .numeric) }
        return (.characters, .alphanumeric)
    }
}

/// OCR confusions, ICAO 9303-agnostic: what a letter in a digit position and a digit in a letter position
/// most likely were.
enum OCRConfusion {
    static func digit(for letter: UInt8) -> UInt8? {
        switch letter {
        case UInt8(ascii: "O"), UInt8(ascii: "Q"), UInt8(ascii: "D"): return UInt8(ascii: "0")
        case UInt8(ascii: "I"), UInt8(ascii: "L"): return UInt8(ascii: "1")
        case UInt8(ascii: "Z"): return UInt8(ascii: "2")
        case UInt8(ascii: "S"): return UInt8(ascii: "5")
        case UInt8(ascii: "G"): return UInt8(ascii: "6")
        case UInt8(ascii: "B"): return UInt8(ascii: "8")
        default: return nil
        }
    }

    static func letter(for digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0"): return UInt8(ascii: "O")
        case UInt8(ascii: "1"): return UInt8(ascii: "I")
        case UInt8(ascii: "2"): return UInt8(ascii: "Z")
        case UInt8(ascii: "5"): return UInt8(ascii: "S")
        case UInt8(ascii: "6"): return UInt8(ascii: "G")
        case UInt8(ascii: "8"): return UInt8(ascii: "B")
        default: return nil
        }
    }

    /// The other reading of an alphanumeric character, for check-digit-guided repair.
    static func partner(of byte: UInt8) -> UInt8? { digit(for: byte) ?? letter(for: byte) }

    /// Latin letters for the Cyrillic and Greek capitals an OCR engine may return for them.
    static func latin(forLookalike value: UInt32) -> UInt8? {
        switch value {
        case 0x410, 0x391: return UInt8(ascii: "A")
        case 0x412, 0x392: return UInt8(ascii: "B")
        case 0x421: return UInt8(ascii: "C")
        case 0x415, 0x395: return UInt8(ascii: "E")
        case 0x41D, 0x397: return UInt8(ascii: "H")
        case 0x406, 0x399: return UInt8(ascii: "I")
        case 0x41A, 0x39A: return UInt8(ascii: "K")
        case 0x41C, 0x39C: return UInt8(ascii: "M")
        case 0x39D: return UInt8(ascii: "N")
        case 0x41E, 0x39F: return UInt8(ascii: "O")
        case 0x420, 0x3A1: return UInt8(ascii: "P")
        case 0x422, 0x3A4: return UInt8(ascii: "T")
        case 0x425, 0x3A7: return UInt8(ascii: "X")
        case 0x423, 0x3A5: return UInt8(ascii: "Y")
        case 0x396: return UInt8(ascii: "Z")
        default: return nil
        }
    }
}

extension MRZParser {
    /// Lenient reading (ICAO 9303 zones as an OCR engine returns them):
    /// 1. blank lines dropped, lines trimmed; `«`, `‹` and other punctuation read as `<`, lower case as upper
    ///    case, Cyrillic/Greek look-alike capitals as Latin;
    /// 2. spaces read as `<` when that gives the format's length, removed when removing them does;
    ///    short lines padded with `<`, trailing `<` beyond the length dropped;
    /// 3. letters in digit-only positions (dates, check digits) and digits in letter-only positions (codes,
    ///    names) replaced by their usual confusion (O→0, I→1, B→8, S→5, Z→2, G→6 and back); a `K` among the
    ///    name field's trailing fillers read as `<`;
    /// 4. a document number or TD3 personal number whose check digit fails is repaired only if exactly one
    ///    single-character confusion makes its check digit (and the composite) verify; if several do, nothing
    ///    is changed and an `ambiguousRepair` problem says so.
    /// Every change is listed in `repairs`; the repaired lines are then read strictly.
    func parseLenient(_ input: [String]) -> MRZParseResult {
        var repairs: [MRZRepair] = []
        // 1. Lines: trimmed, blank ones dropped, bounded.
        var scalarLines: [[UInt32]] = []
        for line in input.prefix(8) {
            var scalars = Array(line.unicodeScalars.prefix(Self.maximumLineLength).map(\.value))
            while let last = scalars.last, last == 0x20 || last == 0x09 || last == 0x0D { scalars.removeLast() }
            while let first = scalars.first, first == 0x20 || first == 0x09 { scalars.removeFirst() }
            if !scalars.isEmpty { scalarLines.append(scalars) }
        }
        let count = scalarLines.count
        let longest = scalarLines.map(\.count).max() ?? 0
        let target: Int? = count == 3 ? 30 : (count == 2 ? (longest >= 40 ? 44 : 36) : nil)

        var lines: [[UInt8]] = []
        for (index, scalars) in scalarLines.enumerated() {
            let lineNumber = index + 1
            let spaces = scalars.reduce(0) { $0 + ($1 == 0x20 || $1 == 0x09 ? 1 : 0) }
            let removeSpaces = spaces > 0 && target != nil && scalars.count != target && scalars.count - spaces == target
            var bytes: [UInt8] = []
            bytes.reserveCapacity(scalars.count)
            for value in scalars {
                let column = bytes.count + 1
                switch value {
                case 0x41...0x5A, 0x30...0x39, 0x3C:
                    bytes.append(UInt8(value))
                case 0x61...0x7A:
                    bytes.append(UInt8(value - 0x20))
                    repairs.append(MRZRepair(field: .characters, line: lineNumber, column: column,
                                             from: String(UnicodeScalar(UInt8(value))), to: String(UnicodeScalar(UInt8(value - 0x20))),
                                             message: "lower case read as upper case"))
                case 0x20, 0x09:
                    if removeSpaces {
                        repairs.append(MRZRepair(field: .characters, line: lineNumber, column: column, from: " ",
                                                 to: "", message: "space removed"))
                    } else {
                        bytes.append(0x3C)
                        repairs.append(MRZRepair(field: .characters, line: lineNumber, column: column, from: " ",
                                                 to: "<", message: "space read as filler"))
                    }
                default:
                    let shown = Unicode.Scalar(value).map { String(Character($0)) } ?? "?"
                    if let latin = OCRConfusion.latin(forLookalike: value) {
                        bytes.append(latin)
                        repairs.append(MRZRepair(field: .characters, line: lineNumber, column: column, from: shown,
                                                 to: String(UnicodeScalar(latin)),
                                                 message: "look-alike letter read as Latin"))
                    } else {
                        bytes.append(0x3C)
                        repairs.append(MRZRepair(field: .characters, line: lineNumber, column: column, from: shown,
                                                 to: "<", message: "character read as filler"))
                    }
                }
            }
            if let target {
                if bytes.count < target {
                    repairs.append(MRZRepair(field: .lineLength, line: lineNumber, column: bytes.count + 1, from: "",
                                             to: String(repeating: "<", count: target - bytes.count),
                                             message: "short line padded with fillers"))
                    bytes += [UInt8](repeating: 0x3C, count: target - bytes.count)
                } else if bytes.count > target, bytes[target...].allSatisfy({ $0 == 0x3C }) {
                    repairs.append(MRZRepair(field: .lineLength, line: lineNumber, column: target + 1,
                                             from: String(repeating: "<", count: bytes.count - target), to: "",
                                             message: "extra fillers dropped"))
                    bytes.removeSubrange(target...)
                }
            }
            lines.append(bytes)
        }

        var problems: [MRZProblem] = []
        if let target, lines.allSatisfy({ $0.count == target }),
           let format = MRZFormat.detect(lineCount: count, lineLength: target, firstCharacter: lines[0][0])
        {
            repairClasses(&lines, format: format, repairs: &repairs)
            repairFillerK(&lines, format: format, repairs: &repairs)
            repairByCheckDigits(&lines, format: format, repairs: &repairs, problems: &problems)
        }
        let repaired = lines.map { String(decoding: $0, as: UTF8.self) }
        return parseStrict(repaired, repairs: repairs, extraProblems: problems)
    }

    /// Step 3: letters in numeric positions, digits in alphabetic positions.
    private func repairClasses(_ lines: inout [[UInt8]], format: MRZFormat, repairs: inout [MRZRepair]) {
        let layout = MRZLayout.of(format)
        for line in 1...lines.count {
            for column in 1...lines[line - 1].count {
                let byte = lines[line - 1][column - 1]
                let (field, kind) = layout.classify(line, column, format: format)
                let replacement: UInt8?
                switch kind {
                case .numeric: replacement = (0x41...0x5A).contains(byte) ? OCRConfusion.digit(for: byte) : nil
                case .alphabetic: replacement = (0x30...0x39).contains(byte) ? OCRConfusion.letter(for: byte) : nil
                case .alphanumeric: replacement = nil
                }
                guard let replacement else { continue }
                lines[line - 1][column - 1] = replacement
                repairs.append(MRZRepair(
                    field: field, line: line, column: column, from: String(UnicodeScalar(byte)),
                    to: String(UnicodeScalar(replacement)),
                    message: kind == .numeric ? "letter in a digit-only field" : "digit in a letter-only field"))
            }
        }
    }

    /// Step 3b: OCR engines often read the filler `<` as `K`. In the name field's trailing filler region — a `K`
    /// after two fillers with nothing but fillers and `K`s up to the end of the field — it is read as `<`, but
    /// only where no name can stand: after three fillers, or after a second `<<` (9303 Part 3 §4.6 has one
    /// `<<`, between primary and secondary identifiers; given names are joined by single fillers). A lone
    /// `K` right after the only `<<` is a one-letter given name (`SMITH<<K<<<`) and is kept.
    private func repairFillerK(_ lines: inout [[UInt8]], format: MRZFormat, repairs: inout [MRZRepair]) {
        let range = MRZLayout.of(format).name
        let line = range.line - 1
        let start = range.column - 1
        let end = start + range.count
        var tail = end
        while tail > start, lines[line][tail - 1] == 0x3C || lines[line][tail - 1] == 0x4B { tail -= 1 }
        guard tail < end else { return }
        for index in max(tail, start + 2)..<end where lines[line][index] == 0x4B {
            guard lines[line][index - 1] == 0x3C, lines[line][index - 2] == 0x3C else { continue }
            let afterThreeFillers = index - 3 >= start && lines[line][index - 3] == 0x3C
            let afterSecondSeparator = (start..<max(start, index - 3)).contains { position in
                lines[line][position] == 0x3C && lines[line][position + 1] == 0x3C
            }
            guard afterThreeFillers || afterSecondSeparator else { continue }
            lines[line][index] = 0x3C
            repairs.append(MRZRepair(field: .name, line: range.line, column: index + 1, from: "K", to: "<",
                                     message: "K in the trailing fillers read as <"))
        }
    }

    /// Step 4: single confusions in alphanumeric fields, accepted only when exactly one makes the digits verify.
    private func repairByCheckDigits(
        _ lines: inout [[UInt8]], format: MRZFormat, repairs: inout [MRZRepair], problems: inout [MRZProblem]
    ) {
        let layout = MRZLayout.of(format)
        var targets: [(MRZLayout.Range, MRZLayout.Position, MRZField)] = []
        let numberCheck = lines[layout.documentNumberCheck.line - 1][layout.documentNumberCheck.column - 1]
        if numberCheck != 0x3C {  // long TD1/TD2 numbers are not repaired
            targets.append((layout.documentNumber, layout.documentNumberCheck, .documentNumber))
        }
        if let position = layout.optionalDataCheck {
            targets.append((layout.optionalData, position, .optionalData))
        }
        for (range, position, field) in targets {
            guard !verifies(lines, range, position) else { continue }
            var candidates: [(Int, UInt8)] = []
            for column in range.column..<(range.column + range.count) {
                guard let partner = OCRConfusion.partner(of: lines[range.line - 1][column - 1]) else { continue }
                var trial = lines
                trial[range.line - 1][column - 1] = partner
                if verifies(trial, range, position), compositeVerifies(trial, layout: layout) {
                    candidates.append((column, partner))
                    if candidates.count > 4 { break }
                }
            }
            if candidates.count == 1, let (column, partner) = candidates.first {
                let from = lines[range.line - 1][column - 1]
                lines[range.line - 1][column - 1] = partner
                repairs.append(MRZRepair(field: field, line: range.line, column: column,
                                         from: String(UnicodeScalar(from)), to: String(UnicodeScalar(partner)),
                                         message: "only confusion that makes the check digit verify"))
            } else if candidates.count > 1 {
                problems.append(MRZProblem(.ambiguousRepair, field: field, line: range.line, column: range.column,
                                           message: "\(candidates.count) different repairs would verify; none applied"))
            }
        }
    }

    private func verifies(_ lines: [[UInt8]], _ range: MRZLayout.Range, _ position: MRZLayout.Position) -> Bool {
        var accumulator = CheckDigit.Accumulator()
        for byte in lines[range.line - 1][(range.column - 1)..<(range.column - 1 + range.count)] {
            accumulator.add(byte)
        }
        return Int(lines[position.line - 1][position.column - 1]) == 0x30 + accumulator.digit
    }

    private func compositeVerifies(_ lines: [[UInt8]], layout: MRZLayout) -> Bool {
        guard let position = layout.composite else { return true }
        var accumulator = CheckDigit.Accumulator()
        for range in layout.compositeRanges {
            for byte in lines[range.line - 1][(range.column - 1)..<(range.column - 1 + range.count)] {
                accumulator.add(byte)
            }
        }
        return Int(lines[position.line - 1][position.column - 1]) == 0x30 + accumulator.digit
    }
}
