/// What a problem, a warning or a repair is about. Raw values are the `field` vocabulary of the shared MRZ
/// vectors (`shared/testdata/mrz/README.md`) and of the CLI and HTTP JSON.
public enum MRZField: String, Sendable, Codable, Hashable, CaseIterable {
    // Structure: the zone cannot be read into fields.
    case lineCount, lineLength, format, characters
    // Fields.
    case documentCode, issuingState, name, documentNumber, nationality, birthDate, sex, expiryDate
    case optionalData, optionalData2, composite
}

/// One thing wrong with a zone: which field, where (1-based line and column), and why.
///
/// Messages name positions, expected and found formats and check digits, never the holder's data.
public struct MRZProblem: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Stable codes to match on (the message text may change).
    public enum Code: String, Sendable, Codable, Hashable {
        case wrongLineCount, wrongLineLength, unknownFormat, illegalCharacter, lowercase
        case checkDigitMismatch, impossibleDate, invalidSex, invalidCode, digitInName, invalidDocumentCode
        /// Warning: a well-formed code that is not in the ICAO 9303 list.
        case unknownCode
        /// Lenient mode: two different repairs would both validate, so none was applied.
        case ambiguousRepair
        /// Warning: the name field is full, so the name may have been truncated (ICAO 9303 Part 3 §4.6).
        case possiblyTruncatedName
    }

    /// Stable code to match on.
    public let code: Code
    /// The field concerned (the shared vectors' vocabulary).
    public let field: MRZField
    /// Line, from 1.
    public let line: Int
    /// Column (character position), from 1.
    public let column: Int
    /// What is wrong, for people: positions, expected vs found check digit; never personal data.
    public let message: String

    /// A problem at a position.
    public init(_ code: Code, field: MRZField, line: Int, column: Int, message: String) {
        self.code = code
        self.field = field
        self.line = line
        self.column = column
        self.message = message
    }

    /// `field at line L, column C: message`.
    public var description: String { "\(field.rawValue) at line \(line), column \(column): \(message)" }

    enum CodingKeys: String, CodingKey { case field, line, column, message, code }
}

/// A change lenient mode made to OCR input before reading it.
public struct MRZRepair: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The field concerned (the shared vectors' vocabulary).
    public let field: MRZField
    /// Line, from 1.
    public let line: Int
    /// Column (character position), from 1.
    public let column: Int
    /// The character read (or a short description such as `"·"` for a removed space).
    public let from: String
    /// The character used instead.
    public let to: String
    /// What is wrong, for people: positions, expected vs found check digit; never personal data.
    public let message: String

    /// A repair at a position.
    public init(field: MRZField, line: Int, column: Int, from: String, to: String, message: String) {
        self.field = field
        self.line = line
        self.column = column
        self.from = from
        self.to = to
        self.message = message
    }

    /// `field at line L, column C: from → to (message)`.
    public var description: String { "\(field.rawValue) at line \(line), column \(column): \(from) → \(to) (\(message))" }
}
