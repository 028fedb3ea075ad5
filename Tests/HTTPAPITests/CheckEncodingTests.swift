import Foundation
import HTTPAPI
import Hummingbird
import HummingbirdTesting
import KordonTesting
import NIOCore
@testable import Services
import Store
import Testing

/// A border check's result is encoded once: the row keeps the API's encoding and the response is those bytes
/// (issue 15). Results stored before, with whole-second instants, still read.
@Suite("Check result encoding")
struct CheckEncodingTests {
    @Test("the answer to a check is its stored result, byte for byte, with instants to the millisecond",
        arguments: TestDatabase.kinds)
    func answerIsTheStoredResult(kind: DatabaseKind) async throws {
        let fixture = try await APIFixture.make(kind)
        try await fixture.run { client in
            let response = try await client.execute(
                uri: "/v1/checks", method: .post, headers: fixture.headers(.firstLine), body: body(try checkBody())
            )
            #expect(response.status == .created)
            let sent = Data(buffer: response.body)
            let text = try #require(response.json["id"] as? String)
            let id = try #require(UUID(uuidString: text))
            let stored = try #require(try await fixture.services.database.repositories.checks.find(id: id))
            #expect(Data(stored.result.utf8) == sent)
            let createdAt = try #require(response.json["createdAt"] as? String)
            #expect(createdAt.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil, "createdAt \(createdAt)")
            // What the service reads back is what it answered.
            let read = try CheckService.decodeResult(stored.result)
            #expect(read.id == id)
            let answered = try #require(WireJSON.parseTimestamp(createdAt))
            #expect(abs(read.createdAt.timeIntervalSince(answered)) < 0.001)
        }
    }

    @Test("a result stored with whole-second instants (before 2026-12-06) reads back")
    func olderRowsRead() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        let reader = JSONDecoder()
        reader.dateDecodingStrategy = .secondsSince1970
        let fixture = try reader.decode(
            CheckResult.self,
            from: Data(#"{"id":"0190b2a4-7c1e-7000-8000-000000000001","pointCode":"UA-ROAD-SHEHYNI","direction":"entry","createdAt":1780000000,"recommendation":"clear","status":"open","document":{"mrzValid":true,"problems":[]},"reasons":[],"hits":[],"history":{"crossings":0,"refusals":0,"recent":[]}}"#.utf8)
        )
        let old = String(decoding: try encoder.encode(fixture), as: UTF8.self)
        #expect(old.contains(#""createdAt":"2026-05-28T20:26:40Z""#), "\(old)")
        let read = try CheckService.decodeResult(old)
        #expect(read.createdAt == fixture.createdAt)
        #expect(read.id == fixture.id)
        #expect(throws: DecodingError.self) {
            try CheckService.decodeResult(old.replacingOccurrences(of: "2026-05-28T20:26:40Z", with: "28.05.2026"))
        }
    }
}
