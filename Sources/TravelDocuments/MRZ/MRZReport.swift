import Foundation

/// The JSON shape of a parsed MRZ shared by `kordon mrz parse` and `POST /v1/documents/mrz`.
///
/// Keys: `format` (TD1|TD2|TD3|MRVA|MRVB), `documentCode`, `issuingState`, `surname`, `givenNames`,
/// `documentNumber`, `nationality`, `birthDate` and `expiryDate` (YYMMDD as printed), `sex` (M|F|X),
/// `optionalData`, `optionalData2` (TD1 line 2), `checks` (only the digits the format has), `valid`,
/// `problems` (`{field, line, column, message, code}`), and in lenient mode `repairs`. Also: `warnings`,
/// `birthDateISO` / `expiryDateISO` (the dates with the century resolved), `issuingStateName`,
/// `nationalityName`. Field keys are always present, `null` when the structure could not be read.
public struct MRZReport: Codable, Hashable, Sendable {
    /// `TD1`, `TD2`, `TD3`, `MRVA`, `MRVB`; null when the structure could not be read.
    public var format: MRZFormat?
    /// Positions 1-2, fillers removed.
    public var documentCode: String?
    /// Issuing state code, fillers removed.
    public var issuingState: String?
    /// Primary identifier.
    public var surname: String?
    /// Secondary identifiers, space-separated.
    public var givenNames: String?
    /// Document number (long TD1/TD2 numbers in full).
    public var documentNumber: String?
    /// Nationality code, fillers removed.
    public var nationality: String?
    /// YYMMDD as printed.
    public var birthDate: String?
    /// YYMMDD as printed.
    public var expiryDate: String?
    /// `M`, `F` or `X` (`<` in the MRZ), or the character printed when it is none of these.
    public var sex: String?
    /// Optional data / personal number, trailing fillers removed.
    public var optionalData: String?
    /// TD1 line-2 optional data; null for other formats.
    public var optionalData2: String?
    /// Each check digit the format has; `{}` when the structure could not be read.
    public var checks: MRZChecks?
    /// Whether the zone is valid (see `MRZParseResult.isValid`).
    public var valid: Bool
    /// What makes it invalid.
    public var problems: [MRZProblem]
    /// Lenient mode only: the repairs made.
    public var repairs: [MRZRepair]?
    /// Unknown codes, possibly truncated name.
    public var warnings: [MRZProblem]
    /// Birth date with the century resolved (`YYYY-MM-DD`, less when day/month unknown).
    public var birthDateISO: String?
    /// Expiry date with the century resolved.
    public var expiryDateISO: String?
    /// English name of the issuing state, when the code is known.
    public var issuingStateName: String?
    /// English name of the nationality code, when known.
    public var nationalityName: String?

    /// The report of a parse; `repairs` is included when `mode` is lenient.
    public init(_ result: MRZParseResult, mode: MRZParseMode) {
        let document = result.document
        format = result.format
        documentCode = document?.documentCode
        issuingState = document?.issuingState.code
        surname = document?.surname
        givenNames = document?.givenNames
        documentNumber = document?.documentNumber
        nationality = document?.nationality.code
        birthDate = document?.birthDate.raw
        expiryDate = document?.expiryDate.raw
        sex = document.map { $0.sex?.rawValue ?? $0.sexCharacter }
        optionalData = document?.optionalData
        optionalData2 = document?.optionalData2
        checks = result.checks
        valid = result.isValid
        problems = result.problems
        repairs = mode == .lenient ? result.repairs : nil
        warnings = result.warnings
        birthDateISO = document?.birthDate.iso8601
        expiryDateISO = document?.expiryDate.iso8601
        issuingStateName = document?.issuingState.name
        nationalityName = document?.nationality.name
    }

    /// Parses `lines` and reports: what `POST /v1/documents/mrz` and `kordon mrz parse` return for one zone.
    public init(lines: [String], mode: MRZParseMode, asOf: Date) {
        self.init(MRZ.parse(lines, mode: mode, asOf: asOf), mode: mode)
    }

    enum CodingKeys: String, CodingKey {
        case format, documentCode, issuingState, surname, givenNames, documentNumber, nationality, birthDate
        case expiryDate, sex, optionalData, optionalData2, checks, valid, problems, repairs, warnings
        case birthDateISO, expiryDateISO, issuingStateName, nationalityName
    }

