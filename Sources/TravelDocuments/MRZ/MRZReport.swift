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
    public var format: MRZFormat?
    public var documentCode: String?
    public var issuingState: String?
    public var surname: String?
    public var givenNames: String?
    public var documentNumber: String?
    public var nationality: String?
    public var birthDate: String?
    public var expiryDate: String?
    public var sex: String?
    public var optionalData: String?
    public var optionalData2: String?
    public var checks: MRZChecks?
    public var valid: Bool
    public var problems: [MRZProblem]
    public var repairs: [MRZRepair]?
    public var warnings: [MRZProblem]
    public var birthDateISO: String?
    public var expiryDateISO: String?
    public var issuingStateName: String?
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

    enum CodingKeys: String, CodingKey {
        case format, documentCode, issuingState, surname, givenNames, documentNumber, nationality, birthDate
        case expiryDate, sex, optionalData, optionalData2, checks, valid, problems, repairs, warnings
        case birthDateISO, expiryDateISO, issuingStateName, nationalityName
    }

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

    /// One JSON object on one line (keys sorted, so output is byte-for-byte reproducible).
    public func jsonLine() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// Turns a stream of text lines into MRZ reports: blocks of lines separated by a blank line, one JSON line per
/// block. The logic of `kordon mrz parse`, kept here so it is tested without a process.
public struct MRZBlockReader: Sendable {
    /// Lines kept per block; the rest of a longer block is dropped (the parse reports the line count).
    public static let maximumLinesPerBlock = 16

    public let parser: MRZParser
    private var block: [String] = []
    private var extraLines = 0

    public init(parser: MRZParser) { self.parser = parser }

    /// Feeds one line (without its line break); returns a JSON line when the line ends a block.
    public mutating func feed(_ line: String) -> String? {
        var text = line
        if text.hasSuffix("\r") { text.removeLast() }
        if text.allSatisfy({ $0 == " " || $0 == "\t" }) { return finish() }
        if block.count < Self.maximumLinesPerBlock {
            block.append(text)
        } else {
            extraLines += 1
        }
        return nil
    }

    /// Ends the current block (at end of input); nil when no block is open.
    public mutating func finish() -> String? {
        guard !block.isEmpty else { return nil }
        let lines = block
        block.removeAll()
        extraLines = 0
        return MRZReport(parser.parse(lines), mode: parser.mode).jsonLine()
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
