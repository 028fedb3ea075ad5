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

    @Test("issue 12: a vehicle admitted from the booth carries its customs declaration to the crossing's event; a malformed one records nothing", arguments: TestDatabase.kinds)
    func customsDeclarationFromTheBooth(kind: DatabaseKind) async throws {
        let fixture = try await APIFixture.make(kind)
        let cookie = try await fixture.consoleCookie(.firstLine)
        let mrz = try CheckServiceTestsMRZ.td3(surname: "RUSU", nationality: "MDA", number: "MD7710042")
        let check = try await fixture.services.checks.check(
            .init(mrz: mrz, pointCode: "UA-ROAD-SHEHYNI", direction: .entry, plate: "BC7788AK"), context: fixture.agency.context(.firstLine)
        )
        try await fixture.run { client in
            var csrf = ""
            try await client.execute(uri: "/console/check", method: .get, headers: cookie) { response in
                csrf = Self.csrf(response.text)
            }
            var form = cookie
            form[.contentType] = "application/x-www-form-urlencoded"
            // Spaces are not part of a declaration's number: refused, and the check stays undecided.
            try await client.execute(uri: "/console/checks/\(check.id)/decision", method: .post, headers: form,
                                     body: ByteBuffer(string: "csrf=\(csrf)&decision=admit&customsReference=MD+2026")) { response in
                #expect(response.status != .seeOther)
            }
            let before = try await fixture.services.database.repositories.outbox.events(after: 0, limit: 1_000)
            #expect(!before.contains { $0.type == "crossing.recorded" })
            try await client.execute(uri: "/console/checks/\(check.id)/decision", method: .post, headers: form,
                                     body: ByteBuffer(string: "csrf=\(csrf)&decision=admit&customsReference=md-2026-000123")) { response in
                #expect(response.status == .seeOther)
            }
            let events = try await fixture.services.database.repositories.outbox.events(after: 0, limit: 1_000)
            let recorded = try #require(events.last { $0.type == "crossing.recorded" })
            let payload = try JSONDecoder().decode([String: String].self, from: Data(recorded.payload.utf8))
            #expect(payload["customsReference"] == "MD-2026-000123")
            #expect(payload["plate"] == "BC7788AK")
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
        let cookie = try await fixture.consoleCookie(.firstLine, language: nil)
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

extension ConsoleShiftTests {
    static let volkovBan = """
        {"reference": "EB-2031", "category": "entry_ban", "reason": "forged visa 2025", "surname": "ВОЛКОВА",
         "givenNames": "Анна", "aliases": [{"surname": "WOLKOWA", "givenNames": "ANNA"}], "birthDate": "1988-03-07",
         "nationality": "RUS", "sex": "F"}
        """

    /// An entry ban issued over the API, and first line's check of the traveller it names.
    static func bannedTravellerChecked(_ fixture: APIFixture, _ client: any TestClientProtocol) async throws -> CheckResult {
        try await client.execute(uri: "/v1/alerts", method: .post, headers: fixture.headers(.secondLine), body: body(volkovBan)) {
            #expect($0.status == .created)
        }
        return try await fixture.services.checks.check(
            .init(mrz: try CheckServiceTestsMRZ.td3(surname: "VOLKOVA", nationality: "RUS", number: "751234567"),
                  pointCode: "UA-ROAD-SHEHYNI", direction: .entry),
            context: fixture.agency.context(.firstLine)
        )
    }

    /// The value of the first `name="csrf"` field of a page.
    static func csrf(_ html: String) -> String {
        guard let range = html.range(of: #"name="csrf" value="[A-Za-z0-9_-]+""#, options: .regularExpression) else { return "" }
        return String(html[range].split(separator: "\"")[3])
    }

    @Test("items 5 and 6: second line reads the card in Ukrainian: the alert's name as written, whom to call, reasons and match in words", arguments: TestDatabase.kinds)
    func ukrainianCard(kind: DatabaseKind) async throws {
        let fixture = try await APIFixture.make(kind)
        let cookie = try await fixture.consoleCookie(.secondLine, language: "uk")
        try await fixture.run { client in
            let check = try await Self.bannedTravellerChecked(fixture, client)
            #expect(check.hits.first?.subject?.name == "ВОЛКОВА Анна")
            try await client.execute(uri: "/console/checks/\(check.id)", method: .get, headers: cookie) { response in
                let html = response.text.replacingOccurrences(of: "&#39;", with: "'")
                #expect(html.contains("ЗАБОРОНА В'ЇЗДУ"))
                #expect(html.contains("ВОЛКОВА Анна"), "the alert's name in its own script")
                #expect(html.contains("WOLKOWA ANNA"), "its aliases")
                #expect(html.contains("Кому телефонувати") && html.contains("Test agency UA-SBGS (UA-SBGS), назвіть № EB-2031"))
                #expect(html.contains("ЗАБОРОНА В'ЇЗДУ: Відмовити у в'їзді (збіг"), "the hit's reason worded in Ukrainian")
                #expect(html.contains("Чому збіглося") && html.contains("Прізвище"))
                #expect(html.contains("Безвізовий режим") || html.contains("віза") || html.contains("Потрібна віза"), "the stay reason in Ukrainian")
                for english in ["Why this matched", "SERIOUS", "Confirm hit", "score <strong>", "Entry ban (alert version"] {
                    #expect(!html.contains(english), "English left on a Ukrainian page: \(english)")
                }
            }
        }
    }

    @Test("item 3: the queue shows who took a check; taking opens it, a colleague's take is a take-over", arguments: TestDatabase.kinds)
    func queueTake(kind: DatabaseKind) async throws {
        let fixture = try await APIFixture.make(kind)
        let cookie = try await fixture.consoleCookie(.secondLine)
        try await fixture.run { client in
            let check = try await Self.bannedTravellerChecked(fixture, client)
            var csrf = ""
            try await client.execute(uri: "/console/queue", method: .get, headers: cookie) { response in
                #expect(response.text.contains(#"action="/console/checks/\#(check.id.uuidString.lowercased())/take""#))
                #expect(response.text.contains(">free<"))
                #expect(response.text.contains(#"id="queue-find""#), "search of persons from the queue")
                csrf = Self.csrf(response.text)
            }
            var form = cookie
            form[.contentType] = "application/x-www-form-urlencoded"
            try await client.execute(uri: "/console/checks/\(check.id)/take", method: .post, headers: form, body: ByteBuffer(string: "csrf=\(csrf)")) {
                #expect($0.status == .seeOther)
                #expect($0.headers[.location] == "/console/checks/\(check.id.uuidString.lowercased())")
            }
            try await client.execute(uri: "/console/queue", method: .get, headers: cookie) { response in
                #expect(response.text.contains(">you · "))
                #expect(response.text.contains("Release"))
            }
            // The API says the same, and refuses a colleague's silent take.
            try await client.execute(uri: "/v1/checks", method: .get, headers: fixture.headers(.secondLine)) { response in
                #expect(response.jsonArray.first?["takenBy"] as? String == fixture.agency.officers[.secondLine]?.id.uuidString)
            }
            try await client.execute(uri: "/console/persons?q=VOLKOVA", method: .get, headers: cookie) { #expect($0.status == .ok) }
            // A browser sends a GET form's spaces as `+`: the box shows the name as typed.
            try await client.execute(uri: "/console/persons?name=Volkova+Anna", method: .get, headers: cookie) { response in
                #expect(response.text.contains(#"name="name" value="Volkova Anna""#))
            }
        }
    }
}

@Suite("The console's catalogue")
struct ConsoleTextTests {
    @Test("a person's timeline is worded in the officer's language from its arguments, dates as officers write them")
    func timelineWords() {
        let id = UUID()
        func entry(_ kind: String, _ title: String, _ arguments: [String: String]) -> IdentityService.TimelineEntry {
            .init(kind: kind, at: Date(), day: "2026-08-24", title: title, detail: nil, agencyId: nil, recordId: id, status: nil, arguments: arguments)
        }
        let uk = ConsoleText(language: .uk)
        let permit = entry("residence_permit", "temporary residence permit (work), card TP0118422", [
            "t.permitType": "temporary", "t.purpose": "work", "t.card": "TP0118422", "from": "2026-08-24", "until": "2027-08-24",
        ])
        #expect(ConsoleViews.timelineWords(permit, uk) == ("Посвідка на проживання (тимчасова, робота), № TP0118422", "з 24.08.2026, до 24.08.2027"))
        let crossing = entry("crossing", "entry at UA-ROAD-SHEHYNI", ["direction": "entry", "point": "UA-ROAD-SHEHYNI", "decision": "refused", "reasons": "H"])
        #expect(ConsoleViews.timelineWords(crossing, uk) == ("в'їзд, UA-ROAD-SHEHYNI", "відмовлено (H)"))
        #expect(ConsoleViews.timelineWords(crossing, ConsoleText(language: .en)) == ("entry, UA-ROAD-SHEHYNI", "refused (H)"))
        // Details the viewer may not read: the register's name and the dates only.
        let hidden = entry("asylum", "asylum", ["from": "2026-01-02"])
        #expect(ConsoleViews.timelineWords(hidden, uk) == ("Притулок і захист", "з 02.01.2026"))
    }

    @Test("a weakened or corroborated field says so in the officer's words, after how it matched")
    func weakenedAndCorroborated() {
        let en = ConsoleText(language: .en)
        let plain = ConsoleViews.howWords("date(sameYear)", en)
        #expect(ConsoleViews.howWords("date(sameYear), weakened", en) == plain + " " + en["howWeakened"])
        #expect(ConsoleViews.howWords("date(sameYear), corroborated", en) == plain + " " + en["howCorroborated"])
        #expect(ConsoleViews.howWords("date(sameYear), corroborated, weakened", en)
            == plain + " " + en["howCorroborated"] + " " + en["howWeakened"])
        #expect(en["howWeakened"] != ConsoleText(language: .uk)["howWeakened"])
    }

    @Test("item 5: no template writes English of its own: every word a page shows comes from the catalogue")
    func noWordsOutsideTheCatalogue() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/HTTPAPI/Resources/console")
        // The refusal form is bilingual by design (the traveller reads English, the officer Ukrainian).
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mustache") && $0 != "refusal.mustache" }
        // Each language's name is written in that language (the switch on the sign-in page).
        let allowed: Set<String> = ["Kordon", "Ctrl", "Enter", "Alt", "English"]
        for file in files {
            var text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            text = text.replacing(/\{\{[^}]*\}\}/, with: " ")
            // What a reader sees: text between tags, and the attributes read aloud or shown on hover.
            var shown: [String] = []
            for match in text.matches(of: /(?:title|aria-label|placeholder|label|alt)="([^"]*)"/) { shown.append(String(match.1)) }
            text = text.replacing(/<script[\s\S]*?<\/script>/, with: " ").replacing(/<[^>]*>/, with: " ")
            shown.append(text)
            for chunk in shown {
                for word in chunk.matches(of: /[A-Za-z]{3,}/) {
                    let word = String(word.0)
                    let isCode = word.count <= 4 && word == word.uppercased()
                    #expect(allowed.contains(word) || isCode, "\(file): \"\(word)\" is not from the catalogue")
                }
            }
        }
    }


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
