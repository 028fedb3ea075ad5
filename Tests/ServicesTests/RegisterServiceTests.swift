import Foundation
import KordonTesting
import Services
import Store
import Testing

/// Issue 11: the registers of foreigners, one person behind them, and stays that read them.
@Suite("Registers of foreigners")
struct RegisterServiceTests {
    /// An analyst of another kind of agency (police, foreign affairs), as the policy's ceilings allow.
    static func analyst(_ services: KordonServices, _ kind: AgencyKind, code: String) async throws -> AccessContext {
        let agency = try await services.admin.createAgency(.init(code: code, name: "Test \(code)", country: "UKR", kind: kind))
        let officer = try await services.admin.createOfficer(agencyId: agency.id, name: "Analyst of \(code)", role: .analyst)
        return AccessContext(
            principal: Principal(
                officerId: officer.officer.id, agencyId: agency.id, role: .analyst, agencyKind: kind, agencyCountry: "UKR",
                credentialId: "test"
            ),
            purpose: "test", requestId: "test-request"
        )
    }

    static func setup(_ kind: DatabaseKind) async throws -> (KordonServices, TestAgency) {
        let services = try await TestDatabase.services(kind)
        return (services, try await TestAgency.make(services))
    }

    static func day(_ offset: Int, from now: Date = Date()) -> String {
        let date = now.addingTimeInterval(Double(offset) * 86_400)
        return ISO8601DateFormatter.string(from: date, timeZone: .gmt, formatOptions: [.withFullDate])
    }

    static func permit(from: String, until: String?, card: String = "PR0012345") -> RegisterDetails {
        .residencePermit(.init(permitType: .temporary, purpose: .work, cardNumber: card, validFrom: from, validUntil: until))
    }

    static let tarasLatin = RegisterSubject(
        surname: "SHEVCHENKO", givenNames: "TARAS", birthDate: "1990-03-09", nationality: "MDA", sex: "M",
        document: SubjectDocument(documentCode: "P", number: "AB1234567", issuingState: "MDA")
    )

    @Test("a permit is linked by its document, keeps every version, and two amendments at once give the second a 409", arguments: TestDatabase.kinds)
    func permitLifecycle(kind: DatabaseKind) async throws {
        let (services, agency) = try await Self.setup(kind)
        let migration = agency.context(.migrationOfficer)
        let consulate = try await Self.analyst(services, .foreignAffairs, code: "UA-MFA")
        let first = try await services.registers.create(
            .init(register: .residencePermit, subject: Self.tarasLatin, details: Self.permit(from: Self.day(-30), until: Self.day(300))),
            idempotencyKey: nil, context: migration
        )
        #expect(first.link == .created)
        // The same document on a visa a week later: the same person, by document.
        let visa = try await services.registers.create(
            .init(register: .visa, subject: Self.tarasLatin, details: .visa(.init(
                visaType: .shortStay, visaNumber: "V0001", entries: .multiple, validFrom: Self.day(0), validUntil: Self.day(60),
                durationOfStay: 30
            ))),
            idempotencyKey: nil, context: consulate
        )
        #expect(visa.personId == first.personId)
        #expect(visa.link == .document)

        let amended = try await services.registers.amend(
            first.id, .init(register: .residencePermit, version: 1, reason: "card reissued", details: Self.permit(from: Self.day(-30), until: Self.day(400), card: "PR0099999")),
            context: migration
        )
        #expect(amended.version == 2)
        // A second officer amends version 1 too: 409 with the current version, nothing changed.
        await #expect {
            _ = try await services.registers.amend(
                first.id, .init(register: .residencePermit, version: 1, reason: "typo", details: Self.permit(from: Self.day(-30), until: Self.day(10))),
                context: migration
            )
        } throws: { ($0 as? ServiceError).map { $0.code == .conflict && $0.field == "version" && $0.detail.contains("version 2") } ?? false }
        let detail = try await services.registers.get(first.id, register: .residencePermit, context: migration)
        #expect(detail.history.map(\.version) == [1, 2])
        #expect(detail.history.map(\.change) == [.created, .amended])
        #expect(detail.history.last?.reason == "card reissued")
        #expect(detail.record.validUntil == Self.day(400))

