import Foundation
import Store

/// Seeds a fresh database with the demo's agencies, officers, travellers and two years of crossings.
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
    static let agencies: [AdminService.NewAgency] = [
        .init(code: "UA-SBGS", name: "State Border Guard Service of Ukraine", country: "UKR", kind: .borderGuard),
        .init(code: "UA-SMS", name: "State Migration Service of Ukraine", country: "UKR", kind: .migrationService),
        .init(code: "UA-MFA", name: "Ministry of Foreign Affairs of Ukraine, consular service", country: "UKR", kind: .foreignAffairs),
        .init(code: "UA-NPU", name: "National Police of Ukraine", country: "UKR", kind: .police),
        .init(code: "UA-CUSTOMS", name: "State Customs Service of Ukraine", country: "UKR", kind: .customs),
        .init(code: "MD-BP", name: "Border Police of the Republic of Moldova", country: "MDA", kind: .partner),
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
        ("UA-MFA", "Consul Melnyk", .migrationOfficer),
        ("UA-NPU", "Inspector Polishchuk", .analyst),
        ("UA-CUSTOMS", "Inspector Oliinyk", .firstLine),
        ("MD-BP", "Ofițer Rusu (joint control, Palanca)", .partner),
        ("MD-BP", "Administrator Ceban", .admin),
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

extension Array {
    func chunked(into size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
