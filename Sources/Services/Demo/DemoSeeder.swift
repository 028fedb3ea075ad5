import Foundation
import StayRules
import Store

/// Seeds a fresh database with the demo's agencies, officers, travellers, two years of crossings,
/// visas, permits, overstayers and watchlists.
public struct DemoSeeder: Sendable {
    public struct Credentials: Codable, Sendable {
        public struct Entry: Codable, Sendable {
            public var name: String
            public var agency: String
            public var role: String
            public var token: String
        }

        public var url: String
        public var officers: [Entry]
    }

    /// The agencies of the seeds (issue 3 item 9).
    public static let agencies: [AdminService.NewAgency] = [
        .init(code: "UA-SBGS", name: "State Border Guard Service of Ukraine", country: "UKR", kind: .borderGuard),
        .init(code: "UA-SMS", name: "State Migration Service of Ukraine", country: "UKR", kind: .migrationService),
        .init(code: "UA-MFA", name: "Ministry of Foreign Affairs of Ukraine, consular service", country: "UKR", kind: .foreignAffairs),
        .init(code: "UA-NPU", name: "National Police of Ukraine", country: "UKR", kind: .police),
        .init(code: "UA-CUSTOMS", name: "State Customs Service of Ukraine", country: "UKR", kind: .customs),
        .init(code: "MD-BP", name: "Border Police of the Republic of Moldova", country: "MDA", kind: .partner),
        .init(code: "UA-OMBUDSMAN", name: "Parliament Commissioner for Human Rights (data protection oversight)", country: "UKR", kind: .oversight),
        .init(code: "KORDON-OPS", name: "Kordon installation operator", country: "UKR", kind: .installation),
    ]

    /// (agency code, invented officer name, role).
    static let officers: [(String, String, Role)] = [
        ("UA-SBGS", "Officer Kovalenko (first line, Shehyni)", .firstLine),
        ("UA-SBGS", "Officer Marchenko (first line, Yahodyn)", .firstLine),
        ("UA-SBGS", "Officer Hrytsenko (first line, Palanca)", .firstLine),
        ("UA-SBGS", "Officer Savchuk (second line)", .secondLine),
        ("UA-SBGS", "Analyst Tkachuk (targeting)", .analyst),
        ("UA-SBGS", "Auditor Lysenko", .auditor),
        ("UA-SBGS", "Administrator Boiko", .admin),
        ("UA-SMS", "Officer Rudenko (registers)", .migrationOfficer),
        ("UA-SMS", "Administrator Moroz", .admin),
        ("UA-SMS", "Statistician Petrenko", .analyst),
        ("UA-MFA", "Consul Melnyk", .analyst),
        ("UA-NPU", "Inspector Polishchuk", .analyst),
        ("UA-CUSTOMS", "Inspector Oliinyk", .analyst),
        ("MD-BP", "Ofițer Rusu (joint control, Palanca)", .partner),
        ("MD-BP", "Administrator Ceban", .admin),
        ("UA-OMBUDSMAN", "Inspector Shevchenko (oversight)", .auditor),
        ("KORDON-OPS", "Operator Kravets", .operator),
    ]

    public let services: KordonServices

    public init(services: KordonServices) { self.services = services }