        // The stay reads the permit; ended today, it authorises until yesterday.
        var authorisations = try await services.database.repositories.checks.authorisations(personId: first.personId)
        #expect(authorisations.contains { $0.id == first.id && $0.validUntil == Self.day(400) })
        let ended = try await services.registers.end(
            first.id, .init(version: 2, endedOn: Self.day(0), reason: "permit cancelled: employment ended"), register: .residencePermit,
            context: migration
        )
        #expect(ended.status == .ended)
        authorisations = try await services.database.repositories.checks.authorisations(personId: first.personId)
        #expect(authorisations.first { $0.id == first.id }?.validUntil == Self.day(-1))
    }

    @Test("bad input names the field, and a refused request stores nothing", arguments: TestDatabase.kinds)
    func badInput(kind: DatabaseKind) async throws {
        let (services, agency) = try await Self.setup(kind)
        let migration = agency.context(.migrationOfficer)
        func refused(_ field: String, _ code: ServiceError.Code = .validation, _ body: () async throws -> Void) async {
            do {
                try await body()
                Issue.record("expected \(code) on \(field), but the request was accepted")
            } catch let error as ServiceError {
                #expect(error.code == code && error.field == field, "\(error)")
            } catch {
                Issue.record("expected a ServiceError, got \(error)")
            }
        }
        await refused("details.validUntil") {
            _ = try await services.registers.create(
                .init(register: .residencePermit, subject: Self.tarasLatin, details: Self.permit(from: "2026-05-01", until: "2026-04-30")),
                idempotencyKey: nil, context: migration
            )
        }
        await refused("details.steps[0].date") {
            _ = try await services.registers.create(
                .init(register: .asylum, subject: Self.tarasLatin, details: .asylum(.init(
                    appliedOn: "2026-03-01",
                    steps: [.init(kind: .decision, date: "2026-02-01", authority: "SMS of Ukraine", outcome: .grantedRefugee)]
                ))),
                idempotencyKey: nil, context: migration
            )
        }
        await refused("details.steps[0].kind") {
            _ = try await services.registers.create(
                .init(register: .asylum, subject: Self.tarasLatin, details: .asylum(.init(
                    appliedOn: "2026-03-01",
                    steps: [.init(kind: .appeal, date: "2026-04-01", authority: "Court", outcome: .pending)]
                ))),
                idempotencyKey: nil, context: migration
            )
        }
        await refused("subject") {
            _ = try await services.registers.create(
                .init(register: .residencePermit, details: Self.permit(from: "2026-05-01", until: "2027-04-30")),
                idempotencyKey: nil, context: migration
            )
        }
        let count = try await services.database.sql.raw("SELECT COUNT(*) AS n FROM register_record").first()?.decode(column: "n", as: Int.self)
        #expect(count == 0)
        let persons = try await services.database.sql.raw("SELECT COUNT(*) AS n FROM person").first()?.decode(column: "n", as: Int.self)
        #expect(persons == 0, "a refused record created a person")

        // A document that belongs to another person.
        let taras = try await services.registers.create(
            .init(register: .residencePermit, subject: Self.tarasLatin, details: Self.permit(from: "2026-05-01", until: "2027-04-30")),
            idempotencyKey: nil, context: migration
        )
        var other = Self.tarasLatin
        other.surname = "RUSU"
        other.document = nil
        let rusu = try await services.registers.create(
            .init(register: .offence, subject: other, details: .offence(.init(article: "203", committedOn: "2026-06-01"))),
            idempotencyKey: nil, context: migration
        )
        #expect(rusu.personId != taras.personId)
        await refused("subject.document.number", .conflict) {
            _ = try await services.registers.create(
                .init(register: .offence, personId: rusu.personId, subject: Self.tarasLatin, details: .offence(.init(article: "203", committedOn: "2026-06-01"))),
                idempotencyKey: nil, context: migration
            )
        }
        await refused("mergedId") {
            _ = try await services.identity.merge(survivorId: taras.personId, mergedId: taras.personId, reason: "same", context: migration)
        }
        await refused("details.fineAmount") {
            _ = try await services.registers.create(
                .init(register: .offence, personId: rusu.personId, details: .offence(.init(article: "203", committedOn: "2026-06-01", decidedOn: "2026-06-02", decision: .fine))),
                idempotencyKey: nil, context: migration
            )
        }
        await refused("endedOn") {
            _ = try await services.registers.end(taras.id, .init(version: 1, endedOn: "2026-04-01", reason: "before the start"), register: .residencePermit, context: migration)
        }
        // A first-line officer may not write a permit; a police analyst may not end the migration service's record.
        await #expect(throws: ServiceError.self) {
            _ = try await services.registers.create(
                .init(register: .residencePermit, subject: Self.tarasLatin, details: Self.permit(from: "2026-05-01", until: "2027-04-30")),
                idempotencyKey: nil, context: agency.context(.firstLine)
            )
        }
        let police = try await Self.analyst(services, .police, code: "UA-NPU")
        await refused("id", .forbidden) {
            _ = try await services.registers.end(rusu.id, .init(version: 1, endedOn: "2026-06-02", reason: "not mine"), register: .offence, context: police)
        }
        let after = try await services.database.sql.raw("SELECT COUNT(*) AS n FROM register_record").first()?.decode(column: "n", as: Int.self)
        #expect(after == 2)
    }

    @Test("a Cyrillic record finds the person by transliteration; a weaker match waits for an officer; merge and split lose nothing", arguments: TestDatabase.kinds)
    func identityResolution(kind: DatabaseKind) async throws {
        let (services, agency) = try await Self.setup(kind)
        let migration = agency.context(.migrationOfficer)
        let police = try await Self.analyst(services, .police, code: "UA-NPU")
        let permit = try await services.registers.create(
            .init(register: .residencePermit, subject: Self.tarasLatin, details: Self.permit(from: "2026-01-10", until: "2027-01-09")),
            idempotencyKey: nil, context: migration
        )
        // The police write the name in Cyrillic, with the full birth date and nationality: linked without asking.
        let offence = try await services.registers.create(
            .init(register: .offence, subject: .init(surname: "Шевченко", givenNames: "Тарас", birthDate: "1990-03-09", nationality: "MDA", sex: "M"),
                  details: .offence(.init(article: "203", committedOn: "2026-06-01", decidedOn: "2026-06-03", decision: .fine, fineAmount: 1700))),
            idempotencyKey: nil, context: police
        )
        #expect(offence.personId == permit.personId)
        #expect(offence.link == .matched)

        // The border guard knows only the birth year: a new person for now, and a review with the evidence.
        let apprehension = try await services.registers.create(
            .init(register: .irregularMigrant, subject: .init(surname: "SHEVCHENKO", givenNames: "TARAS", birthDate: "1990", nationality: "MDA"),
                  details: .irregularMigrant(.init(
                    apprehendedOn: "2026-07-01", place: "UA-ROAD-MAIAKY-UDOBNE", unit: "Podilsk border detachment",
                    identifiedBy: .statement, statedNationality: "MDA",
                    outcomes: [.init(kind: .readmissionRequest, date: "2026-07-02", toState: "MDA")]
                  ))),
            idempotencyKey: nil, context: agency.context(.secondLine)
        )
        #expect(apprehension.link == .queued)
        #expect(apprehension.personId != permit.personId)
        let reviews = try await services.identity.reviews(context: migration)
        let review = try #require(reviews.first { $0.review.recordId == apprehension.id })
        #expect(review.review.candidateId == permit.personId)
        #expect(review.review.evidence.contains { $0.hasPrefix("surname") })

        let decided = try await services.identity.decide(reviewId: review.review.id, samePerson: true, note: "same man, photo compared", context: migration)
        #expect(decided.status == .linked)
        await #expect(throws: ServiceError.self) {
            _ = try await services.identity.decide(reviewId: review.review.id, samePerson: false, note: nil, context: migration)
        }
        var timeline = try await services.identity.timeline(permit.personId, context: migration)
        let agencies = Set(timeline.entries.compactMap(\.agencyId))
        #expect(agencies.count == 3, "records of three agencies on one timeline: \(timeline.entries.map(\.kind))")
        #expect(Set(timeline.entries.map(\.kind)).isSuperset(of: ["residence_permit", "offence", "irregular_migrant"]))

        // The merge was wrong after all: split it, and the apprehension goes back with its own person.
        let merge = try #require(timeline.merges.first)
        _ = try await services.identity.split(mergeId: merge.id, reason: "different father's name on re-interview", context: migration)
        timeline = try await services.identity.timeline(permit.personId, context: migration)
        #expect(!timeline.entries.contains { $0.kind == "irregular_migrant" })
        let restored = try await services.identity.timeline(apprehension.personId, context: migration)
        #expect(restored.entries.contains { $0.recordId == apprehension.id })
        await #expect(throws: ServiceError.self) {
            _ = try await services.identity.split(mergeId: merge.id, reason: "again", context: migration)
        }

        // Search: a Cyrillic name typed in Latin, and the Latin one typed in Cyrillic.
        let found = try await services.identity.search(name: "Shevchenko Taras", birthDate: nil, nationality: nil, document: nil, context: migration)
        #expect(found.contains { $0.person.id == permit.personId })
        #expect(found.contains { $0.person.id == apprehension.personId }, "the namesake born in 1990 is a candidate too")
        let exact = try await services.identity.search(name: "Shevchenko Taras", birthDate: "1990-03-09", nationality: "MDA", document: nil, context: migration)
        #expect(exact.first?.person.id == permit.personId)
        let cyrillic = try await services.identity.search(name: "Шевченко", birthDate: "1990-03-09", nationality: nil, document: nil, context: migration)
        #expect(cyrillic.contains { $0.person.id == permit.personId })
        let byDocument = try await services.identity.search(name: nil, birthDate: nil, nationality: nil, document: "ab 1234567", context: migration)
        #expect(byDocument.first?.person.id == permit.personId)
    }

    @Test("the timeline runs newest first by the day things happened, not by when they were recorded", arguments: TestDatabase.kinds)
    func timelineByDay(kind: DatabaseKind) async throws {
        let (services, agency) = try await Self.setup(kind)
        let migration = agency.context(.migrationOfficer)
        let police = try await Self.analyst(services, .police, code: "UA-NPU")
        let permit = try await services.registers.create(
            .init(register: .residencePermit, subject: Self.tarasLatin, details: Self.permit(from: "2026-01-10", until: "2027-01-09")),
            idempotencyKey: nil, context: migration
        )
        let may = try await services.crossings.record(
            .init(
                personId: permit.personId, documentId: nil, pointCode: "UA-ROAD-MAIAKY-UDOBNE", direction: .entry,
                occurredAt: ISO8601DateFormatter().date(from: "2026-05-04T10:00:00Z")!, decision: .admitted,
                refusalReasons: nil, backdateReason: "recorded from the paper log"
            ),
            idempotencyKey: nil, context: agency.context(.secondLine)
        )
        // Recorded last, but committed in March: it belongs between the permit and the May crossing.
        let offence = try await services.registers.create(
            .init(register: .offence, subject: Self.tarasLatin,
                  details: .offence(.init(article: "203", committedOn: "2026-03-01", decidedOn: "2026-03-02", decision: .fine, fineAmount: 1700))),
            idempotencyKey: nil, context: police
        )
        let entries = try await services.identity.timeline(permit.personId, context: migration).entries
            .filter { ["crossing", "offence", "residence_permit"].contains($0.kind) }
        #expect(entries.map(\.recordId) == [may.id, offence.id, permit.id], "\(entries.map { "\($0.kind) \($0.day)" })")
        try await services.database.shutdown()
    }

    @Test("a split after the survivor was merged on would orphan records: refused until the later merge is split", arguments: TestDatabase.kinds)
    func splitOrder(kind: DatabaseKind) async throws {
        let (services, agency) = try await Self.setup(kind)
        let migration = agency.context(.migrationOfficer)
        var ids: [UUID] = []
        for (surname, number) in [("ADAMS", "X1"), ("BAKER", "X2"), ("CLARK", "X3")] {
            let subject = RegisterSubject(surname: surname, givenNames: "JO", birthDate: "1980-01-01", nationality: "GBR",
                                          document: .init(number: number, issuingState: "GBR"))
            ids.append(try await services.registers.create(
                .init(register: .offence, subject: subject, details: .offence(.init(article: "203", committedOn: "2026-06-01"))),
                idempotencyKey: nil, context: migration
            ).personId)
        }
        let first = try await services.identity.merge(survivorId: ids[1], mergedId: ids[0], reason: "one man", context: migration)
        let second = try await services.identity.merge(survivorId: ids[2], mergedId: ids[1], reason: "one man again", context: migration)
        await #expect {
            _ = try await services.identity.split(mergeId: first.id, reason: "wrong", context: migration)
        } throws: { ($0 as? ServiceError)?.detail.contains("orphaned") == true }
        _ = try await services.identity.split(mergeId: second.id, reason: "wrong", context: migration)
        _ = try await services.identity.split(mergeId: first.id, reason: "wrong", context: migration)
        for id in ids {
            let timeline = try await services.identity.timeline(id, context: migration)
            #expect(timeline.entries.filter { $0.kind == "offence" }.count == 1)
            #expect(timeline.entries.filter { $0.kind == "document" }.count == 1)
        }
    }

    @Test("an entry ban is screened at the border as an alert made from the record, and ending the ban withdraws it", arguments: TestDatabase.kinds)
    func entryBanIsScreened(kind: DatabaseKind) async throws {
        let (services, agency) = try await Self.setup(kind)
        let migration = agency.context(.migrationOfficer)
        let ban = try await services.registers.create(
            .init(register: .entryBan, subject: .init(surname: "Кравець", givenNames: "Петро", birthDate: "1975-11-20", nationality: "RUS", sex: "M"),
                  details: .entryBan(.init(bannedFrom: "2026-01-01", bannedUntil: "2031-01-01", reason: "Art. 13 Law on the Legal Status of Foreigners", authority: "SMS of Ukraine"))),
            idempotencyKey: nil, context: migration
        )
        let alert = try #require(try await services.database.repositories.alerts.find(id: ban.id))
        #expect(alert.category == .entryBan)
        #expect(alert.status == .active)
        #expect(alert.surname == "Кравець")
        let hits = services.screening.screen(person: .init(surname: "KRAVETS", givenNames: "PETRO", birthDate: .init(iso: "1975-11-20"), nationality: "RUS"))
        #expect(hits.contains { $0.alertId == ban.id })
        _ = try await services.registers.end(ban.id, .init(version: 1, endedOn: Self.day(0), reason: "lifted by court"), register: .entryBan, context: migration)
        let withdrawn = try #require(try await services.database.repositories.alerts.find(id: ban.id))
        #expect(withdrawn.status == .withdrawn)
        #expect(!services.screening.screen(person: .init(surname: "KRAVETS", givenNames: "PETRO", birthDate: .init(iso: "1975-11-20"), nationality: "RUS")).contains { $0.alertId == ban.id })
    }

    @Test("a stored authorisation that cannot be read refers the check, naming the record", arguments: TestDatabase.kinds)
    func unreadableAuthorisationRefers(kind: DatabaseKind) async throws {
        let (services, agency) = try await Self.setup(kind)
        let migration = agency.context(.migrationOfficer)
        let subject = RegisterSubject(surname: "RUSU", givenNames: "ION", birthDate: "1985-04-12", nationality: "MDA", sex: "M",
                                      document: .init(number: "AB1234567", issuingState: "MDA"))
        let permit = try await services.registers.create(
            .init(register: .residencePermit, subject: subject, details: Self.permit(from: Self.day(-200), until: Self.day(200))),
            idempotencyKey: nil, context: migration
        )
        try await services.database.sql.raw("UPDATE authorisation SET details = '{\"type\": \"residencePermit\", \"validFrom\": 7}' WHERE id = \(bind: permit.id)").run()
        let result = try await services.checks.check(
            .init(mrz: try CheckServiceTests.mrz(surname: "RUSU", nationality: "MDA", number: "AB1234567"), pointCode: "UA-ROAD-MAIAKY-UDOBNE", direction: .entry),
            context: agency.context(.firstLine)
        )
        #expect(result.recommendation == .refer)
        #expect(result.reasons.contains { $0.code == "authorisation-unreadable" && $0.text.contains(permit.id.uuidString.lowercased()) })
    }

    @Test("the border check reads the permit from the register: valid, the traveller is authorised; ended today, he is not", arguments: TestDatabase.kinds)
    func checkReadsPermit(kind: DatabaseKind) async throws {
        let (services, agency) = try await Self.setup(kind)
        let migration = agency.context(.migrationOfficer)
        // India is not on Ukraine's visa-free list: without a permit or a visa, entry is not authorised.
        let subject = RegisterSubject(surname: "SHARMA", givenNames: "ION", birthDate: "1985-04-12", nationality: "IND", sex: "M",
                                      document: .init(number: "Z1234567", issuingState: "IND"))
        let permit = try await services.registers.create(
            .init(register: .residencePermit, subject: subject, details: Self.permit(from: Self.day(-100), until: Self.day(265))),
            idempotencyKey: nil, context: migration
        )
        let request = CheckService.CheckRequest(
            mrz: try CheckServiceTests.mrz(surname: "SHARMA", nationality: "IND", number: "Z1234567"), pointCode: "UA-ROAD-SHEHYNI",
            direction: .entry
        )
        let before = try await services.checks.check(request, context: agency.context(.firstLine))
        #expect(before.stay?.authorised == true, "\(before.reasons)")
        #expect(before.stay?.basis == "residence-permit" || before.stay?.basis.contains("permit") == true, "\(String(describing: before.stay))")
        _ = try await services.registers.end(
            permit.id, .init(version: 1, endedOn: Self.day(0), reason: "cancelled: false employment contract"),
            register: .residencePermit, context: migration
        )
        let after = try await services.checks.check(request, context: agency.context(.firstLine))
        #expect(after.stay?.authorised == false, "\(String(describing: after.stay))")
        #expect(after.recommendation == .refer)
    }

    @Test("two officers amend one record at the same moment: one wins, the other gets 409, no version is lost", arguments: TestDatabase.kinds)
    func concurrentAmendments(kind: DatabaseKind) async throws {
        let (services, agency) = try await Self.setup(kind)
        let migration = agency.context(.migrationOfficer)
        let permit = try await services.registers.create(
            .init(register: .residencePermit, subject: Self.tarasLatin, details: Self.permit(from: "2026-01-01", until: "2026-12-31")),
            idempotencyKey: nil, context: migration
        )
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for until in ["2027-06-30", "2027-12-31"] {
                group.addTask {
                    do {
                        _ = try await services.registers.amend(
                            permit.id, .init(register: .residencePermit, version: 1, reason: "extended to \(until)",
                                             details: Self.permit(from: "2026-01-01", until: until)),
                            context: migration
                        )
                        return true
                    } catch { return false }
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 1, "\(outcomes)")
        let detail = try await services.registers.get(permit.id, register: .residencePermit, context: migration)
        #expect(detail.history.map(\.version) == [1, 2])
    }
}
