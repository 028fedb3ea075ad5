import Foundation
import PropertyBased
import Testing

@testable import StayRules

@Suite("`kordon stay` line processing")
struct StayLineTests {
    private func object(_ text: String?) throws -> [String: Any] {
        let text = try #require(text)
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("A good line is written back byte for byte with a result appended")
    func keepsLine() throws {
        let line =
            #"{"id": "x", "extra": [1, {"a": null}], "stays": [{"entry": "2025-01-01", "exit": null}], "#
            + #""control": "2025-01-10"}"#
        let output = try #require(StayLine.process(line, lineNumber: 1))
        #expect(output.hasPrefix(String(line.dropLast())))
        let result = try #require(try object(output)["result"] as? [String: Any])
        #expect(result["daysUsed"] as? Int == 10)
        #expect(result["daysRemaining"] as? Int == 80)
        #expect(result["overstay"] as? Bool == false)
        #expect(result["latestExitIfEnteringOnControl"] as? String == "2025-03-31")
    }

    @Test("An existing result key is replaced, other keys kept")
    func replacesResult() throws {
        let output = try object(
            StayLine.process(#"{"stays": [], "control": "2025-03-01", "result": 1, "k": true}"#, lineNumber: 1))
        #expect(output["k"] as? Bool == true)
        #expect((output["result"] as? [String: Any])?["daysRemaining"] as? Int == 90)
    }

    @Test("Blank lines are skipped")
    func blank() {
        #expect(StayLine.process("   ", lineNumber: 4) == nil)
        #expect(StayLine.process("", lineNumber: 4) == nil)
    }

    @Test(
        "Bad lines give an error object naming the line and the field",
        arguments: [
            ("not json", "invalid-json", "line"),
            ("[1, 2]", "invalid-json", "line"),
            (#"{"stays": []}"#, "missing-field", "control"),
            (#"{"stays": [], "control": "01.03.2025"}"#, "invalid-format", "control"),
            (#"{"stays": [], "control": 20250301}"#, "invalid-format", "control"),
            (#"{"control": "2025-03-01"}"#, "missing-field", "stays"),
            (#"{"stays": {}, "control": "2025-03-01"}"#, "invalid-format", "stays"),
            (#"{"stays": [1], "control": "2025-03-01"}"#, "invalid-format", "stays[0]"),
            (#"{"stays": [{"exit": "2025-01-02"}], "control": "2025-03-01"}"#, "missing-field", "stays[0].entry"),
            (#"{"stays": [{"entry": "2025-01-01"}, {"entry": "2025-02-30"}], "control": "2025-03-01"}"#,
                "invalid-format", "stays[1].entry"),
            (#"{"stays": [{"entry": "2025-01-05", "exit": "2025-01-01"}], "control": "2025-03-01"}"#,
                "exit-before-entry", "stays[0].exit"),
            (#"{"stays": [{"entry": "2025-01-05", "exit": 7}], "control": "2025-03-01"}"#,
                "invalid-format", "stays[0].exit"),
        ])
    func badLines(line: String, code: String, field: String) throws {
        let output = try object(StayLine.process(line, lineNumber: 7))
        #expect(output["line"] as? Int == 7)
        let error = try #require(output["error"] as? [String: Any])
        #expect(error["code"] as? String == code)
        #expect(error["field"] as? String == field)
        #expect(output["result"] == nil)
    }

    @Test("An error keeps the line's id so the caller can match it")
    func errorKeepsId() throws {
        let output = try object(
            StayLine.process(#"{"id": "case-9", "stays": 3, "control": "2025-03-01"}"#, lineNumber: 2))
        #expect(output["id"] as? String == "case-9")
    }

    @Test("Strict mode is available to the command")
    func strict() throws {
        let line =
            #"{"stays": [{"entry": "2025-01-01", "exit": "2025-01-20"}, "#
            + #"{"entry": "2025-01-10", "exit": "2025-01-30"}], "control": "2025-03-01"}"#
        let lenient = try object(StayLine.process(line, lineNumber: 1))
        #expect((lenient["result"] as? [String: Any])?["daysUsed"] as? Int == 30)
        let strict = try object(StayLine.process(line, lineNumber: 1, validation: .strict))
        #expect((strict["error"] as? [String: Any])?["code"] as? String == "overlapping-stays")
    }

    @Test("Oversized input is refused, not processed")
    func oversized() throws {
        let stays = Array(
            repeating: #"{"entry": "2025-01-01", "exit": "2025-01-01"}"#, count: StayLine.maximumStays + 1)
        let line = #"{"stays": ["# + stays.joined(separator: ",") + #"], "control": "2025-03-01"}"#
        let output = try object(StayLine.process(line, lineNumber: 1))
        #expect((output["error"] as? [String: Any])?["code"] as? String == "too-large")
    }
}

@Suite("`kordon stay` never crashes on damaged lines")
struct StayLineRobustnessTests {
    static let valid =
        #"{"id": "p", "stays": [{"entry": "2025-01-01", "exit": "2025-02-10"}, "#
        + #"{"entry": "2025-03-01", "exit": null}], "control": "2025-04-01"}"#

    @Test("Any one- to four-character corruption gives a result or an error object, never a crash")
    func corrupted() async {
        let alphabet = Array(#"{}[]":,-0123456789 nulentryxitcoae\"#)
        let edits = zip(Gen.int(in: 0...(Self.valid.count - 1)), Gen.int(in: 0...(alphabet.count - 1)))
            .array(of: 1...4)
        await propertyCheck(count: 500, input: edits) { edits in
            var characters = Array(Self.valid)
            for (position, replacement) in edits { characters[position] = alphabet[replacement] }
            let line = String(characters)
            guard let output = StayLine.output(for: line, lineNumber: 3) else { return }
            let parsed = try? JSONSerialization.jsonObject(with: Data(output.text.utf8)) as? [String: Any]
            #expect(parsed != nil, "output is not a JSON object: \(output.text)")
            if output.isError {
                #expect(parsed?["line"] as? Int == 3)
                #expect((parsed?["error"] as? [String: Any])?["field"] is String)
            } else {
                #expect(parsed?["result"] is [String: Any])
            }
        }
    }
}
