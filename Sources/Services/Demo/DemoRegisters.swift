import Foundation
import Store

/// The registers in the demo (issue 11 item 6): records of four agencies written through the register service, so
/// the resolver links them as it would in production, including records it must leave to an officer.
///
/// The stories (all names invented):
/// - KARIMOV Rustam (UZB, born 1990-07-21): crossings at the border, a visa from the consulate, a work permit from
///   the migration service (linked by document), an offence written by the police in Cyrillic (`Каримов Рустам`,
///   linked by name and birth date), an apprehension by the border guard who knew only the birth year (queued for a
///   migration officer to decide).
/// - AL-HADID Karim (SYR, born 1991-02-14): an asylum application written in Cyrillic with his passport, granted
///   complementary protection; an apprehension by the border guard in Latin, with the full birth date (linked).
/// - NGUYEN Van An (VNM): apprehended on the green border, a readmission request, an entry ban.
/// - and for travellers already in the demo: permits by document, police offences by name, citizenship acquired.
extension DemoSeeder {
    struct Story {
        var surname: String
        var given: String
        var cyrillicSurname: String
        var cyrillicGiven: String
        var born: String
        var nationality: String
        var sex: String
        var passport: String
    }

    static let stories = [
        Story(surname: "KARIMOV", given: "RUSTAM", cyrillicSurname: "Каримов", cyrillicGiven: "Рустам", born: "1990-07-21",
              nationality: "UZB", sex: "M", passport: "FA4417020"),
        Story(surname: "AL HADID", given: "KARIM", cyrillicSurname: "Аль-Хадід", cyrillicGiven: "Карім", born: "1991-02-14",
              nationality: "SYR", sex: "M", passport: "N01234567"),
        Story(surname: "NGUYEN", given: "VAN AN", cyrillicSurname: "Нгуєн", cyrillicGiven: "Ван Ан", born: "1996-11-02",
              nationality: "VNM", sex: "M", passport: "C7730051"),
    ]

