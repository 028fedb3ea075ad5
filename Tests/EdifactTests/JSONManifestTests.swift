import Foundation
import Testing

@testable import Edifact

/// Manifests sent as JSON (the shape `Manifest` encodes): decoding problems carry a JSON path.
@Suite("JSON manifests")
struct JSONManifestTests {
    @Test(
        "bad JSON manifests are rejected with the path",
        arguments: [
            (#"{"messages": [{"travellers": [{"type": "alien"}]}]}"#, "invalidJSON", "messages[0].travellers[0].type"),
            (#"{"messages": [{"travellers": [{}]}]}"#, "invalidJSON", "messages[0].travellers[0].type"),
            (#"{"messages": "x"}"#, "invalidJSON", "messages"),
            (#"{"messages": [{"travellers": [{"type": "crew", "birthDate": "1985-13-01"}]}]}"#, "invalidDate",
             "messages[0].travellers[0].birthDate"),
            (#"{"messages": [{"flights": [{"departureDateTime": "2026-03-15 10:05"}]}]}"#, "invalidDate",
             "messages[0].flights[0].departureDateTime"),
            (#"{"messages": []}"#, "missingHeader", "messages"),
            (#"{"separators": {"element": "++"}, "messages": [{}]}"#, "invalidJSON", "separators.element"),
            (#"{"messages": [{"#, "invalidJSON", "$"),
        ] as [(String, String, String)]
    )
    func badJSON(_ json: String, _ code: String, _ path: String) {
        let result = PaxlstParser().parseJSON(Array(json.utf8))
        #expect(!result.isAccepted)
        #expect(result.errors.first?.code.rawValue == code, "\(result.problems)")
        #expect(result.errors.first?.path == path)
    }

    @Test("a minimal JSON manifest: missing keys are null or empty")
    func minimal() throws {
        let json = #"{"messages": [{"listType": "crew", "travellers": [{"type": "crew", "surname": "ROE"}]}]}"#
        let result = PaxlstParser().parseAny(Array(json.utf8))
        #expect(result.isAccepted, "\(result.problems)")
        let traveller = try #require(result.manifest.travellers.first)
        #expect(traveller.nadQualifier == "FM" && traveller.documents.isEmpty && traveller.birthDate == nil)
        #expect(result.manifest.separators == .default)
    }

    @Test("JSON caps apply as for EDIFACT")
    func caps() {
        let travellers = Array(repeating: #"{"type": "passenger"}"#, count: 3).joined(separator: ",")
        let json = #"{"messages": [{"travellers": [\#(travellers)]}]}"#
        let result = PaxlstParser(limits: EdifactLimits(maxTravellersPerMessage: 2)).parseJSON(Array(json.utf8))
        #expect(result.errors.map(\.code) == [.limitExceeded])
    }

    @Test("encoding writes every key, null for missing values")
    func nulls() throws {
        let data = try JSONEncoder().encode(Passenger(type: .passenger, nadQualifier: "FL"))
        let value = try JSONValue.parse(data)
        #expect(value["birthDate"] == .null)
        #expect(value["documents"] == .array([]))
        #expect(value["birthDateRaw"] == nil)
    }

    @Test("rejected output has the shape of the bad samples' expected JSON")
    func rejectionOutput() throws {
        let result = PaxlstParser().parse("UNB+UNOA:4+S+R+260315:0800+R1'UNZ+0+R1'")
        let value = try JSONValue.parse(try result.outputJSON())
        #expect(value["expectError"] == .bool(true))
        #expect(value["error"]?["kind"] == .string("noMessage"))
    }

    @Test("a flawed manifest prints the manifest with complete and its problems")
    func flawedOutput() throws {
        let result = PaxlstParser().parse(Fixture.interchange().replacingOccurrences(of: "UNZ+1+R1'", with: ""))
        let value = try JSONValue.parse(try result.outputJSON())
        #expect(value["expectError"] == nil)
        #expect(value["complete"] == .bool(true))
        #expect(value["problems"] != nil && value["messages"] != nil)
    }
}
