import Foundation
import Testing

@testable import Edifact

/// The shared PAXLST samples (shared/testdata/paxlst, README there), each checked against its `.expected.json`
/// under the rule "read what can be read; reject only what has nothing to read":
/// clean samples read exactly with no problem; flawed ones read exactly, with every expected problem reported
/// (kind, severity, traveller, field) and `complete` as expected; bad ones rejected with the expected kind.
@Suite("Shared PAXLST samples")
struct SampleTests {
    /// Keys of an expected JSON file that are not part of the manifest.
    static let notManifest: Set<String> = ["file", "source", "notes", "expectProblems", "complete"]

    @Test("the sample folder is found and holds samples of every kind")
    func samplesFound() {
        #expect(SharedTestData.paxlst != nil)
        // At least one of each kind (a hidden set given by KORDON_SHARED may hold fewer than ours).
        #expect(!SharedTestData.samples(.clean).isEmpty)
        #expect(!SharedTestData.samples(.flawed).isEmpty)
        #expect(!SharedTestData.samples(.bad).isEmpty)
        #expect(SharedTestData.allSamples.count == SharedTestData.Kind.allCases.map { SharedTestData.samples($0).count }
            .reduce(0, +))
    }

    @Test("a clean sample is read exactly, with no problem and complete", arguments: SharedTestData.samples(.clean))
    func cleanSample(_ name: String) throws {
        let result = PaxlstParser().parse(try SharedTestData.bytes(name + ".edi"))
        #expect(result.problems.isEmpty, "\(result.problems)")
        #expect(result.complete)
        let expected = try JSONValue.parse(Data(try SharedTestData.bytes(name + ".expected.json")))
        let actual = try JSONValue.parse(try JSONEncoder().encode(result.manifest))
        #expect(actual == expected.removing(Self.notManifest))
    }

    @Test(
        "a flawed sample is read, every traveller kept, every expected flaw reported",
        arguments: SharedTestData.samples(.flawed))
    func flawedSample(_ name: String) throws {
        let result = PaxlstParser().parse(try SharedTestData.bytes(name + ".edi"))
        let expected = try JSONValue.parse(Data(try SharedTestData.bytes(name + ".expected.json")))
        #expect(result.isAccepted, "\(result.problems)")
        let actual = try JSONValue.parse(try JSONEncoder().encode(result.manifest))
        #expect(actual == expected.removing(Self.notManifest))
        #expect(expected["complete"] == .bool(result.complete))
        guard case .array(let wanted)? = expected["expectProblems"] else {
            Issue.record("no expectProblems in \(name).expected.json")
            return
        }
        for problem in wanted {
            let found = result.problems.contains { Self.matches($0, problem) }
            #expect(found, "expected \(problem) among \(result.problems)")
        }
    }

    /// Whether a reported problem is the expected one: same kind and severity, and the same traveller and field
    /// where the expectation names them.
    static func matches(_ reported: EdifactError, _ expected: JSONValue) -> Bool {
        guard expected["kind"] == .string(reported.code.rawValue),
            expected["severity"] == .string(reported.severity.rawValue)
        else { return false }
        if case .number(let traveller)? = expected["traveller"], reported.traveller != Int(traveller) { return false }
        if case .string(let field)? = expected["field"], reported.field != field { return false }
        return true
    }

    @Test("a bad sample is rejected with the expected kind", arguments: SharedTestData.samples(.bad))
    func badSample(_ name: String) throws {
        let result = PaxlstParser().parse(try SharedTestData.bytes(name + ".edi"))
        let expected = try JSONValue.parse(Data(try SharedTestData.bytes(name + ".expected.json")))
        #expect(expected["expectError"] == .bool(true))
        let rejection = try #require(result.rejection, "\(name) was read: \(result.problems)")
        #expect(!result.isAccepted)
        #expect(expected["error"]?["kind"] == .string(rejection.code.rawValue), "\(rejection)")
        #expect(result.manifest.travellers.isEmpty)
        // The printed form has the samples' shape: expectError and error.kind.
        let printed = try JSONValue.parse(try result.outputJSON())
        #expect(printed["expectError"] == .bool(true))
        #expect(printed["error"]?["kind"] == expected["error"]?["kind"])
    }

    @Test("a flawed sample prints its manifest with complete and its problems", arguments: SharedTestData.samples(.flawed))
    func flawedOutput(_ name: String) throws {
        let result = PaxlstParser().parse(try SharedTestData.bytes(name + ".edi"))
        let printed = try JSONValue.parse(try result.outputJSON())
        #expect(printed["complete"] == .bool(result.complete))
        guard case .array(let problems)? = printed["problems"] else {
            Issue.record("no problems printed")
            return
        }
        #expect(problems.count == result.problems.count)
        #expect(printed["messages"] != nil && printed["interchange"] != nil)
    }

    @Test("a read sample round-trips through the JSON manifest form", arguments: SharedTestData.samples(bad: false))
    func jsonRoundTrip(_ name: String) throws {
        let parsed = PaxlstParser().parse(try SharedTestData.bytes(name + ".edi"))
        let json = try JSONEncoder().encode(parsed.manifest)
        let again = PaxlstParser().parseJSON(Array(json))
        #expect(again.problems.isEmpty, "\(again.problems)")
        #expect(try JSONValue.parse(JSONEncoder().encode(again.manifest)) == JSONValue.parse(json))
        #expect(PaxlstParser().parseAny(Array(json)).manifest == again.manifest)
    }

    @Test("the expected JSON files themselves are valid JSON manifests", arguments: SharedTestData.samples(bad: false))
    func expectedFilesAreManifests(_ name: String) throws {
        let result = PaxlstParser().parseJSON(try SharedTestData.bytes(name + ".expected.json"))
        #expect(result.isAccepted, "\(result.problems)")
        #expect(!result.manifest.messages.isEmpty)
    }

    @Test(
        "the 500-traveller sample has 500 travellers with documents",
        .enabled(if: SharedTestData.allSamples.contains("syn-kbp-500-pax-perf")))
    func performanceSampleShape() throws {
        let result = PaxlstParser().parse(try SharedTestData.bytes("syn-kbp-500-pax-perf.edi"))
        #expect(result.manifest.travellers.count == 500)
        #expect(result.manifest.travellers.allSatisfy { !$0.documents.isEmpty && $0.birthDate != nil })
    }

    @Test(
        "visas (DOC+V) are kept beside the passport, in message order",
        .enabled(if: SharedTestData.allSamples.contains("gtas-lh-no-una-visa-docs")))
    func visasKept() throws {
        let result = PaxlstParser().parse(try SharedTestData.bytes("gtas-lh-no-una-visa-docs.edi"))
        let withVisa = result.manifest.travellers.filter { $0.documents.contains { $0.type == "V" } }
        #expect(!withVisa.isEmpty)
        #expect(withVisa.allSatisfy { $0.documents.count >= 2 })
    }
}
