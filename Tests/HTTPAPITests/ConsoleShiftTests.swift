import Foundation
import HTTPTypes
@testable import HTTPAPI
import Hummingbird
import HummingbirdTesting
import KordonTesting
import NIOCore
import Services
import Store
import Testing
import TravelDocuments

/// Issue 16: the console's findings, as a browser would meet them (the whole shift is in Tests/e2e).
@Suite("The officers' console through a shift")
struct ConsoleShiftTests {
    @Test("finding 5: first line sees no second-line menu, and a second-line page is a console page saying why, not JSON", arguments: TestDatabase.kinds)
    func rolesAndErrors(kind: DatabaseKind) async throws {
        let fixture = try await APIFixture.make(kind)
        let cookie = try await fixture.consoleCookie(.firstLine)
        try await fixture.run { client in
            try await client.execute(uri: "/console/check", method: .get, headers: cookie) { response in
                #expect(response.status == .ok)
                #expect(!response.text.contains(#"href="/console/queue""#))
                #expect(!response.text.contains(#"href="/console/overstayers""#))
            }
            try await client.execute(uri: "/console/queue", method: .get, headers: cookie) { response in
                #expect(response.status == .forbidden)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(response.text.contains("Not allowed") && response.text.contains("first_line"))
            }
            try await client.execute(uri: "/console/checks/\(UUID())", method: .get, headers: cookie) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
            }
        }
    }

    @Test("finding 4: after Admit, first line is back on an empty check screen with a one-line banner", arguments: TestDatabase.kinds)
    func firstLineLoop(kind: DatabaseKind) async throws {
        let fixture = try await APIFixture.make(kind)
        let cookie = try await fixture.consoleCookie(.firstLine)
        let mrz = try CheckServiceTestsMRZ.td3(surname: "KOWALSKA", nationality: "POL", number: "EZ4411227")
        let check = try await fixture.services.checks.check(
            .init(mrz: mrz, pointCode: "UA-ROAD-SHEHYNI", direction: .entry), context: fixture.agency.context(.firstLine)
        )
        try await fixture.run { client in
            var csrf = ""
            var location = ""
            try await client.execute(uri: "/console/check", method: .get, headers: cookie) { response in
                let html = response.text
                if let range = html.range(of: #"name="csrf" value="[A-Za-z0-9_-]+""#, options: .regularExpression) {
                    csrf = String(html[range].split(separator: "\"")[3])
                }
            }
            var form = cookie
            form[.contentType] = "application/x-www-form-urlencoded"
            try await client.execute(uri: "/console/checks/\(check.id)/decision", method: .post, headers: form,
                                     body: ByteBuffer(string: "csrf=\(csrf)&decision=admit")) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location]?.hasPrefix("/console/check?point=UA-ROAD-SHEHYNI&done=") == true)
                location = response.headers[.location] ?? ""
            }
            try await client.execute(uri: location, method: .get, headers: cookie) { response in
                #expect(response.text.contains("KOWALSKA admitted — scan next"))
            }
        }
    }

    @Test("finding 7: the check screen lists every point (suspended ones marked); an unknown point is an error on the page", arguments: TestDatabase.kinds)
    func points(kind: DatabaseKind) async throws {
        let fixture = try await APIFixture.make(kind)
        let cookie = try await fixture.consoleCookie(.firstLine)
        let suspended = try #require(try await fixture.services.crossingPoints().first { $0.status != "operating" })
        try await fixture.run { client in
            try await client.execute(uri: "/console/check?point=\(suspended.code)", method: .get, headers: cookie) { response in
                #expect(response.text.contains(#"<option value="\#(suspended.code)" selected>"#))
            }
            try await client.execute(uri: "/console/check?point=UA-AIR-NOWHERE", method: .get, headers: cookie) { response in
                #expect(response.text.contains("UA-AIR-NOWHERE is not a crossing point"))
            }
        }
    }

    @Test("Ukrainian first: Accept-Language, the remembered choice, and no open redirect from the switch", arguments: TestDatabase.kinds)
    func language(kind: DatabaseKind) async throws {
        let fixture = try await APIFixture.make(kind)
        let cookie = try await fixture.consoleCookie(.firstLine)
        try await fixture.run { client in
            var uk = cookie
            uk[.acceptLanguage] = "uk-UA,uk;q=0.9,en;q=0.5"
            try await client.execute(uri: "/console/check", method: .get, headers: uk) { response in
                #expect(response.text.contains("Перевірка на кордоні"))
                #expect(response.text.contains(#"<html lang="uk">"#))
            }
            var en = cookie
            en[.acceptLanguage] = "en-GB,en;q=0.9"
            try await client.execute(uri: "/console/check", method: .get, headers: en) { #expect($0.text.contains("Border check")) }
            try await client.execute(uri: "/console/language?to=uk&back=//evil.example/", method: .get) { response in
                #expect(response.headers[.location] == "/console")
                #expect(response.headers[.setCookie]?.hasPrefix("kordon_lang=uk") == true)
            }
            var remembered = cookie
            remembered[.cookie] = (cookie[.cookie] ?? "") + "; kordon_lang=uk"
            remembered[.acceptLanguage] = "en"
            try await client.execute(uri: "/console/check", method: .get, headers: remembered) { #expect($0.text.contains("Перевірка на кордоні")) }
        }
    }

    @Test("finding 8: an exit check says Let leave, and the decided exit says EXIT RECORDED", arguments: TestDatabase.kinds)
    func exitWording(kind: DatabaseKind) async throws {
        let fixture = try await APIFixture.make(kind)
        let cookie = try await fixture.consoleCookie(.secondLine)
        let mrz = try CheckServiceTestsMRZ.td3(surname: "KOWALSKA", nationality: "POL", number: "EZ4411227")
        let check = try await fixture.services.checks.check(
            .init(mrz: mrz, pointCode: "UA-ROAD-SHEHYNI", direction: .exit), context: fixture.agency.context(.secondLine)
        )
        _ = try await fixture.services.checks.decide(check.id, .init(decision: .admit), context: fixture.agency.context(.secondLine))
        try await fixture.run { client in
            try await client.execute(uri: "/console/checks/\(check.id)", method: .get, headers: cookie) { response in
                #expect(response.text.contains("EXIT RECORDED"))
                #expect(!response.text.contains("ADMITTED"))
            }
        }
    }
}

@Suite("The console's catalogue")
struct ConsoleTextTests {
    @Test("every {{t.key}} a template uses is in the catalogue, in both languages")
    func templatesUseKnownKeys() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/HTTPAPI/Resources/console")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mustache") }
        #expect(files.count > 5)
        var used: Set<String> = []
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for match in text.matches(of: /\{\{t\.([A-Za-z]+)\}\}/) { used.insert(String(match.1)) }
        }
        #expect(used.count > 40)
        for key in used {
            let entry = try #require(ConsoleText.catalogue[key], "\(key) is not in the catalogue")
            #expect(!entry.uk.isEmpty && !entry.en.isEmpty && entry.uk != entry.en, "\(key)")
        }
    }
}

/// A TD3 zone for a test traveller (valid check digits).
enum CheckServiceTestsMRZ {
    static func td3(surname: String, nationality: String, number: String) throws -> [String] {
        try MRZGenerator.make(MRZFields(
            format: .td3, documentCode: "P", issuingState: nationality, surname: surname, givenNames: "ANNA",
            documentNumber: number, nationality: nationality, birthDate: "880307", sex: "F", expiryDate: "330915"
        ))
    }
}