    /// Seeds everything; `makeMRZ` builds a document's MRZ lines from its fields (TravelDocuments),
    /// `progress` is told (done, total) as crossings are written.
    public func seed(
        persons personCount: Int, crossings crossingCount: Int, seed: UInt64, url: String,
        makeMRZ: @Sendable (SyntheticPopulation.Traveller) -> [String]?,
        progress: @Sendable (String, Int, Int) -> Void
    ) async throws -> Credentials {
        let now = services.clock()
        var agencyByCode: [String: Agency] = [:]
        for input in Self.agencies {
            agencyByCode[input.code] = try await services.admin.createAgency(input)
        }
        var entries: [Credentials.Entry] = []
        var issuedOfficers: [Officer] = []
        for (code, name, role) in Self.officers {
            guard let agency = agencyByCode[code] else { continue }
            let issued = try await services.admin.createOfficer(agencyId: agency.id, name: name, role: role)
            issuedOfficers.append(issued.officer)
            entries.append(.init(name: name, agency: code, role: role.rawValue, token: issued.token))
        }
        guard let sbgs = agencyByCode["UA-SBGS"] else { return Credentials(url: url, officers: entries) }

        let travellers = SyntheticPopulation.travellers(count: personCount, seed: seed, agencyId: sbgs.id, now: now)
        var documents: [TravelDocumentRecord] = []
        documents.reserveCapacity(travellers.count)
        for (index, traveller) in travellers.enumerated() {
            var rng = SeededGenerator(seed: seed &+ UInt64(index) &* 7919)
            documents.append(
                TravelDocumentRecord(
                    id: UUID(uuid: SyntheticPopulation.randomUUIDBytes(&rng)), personId: traveller.person.id,
                    documentCode: traveller.documentCode, issuingState: traveller.person.nationality,
                    number: traveller.documentNumber, expiryDate: traveller.expiryDate, mrz: makeMRZ(traveller),
                    createdAt: now
                )
            )
        }
        let persons = travellers.map(\.person)
        let finalDocuments = documents
        try await services.database.transaction { (repositories: Repositories) in
            try await repositories.persons.insert(persons)
            try await repositories.persons.insert(finalDocuments)
        }
        progress("persons", persons.count, persons.count)

        let points = try await services.crossingPoints()
        let crossings = SyntheticTraffic.crossings(
            total: crossingCount, travellers: travellers, documentIds: documents.map(\.id), points: points,
            firstLine: issuedOfficers.filter { $0.role == .firstLine && $0.agencyId == sbgs.id },
            secondLine: issuedOfficers.filter { $0.role == .secondLine }, days: 730, seed: seed &+ 1, now: now
        )
        let chunk = 10_000
        var written = 0
        for slice in crossings.chunked(into: chunk) {
            let batch = Array(slice)
            try await services.database.transaction { (repositories: Repositories) in
                try await repositories.crossings.insert(batch)
            }
            written += batch.count
            progress("crossings", written, crossings.count)
        }
        try await seedStays(travellers: travellers, documentIds: documents.map(\.id), agency: sbgs, officers: issuedOfficers,
            seed: seed, now: now, makeMRZ: makeMRZ)
        try await services.rebuildPresence()
        progress("visas, permits, overstayers", 1, 1)
        let registerRecords = try await seedRegisters(
            travellers: travellers, officers: issuedOfficers, agencies: agencyByCode, seed: seed, now: now
        )
        progress("register records", registerRecords, registerRecords)
        let alertCount = try await seedWatchlists(travellers: travellers, seed: seed, agencyId: sbgs.id, now: now)
        progress("watchlist alerts", alertCount, alertCount)
        let flights = try await seedManifests(
            travellers: travellers, analyst: issuedOfficers.first { $0.role == .analyst && $0.agencyId == sbgs.id },
            now: now
        )
        progress("flight manifests", flights, flights)

        // The seeding itself is on the record: a system entry, no officer.
        try await services.database.transaction { (repositories: Repositories) in
            try await repositories.audit.append(
                [AuditRecord(
                    officerId: nil, agencyId: sbgs.id, requestId: nil, purpose: "demo_seed", action: "demo.seed",
                    resourceType: "database", resourceIds: [], personIds: []
                )],
                at: now
            )
        }
        return Credentials(url: url, officers: entries)
    }
}

