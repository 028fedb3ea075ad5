import Foundation
import PropertyBased
import Testing
import TravelDocuments

/// `kordon mrz parse` writes its JSON by hand (issue 15: the encoder was the cost); the bytes must be those
/// of `JSONEncoder` with sorted keys and unescaped slashes, for every kind of zone.
@Suite("MRZ report JSON")
struct MRZReportJSONTests {
    static func encoded(_ report: MRZReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }

    /// Zones of every outcome: the shared vectors, then each damaged at a seeded position with characters
    /// that need escaping (quote, backslash, controls, slash, non-ASCII).
    static var zones: [[String]] {
        var generator = Xoshiro(seed: (42, 7, 1_969, 2_026))
        let damage: [Character] = ["\"", "\\", "\u{01}", "\t", "\n", "/", "é", "«", " ", "0", "<", "\u{7F}"]
        var zones = MRZVector.all.map(\.mrz)
        for zone in MRZVector.all.map(\.mrz) {
            for _ in 0..<6 {
                var lines = zone
                let line = Int(generator.next() % UInt64(lines.count))
                var characters = Array(lines[line])
                guard !characters.isEmpty else { continue }
                characters[Int(generator.next() % UInt64(characters.count))] = damage[Int(generator.next() % UInt64(damage.count))]
                lines[line] = String(characters)
                zones.append(lines)
            }
        }
        zones.append([])
        zones.append(["P<UTO", "", "\u{00}\u{1F}\"\\/"])
        return zones
    }

    @Test("the hand-written line equals JSONEncoder's, strict and lenient, for valid and damaged zones")
    func sameBytes() throws {
        let asOf = Date(timeIntervalSince1970: 1_795_000_000)
        #expect(Self.zones.count > 400)
        for zone in Self.zones {
            for mode in [MRZParseMode.strict, .lenient] {
                let result = MRZ.parse(zone, mode: mode, asOf: asOf)
                #expect(MRZReport.jsonLine(of: result, mode: mode) == (try Self.encoded(MRZReport(result, mode: mode))),
                        "\(zone) \(mode)")
            }
        }
    }

    @Test("the block reader's byte path writes the same lines as its string path, and says which zones are valid")
    func bytePath() {
        let text = Self.zones.prefix(60).map { $0.joined(separator: "\n") }.joined(separator: "\n\n")
        let parser = MRZParser(mode: .strict, asOf: Date(timeIntervalSince1970: 1_795_000_000))
        var reader = MRZBlockReader(parser: parser)
        var bytes: [UInt8] = []
        var validity: [Bool] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if let valid = reader.feed(String(line), appendingTo: &bytes) { validity.append(valid) }
        }
        if let valid = reader.finish(appendingTo: &bytes) { validity.append(valid) }
        let expected = MRZBlockReader.process(text, parser: parser)
        #expect(String(decoding: bytes, as: UTF8.self) == expected.map { $0 + "\n" }.joined())
        #expect(validity == expected.map { $0.contains("\"valid\":true") })
    }
}
