import Foundation
@testable import Services
import Testing

/// The manifest path's own whitespace trimming must keep `CharacterSet.whitespaces`' meaning exactly: a
/// surname trimmed differently would give a traveller another identity key across amendments.
@Suite("Blank trimming")
struct BlanksTests {
    static let samples = [
        "", " ", "\t", "  IVANOV ", "\tO'NEIL\t", "\u{00A0}KOVAL\u{2003}", "\u{3000}李\u{3000}", "A B", " \n ", "\nX\n",
        "\u{200B}Y", "Z\u{0085}", "ШЕВЧЕНКО", " \u{202F}É\u{0301} ", "\u{1680}", "\r\n",
    ]

    /// Scalar by scalar: `String`'s `==` is canonical equivalence and would hide a combining mark lost.
    static func scalars(_ text: String) -> [UInt32] { text.unicodeScalars.map(\.value) }

    @Test("a scalar is blank exactly when Foundation's whitespace set holds it, over all of Unicode")
    func everyScalar() {
        var differ: [UInt32] = []
        for value in UInt32(0)..<0x11_0000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if scalar.isBlank != CharacterSet.whitespaces.contains(scalar) { differ.append(value) }
        }
        #expect(differ.isEmpty, "\(differ.map { String($0, radix: 16) })")
    }

    @Test("trims what Foundation trims, on the edge cases of Unicode's spaces")
    func samples() {
        for sample in Self.samples {
            #expect(Self.scalars(sample.trimmingBlanks) == Self.scalars(sample.trimmingCharacters(in: .whitespaces)), "\(Self.scalars(sample))")
            #expect(sample.isBlank == sample.trimmingCharacters(in: .whitespaces).isEmpty, "\(Self.scalars(sample))")
        }
    }

    @Test("trims what Foundation trims, on random strings of spaces, breaks and letters")
    func random() {
        let alphabet: [Unicode.Scalar] = [" ", "\t", "\n", "\r", "\u{A0}", "\u{2000}", "\u{2028}", "\u{3000}", "\u{85}", "A", "Щ", "\u{301}", "\u{200B}"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...6, using: &generator) { scalars.append(alphabet.randomElement(using: &generator) ?? " ") }
            let sample = String(scalars)
            #expect(Self.scalars(sample.trimmingBlanks) == Self.scalars(sample.trimmingCharacters(in: .whitespaces)), "\(Self.scalars(sample))")
            #expect(sample.isBlank == sample.trimmingCharacters(in: .whitespaces).isEmpty, "\(Self.scalars(sample))")
        }
    }
}