    func seedRegisters(
        travellers: [SyntheticPopulation.Traveller], officers: [Officer], agencies: [String: Agency], seed: UInt64, now: Date
    ) async throws -> Int {
        func context(_ code: String, _ role: Role) -> AccessContext? {
            guard let agency = agencies[code], let officer = officers.first(where: { $0.agencyId == agency.id && $0.role == role })
            else { return nil }
            return AccessContext(
                principal: Principal(
                    officerId: officer.id, agencyId: agency.id, role: role, agencyKind: agency.kind, agencyCountry: agency.country,
                    credentialId: "demo-seed"
                ),
                purpose: "demo_seed", requestId: nil, policy: services.policy
            )
        }
        guard let migration = context("UA-SMS", .migrationOfficer), let consulate = context("UA-MFA", .analyst),
            let police = context("UA-NPU", .analyst), let border = context("UA-SBGS", .secondLine)
        else { return 0 }
        let registers = services.registers
        var count = 0
        func record(_ input: NewRegisterRecord, _ who: AccessContext) async throws -> RegisterRecordView {
            count += 1
            return try await registers.create(input, idempotencyKey: nil, context: who)
        }
        func day(_ offset: Int) -> String {
            ISO8601DateFormatter.string(from: now.addingTimeInterval(Double(offset) * 86_400), timeZone: .gmt, formatOptions: [.withFullDate])
        }
        let points = try await services.crossingPoints().filter { $0.status == "operating" && $0.kind == "road" }
        let firstLine = officers.filter { $0.role == .firstLine }

        // The stories' persons first cross the border, as travellers do.
        for story in Self.stories {
            let person = Person(surname: story.surname, givenNames: story.given, birthDate: story.born, sex: story.sex,
                                nationality: story.nationality, createdByAgency: border.principal.agencyId, createdAt: now.addingTimeInterval(-400 * 86_400))
            let document = TravelDocumentRecord(personId: person.id, documentCode: "P", issuingState: story.nationality,
                                                number: story.passport, expiryDate: day(1500), mrz: nil, createdAt: person.createdAt)
            var crossings: [Crossing] = []
            if let point = points.first, let officer = firstLine.first, story.nationality != "VNM" {
                for (days, direction) in [(-380, Crossing.Direction.entry), (-300, .exit), (-120, .entry)] {
                    let at = now.addingTimeInterval(Double(days) * 86_400)
                    crossings.append(Crossing(personId: person.id, documentId: document.id, pointCode: point.code, direction: direction,
                                              occurredAt: at, officerId: officer.id, agencyId: officer.agencyId, decision: .admitted, recordedAt: at))
                }
            }
            let finalCrossings = crossings
            try await services.database.transaction { (repositories: Repositories) in
                try await repositories.persons.insert([person])
                try await repositories.persons.insert([document])
                try await repositories.crossings.insert(finalCrossings)
            }
        }
        let karimov = Self.stories[0], hadid = Self.stories[1], nguyen = Self.stories[2]
        func latin(_ s: Story, born: String? = nil, document: Bool = true) -> RegisterSubject {
            RegisterSubject(surname: s.surname, givenNames: s.given, birthDate: born ?? s.born, nationality: s.nationality, sex: s.sex,
                            document: document ? SubjectDocument(documentCode: "P", number: s.passport, issuingState: s.nationality) : nil)
        }
        func cyrillic(_ s: Story, document: Bool) -> RegisterSubject {
            RegisterSubject(surname: s.cyrillicSurname, givenNames: s.cyrillicGiven, birthDate: s.born, nationality: s.nationality, sex: s.sex,
                            document: document ? SubjectDocument(documentCode: "P", number: s.passport, issuingState: s.nationality) : nil)
        }

        _ = try await record(.init(register: .visa, subject: latin(karimov), details: .visa(.init(
            visaType: .longStay, visaNumber: "D0048812", entries: .multiple, validFrom: day(-130), validUntil: day(230),
            durationOfStay: nil, issuedAt: "Consulate of Ukraine in Tashkent"))), consulate)
        _ = try await record(.init(register: .residencePermit, subject: latin(karimov), details: .residencePermit(.init(
            permitType: .temporary, purpose: .work, cardNumber: "TP0118422", validFrom: day(-100), validUntil: day(265),
            issuingAuthority: "SMS in Kyiv oblast"))), migration)
        _ = try await record(.init(register: .offence, subject: cyrillic(karimov, document: false), details: .offence(.init(
            article: "203", committedOn: day(-40), decidedOn: day(-38), decision: .fine, fineAmount: 1700, paid: true, paidOn: day(-30)))), police)
        _ = try await record(.init(register: .irregularMigrant, subject: latin(karimov, born: String(karimov.born.prefix(4)), document: false),
            details: .irregularMigrant(.init(apprehendedOn: day(-20), place: "Kyiv, Podilskyi district", unit: "Kyiv detachment mobile unit",
                identifiedBy: .statement, statedNationality: "UZB", outcomes: [.init(kind: .release, date: day(-19), note: "permit shown later")]))), border)

        _ = try await record(.init(register: .asylum, subject: cyrillic(hadid, document: true), details: .asylum(.init(
            appliedOn: day(-200), placeOfApplication: "Boryspil airport",
            steps: [.init(kind: .decision, date: day(-90), authority: "SMS of Ukraine", outcome: .grantedComplementary)]))), migration)
        _ = try await record(.init(register: .irregularMigrant, subject: latin(hadid, document: false), details: .irregularMigrant(.init(
            apprehendedOn: day(-230), place: "Chop railway station", unit: "Chop border detachment", identifiedBy: .document,
            statedNationality: "SYR", establishedNationality: "SYR", outcomes: [.init(kind: .asylumClaim, date: day(-229))]))), border)

        let apprehension = try await record(.init(register: .irregularMigrant, subject: latin(nguyen, document: false), details: .irregularMigrant(.init(
            apprehendedOn: day(-60), place: "green border near Mamalyha", unit: "Chernivtsi border detachment", identifiedBy: .consularConfirmation,
            statedNationality: "CHN", establishedNationality: "VNM",
            outcomes: [.init(kind: .detention, date: day(-60)), .init(kind: .readmissionRequest, date: day(-58), toState: "MDA")]))), border)
        _ = try await record(.init(register: .entryBan, personId: apprehension.personId, subject: latin(nguyen, document: false),
            details: .entryBan(.init(bannedFrom: day(-55), bannedUntil: day(3 * 365 - 55), reason: "Art. 13: illegal crossing of the state border",
                                     authority: "SMS of Ukraine"))), migration)

        // Travellers already in the demo: permits by document, offences by name (some with only the birth year: queued),
        // citizenship acquired.
        var rng = SeededGenerator(seed: seed &+ 4242)
        let foreigners = travellers.filter { $0.person.nationality != "UKR" && $0.person.birthDate?.count == 10 }
        for (index, traveller) in foreigners.prefix(60).enumerated() {
            let p = traveller.person
            let subject = RegisterSubject(surname: p.surname, givenNames: p.givenNames, birthDate: p.birthDate, nationality: p.nationality,
                                          sex: p.sex, document: .init(documentCode: traveller.documentCode, number: traveller.documentNumber, issuingState: p.nationality))
            switch index % 6 {
            case 0, 1:
                let from = -Int.random(in: 30...600, using: &rng)
                _ = try await record(.init(register: .residencePermit, subject: subject, details: .residencePermit(.init(
                    permitType: index % 12 == 0 ? .permanent : .temporary, purpose: [.work, .study, .family][index % 3],
                    cardNumber: "TP\(100_000 + index)", validFrom: day(from), validUntil: index % 12 == 0 ? nil : day(from + 730)))), migration)
            case 2, 3:
                var byName = subject
                byName.document = nil
                // One in four police records knows only the year of birth: the resolver asks an officer.
                if index % 4 == 3, let born = p.birthDate { byName.birthDate = String(born.prefix(4)) }
                _ = try await record(.init(register: .offence, subject: byName, details: .offence(.init(
                    article: index % 2 == 0 ? "203" : "204-1", committedOn: day(-Int.random(in: 10...300, using: &rng))))), police)
            case 4:
                _ = try await record(.init(register: .citizenship, subject: subject, details: .citizenship(.init(
                    change: .acquired, effectiveOn: day(-Int.random(in: 30...900, using: &rng)), basis: "Art. 9 naturalisation",
                    decisionReference: "Decree \(700 + index)/2025"))), migration)
            default:
                continue
            }
        }
        return count
    }
}