extension DemoSeeder {
    /// Visas for the travellers who need one, residence permits and protection for some, and a few
    /// overstayers, so the stay rules and the overstayer list show something real.
    func seedStays(
        travellers: [SyntheticPopulation.Traveller], documentIds: [UUID], agency: Agency, officers: [Officer],
        seed: UInt64, now: Date, makeMRZ: @Sendable (SyntheticPopulation.Traveller) -> [String]?
    ) async throws {
        var rng = SeededGenerator(seed: seed &+ 77)
        let visaFree = try await services.database.repositories.checks.visaFreeNationalities()
        let today = CalendarDay(date: now)
        func day(_ offset: Int) -> CalendarDay { CalendarDay(daysSinceEpoch: today.daysSinceEpoch + offset) ?? today }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var records: [AuthorisationRecord] = []
        func add(_ authorisation: Authorisation, kind: String, person: UUID, from: CalendarDay, until: CalendarDay?) throws {
            records.append(AuthorisationRecord(
                personId: person, kind: kind, validFrom: from.description, validUntil: until?.description,
                details: String(decoding: try encoder.encode(authorisation), as: UTF8.self), issuedByAgency: agency.id,
                createdAt: now
            ))
        }
        for traveller in travellers where traveller.person.nationality != "UKR" {
            let person = traveller.person.id
            if !visaFree.contains(traveller.person.nationality) {
                let from = day(-800)
                let until = day(Int.random(in: 30...400, using: &rng))
                try add(.visa(Visa(kind: .shortStay, validFrom: from, validUntil: until, entries: .multiple, entriesUsed: 0, durationOfStay: 90)),
                    kind: "visa", person: person, from: from, until: until)
            } else if Double.random(in: 0..<1, using: &rng) < 0.02 {
                let from = day(-Int.random(in: 30...500, using: &rng))
                let until = day(Int.random(in: 60...900, using: &rng))
                try add(.residencePermit(ResidencePermit(kind: .temporary, validFrom: from, validUntil: until)),
                    kind: "residence_permit", person: person, from: from, until: until)
            } else if traveller.person.nationality == "XXA" {
                let from = day(-Int.random(in: 100...700, using: &rng))
                try add(.protection(ProtectionStatus(kind: .complementary, validFrom: from, validUntil: nil)),
                    kind: "protection", person: person, from: from, until: nil)
            }
        }

        // Overstayers: visa-free foreigners who entered 95–220 days ago and have not left.
        let candidates = SyntheticPopulation.travellers(count: 400, seed: seed &+ 991, agencyId: agency.id, now: now)
            .filter { $0.person.nationality != "UKR" && visaFree.contains($0.person.nationality) }
            .prefix(40)
        let overstayers = Array(candidates)
        let points = try await services.crossingPoints().filter { $0.status == "operating" && $0.kind == "road" }
        let firstLine = officers.filter { $0.role == .firstLine && $0.agencyId == agency.id }
        var documents: [TravelDocumentRecord] = []
        var crossings: [Crossing] = []
        for traveller in overstayers {
            let document = TravelDocumentRecord(
                personId: traveller.person.id, documentCode: traveller.documentCode,
                issuingState: traveller.person.nationality, number: traveller.documentNumber + "9",
                expiryDate: traveller.expiryDate, mrz: makeMRZ(traveller), createdAt: now
            )
            documents.append(document)
            let entered = now.addingTimeInterval(-Double(Int.random(in: 95...220, using: &rng)) * 86_400)
            let officer = firstLine.randomElement(using: &rng) ?? officers[0]
            crossings.append(Crossing(
                personId: traveller.person.id, documentId: document.id,
                pointCode: (points.randomElement(using: &rng) ?? points[0]).code, direction: .entry, occurredAt: entered,
                officerId: officer.id, agencyId: officer.agencyId, decision: .admitted, recordedAt: entered
            ))
        }
        let finalRecords = records
        let finalDocuments = documents
        let finalCrossings = crossings
        try await services.database.transaction { (repositories: Repositories) in
            try await repositories.persons.insert(overstayers.map(\.person))
            try await repositories.persons.insert(finalDocuments)
            try await repositories.crossings.insert(finalCrossings)
            try await repositories.checks.insert(finalRecords)
        }
    }
}

extension Array {
    func chunked(into size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
