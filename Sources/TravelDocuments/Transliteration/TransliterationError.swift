/// A name that cannot be written in the Latin letters of an MRZ, or only with letters missing.
///
/// Carries positions and counts, never the name itself (STYLE.md §4).
public struct TransliterationError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// Some letters belong to a script no supported standard covers (e.g. Chinese, Thai) or are letters a
        /// table leaves out (Arabic ڤ is not encoded by ICAO 9303 table C): the result would lack them.
        public static let lettersWithoutLatinForm = Code(rawValue: "letters_without_latin_form")
        /// The text has letters, and none of them has a Latin form: the result would be empty.
        public static let noLatinForm = Code(rawValue: "no_latin_form")
    }

    public let code: Code
    /// Letters without a Latin form.
    public let count: Int
    /// Letters in the text.
    public let letterCount: Int
    /// Position (0-based, in Unicode scalars) of the first letter without a Latin form.
    public let position: Int
    /// What the other letters give, for a caller that accepts a partial form after a person has looked at it.
    public let partial: String

    public var description: String {
        "\(code): \(count) of \(letterCount) letters have no Latin form (first at position \(position))"
    }
}