    /// Encodes every field key, `null` when absent, so clients see a fixed shape.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(format, forKey: .format)
        try container.encode(documentCode, forKey: .documentCode)
        try container.encode(issuingState, forKey: .issuingState)
        try container.encode(surname, forKey: .surname)
        try container.encode(givenNames, forKey: .givenNames)
        try container.encode(documentNumber, forKey: .documentNumber)
        try container.encode(nationality, forKey: .nationality)
        try container.encode(birthDate, forKey: .birthDate)
        try container.encode(expiryDate, forKey: .expiryDate)
        try container.encode(sex, forKey: .sex)
        try container.encode(optionalData, forKey: .optionalData)
        try container.encode(optionalData2, forKey: .optionalData2)
        if let checks {
            try container.encode(checks, forKey: .checks)
        } else {
            try container.encode([String: Bool](), forKey: .checks)
        }
        try container.encode(valid, forKey: .valid)
        try container.encode(problems, forKey: .problems)
        try container.encodeIfPresent(repairs, forKey: .repairs)
        try container.encode(warnings, forKey: .warnings)
        try container.encode(birthDateISO, forKey: .birthDateISO)
        try container.encode(expiryDateISO, forKey: .expiryDateISO)
        try container.encode(issuingStateName, forKey: .issuingStateName)
        try container.encode(nationalityName, forKey: .nationalityName)
    }
}

/// Turns a stream of text lines into MRZ reports: blocks of lines separated by a blank line, one JSON line per
/// block. The logic of `kordon mrz parse`, kept here so it is tested without a process.
public struct MRZBlockReader: Sendable {
    /// Lines kept per block; the rest of a longer block is dropped (the parse reports the line count).
    public static let maximumLinesPerBlock = 16

    /// The parser applied to each block.
    public let parser: MRZParser
    private var block: [String] = []
    private var extraLines = 0
    /// The block was parsed and is emptied when the next line comes: its parse shares the lines until then.
    private var blockEnded = false

    /// A reader that parses each block with `parser`.
    public init(parser: MRZParser) { self.parser = parser }

    /// Feeds one line (without its line break); returns a JSON line when the line ends a block.
    public mutating func feed(_ line: String) -> String? {
        accept(line).map { MRZReport.jsonLine(of: $0, mode: parser.mode) }
    }

    /// Ends the current block (at end of input); nil when no block is open.
    public mutating func finish() -> String? {
        endBlock().map { MRZReport.jsonLine(of: $0, mode: parser.mode) }
    }

    /// Feeds one line; when it ends a block, appends the block's JSON line and a line break to `out` and
    /// returns whether the zone is valid. The byte path of `kordon mrz parse`.
    public mutating func feed(_ line: String, appendingTo out: inout [UInt8]) -> Bool? {
        guard let result = accept(line) else { return nil }
        return Self.write(result, mode: parser.mode, to: &out)
    }

    /// Ends the current block, appending its JSON line and a line break to `out`; nil when no block is open.
    public mutating func finish(appendingTo out: inout [UInt8]) -> Bool? {
        guard let result = endBlock() else { return nil }
        return Self.write(result, mode: parser.mode, to: &out)
    }

    private static func write(_ result: MRZParseResult, mode: MRZParseMode, to out: inout [UInt8]) -> Bool {
        MRZReport.writeJSON(of: result, mode: mode, into: &out)
        out.append(0x0A)
        return result.isValid
    }

    /// Keeps a line of the open block, or ends the block at a blank line and returns its parse.
    private mutating func accept(_ line: String) -> MRZParseResult? {
        // On the UTF-8 bytes: `Character` comparisons break graphemes, which cost more per line than the parse.
        let body = line.utf8.last == 0x0D ? line.utf8.dropLast() : line.utf8[...]
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return endBlock() }
        var text = line
        if text.utf8.last == 0x0D { text.removeLast() }
        if blockEnded {
            // The last block's parse is written and gone: the array is unshared again and keeps its storage.
            block.removeAll(keepingCapacity: true)
            blockEnded = false
        }
        if block.count < Self.maximumLinesPerBlock {
            block.append(text)
        } else {
            extraLines += 1
        }
        return nil
    }

    private mutating func endBlock() -> MRZParseResult? {
        guard !block.isEmpty, !blockEnded else { return nil }
        blockEnded = true
        extraLines = 0
        return parser.parse(block)
    }

    /// All JSON lines for a whole input text.
    public static func process(_ text: String, parser: MRZParser) -> [String] {
        var reader = MRZBlockReader(parser: parser)
        var output: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if let json = reader.feed(String(line)) { output.append(json) }
        }
        if let json = reader.finish() { output.append(json) }
        return output
    }
}
