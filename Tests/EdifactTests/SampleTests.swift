import Foundation
import Testing

@testable import Edifact

/// The shared PAXLST samples (shared/testdata/paxlst, README there): each accepted one parses to its
/// `.expected.json`, compared as JSON values; each `bad-*` one is rejected with the expected error kind.
@Suite("Shared PAXLST samples")
struct SampleTests {
    @Test("the sample folder is found and holds samples")
    func samplesFound() {
        #expect(SharedTestData.paxlst != nil)
        #expect(SharedTestData.samples(bad: false).count >= 7)
        #expect(SharedTestData.samples(bad: true).count >= 5)
    }

    @Test("accepted sample parses to its expected JSON", arguments: SharedTestData.samples(bad: false))
    func acceptedSample(_ name: String) throws {
        let result = PaxlstParser().parse(try SharedTestData.bytes(name + ".edi"))
        #expect(result.errors.isEmpty, "\(result.errors)")
        let expected = try JSONValue.parse(Data(try SharedTestData.bytes(name + ".expected.json")))
        let actual = try JSONValue.parse(try JSONEncoder().encode(result.manifest))
        #expect(actual == expected.removing(["file", "source", "notes"]))
    }

    @Test("rejected sample gives the expected error kind", arguments: SharedTestData.samples(bad: true))
    func rejectedSample(_ name: String) throws {
        let result = PaxlstParser().parse(try SharedTestData.bytes(name + ".edi"))
        let expected = try JSONValue.parse(Data(try SharedTestData.bytes(name + ".expected.json")))
        #expect(expected["expectError"] == .bool(true))
        guard case .string(let kind)? = expected["error"]?["kind"] else {
            Issue.record("no error.kind in \(name).expected.json")
            return
        }
        #expect(!result.isAccepted)
        var acceptable: Set<String> = [kind]
        // README: an unknown segment with UNT not adjusted may instead be reported as a count mismatch.
        if kind == "unknownSegment" { acceptable.insert("segmentCountMismatch") }
        #expect(result.errors.contains { acceptable.contains($0.code.rawValue) }, "\(result.problems)")
        for error in result.errors where error.code != .missingTrailer && error.code != .truncated {
            #expect(error.segment != nil && error.tag != nil, "\(error) names no segment")
        }
    }

    @Test("accepted sample round-trips through the JSON manifest form", arguments: SharedTestData.samples(bad: false))
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
        #expect(!result.manifest.travellers.isEmpty)
    }

    @Test("the 500-traveller sample has 500 travellers with documents")
    func performanceSampleShape() throws {
        let result = PaxlstParser().parse(try SharedTestData.bytes("syn-kbp-500-pax-perf.edi"))
        #expect(result.manifest.travellers.count == 500)
        #expect(result.manifest.travellers.allSatisfy { !$0.documents.isEmpty && $0.birthDate != nil })
    }
}
