import Foundation
import Store

extension ManifestService {
    // MARK: - The flight board

    /// Flights arriving from `from` to `to` (default: the last 12 hours to the next 48), at one crossing
    /// point or all, by scheduled arrival, with their counts. Counts only, no personal data: still on
    /// the record, as the analysts' reading of what is expected.
    public func board(pointCode: String?, from: Date? = nil, to: Date? = nil, context: AccessContext) async throws
        -> [FlightSummary]
    {
        try context.authorize(.read, .flight)
        let now = clock()
        let start = from ?? now.addingTimeInterval(-12 * 3600)
        let end = to ?? now.addingTimeInterval(48 * 3600)
        guard start < end else { throw ServiceError.invalid("to", "must be after from") }
        guard end.timeIntervalSince(start) <= 31 * 86_400 else {
            throw ServiceError.invalid("to", "the board covers at most 31 days; narrow from and to")
        }
        if let pointCode, try await database.repositories.crossingPoints.find(code: pointCode) == nil {
            throw ServiceError.invalid("point", "unknown crossing point")
        }
        let window = self.window
        return try await database.transaction { (tx: Repositories) -> [FlightSummary] in
            let flights = try await tx.manifests.flights(pointCode: pointCode, arrivingFrom: start, to: end, limit: 500)
            let counts = try await tx.manifests.counts(flightIds: flights.map(\.id))
            try await tx.audit.append(
                [context.audit("flight.board", "flight", ids: flights.map(\.id.uuidString), persons: [])], at: now
            )
            return flights.map {
                FlightSummary($0, counts: counts[$0.id] ?? FlightCounts(), status: window.status(of: $0, at: now))
            }
        }
    }

    /// A flight with its travellers and their hits, hits first (audited: the list is personal data).
    public func flight(_ id: UUID, context: AccessContext) async throws -> FlightDetail {
        try context.authorize(.read, .flight)
        let now = clock()
        let window = self.window
        return try await database.transaction { (tx: Repositories) -> FlightDetail in
            guard let flight = try await tx.manifests.flight(id: id) else {
                throw ServiceError(.notFound, field: "id", "no flight with this id")
            }
            let travellers = try await tx.manifests.travellers(flightId: id)
            let hits = try await tx.manifests.hits(flightId: id)
            let reviewers = try await Self.officerNames(Set(hits.compactMap(\.resolvedBy)), tx: tx)
            let counts = try await tx.manifests.counts(flightIds: [id])
            let status = window.status(of: flight, at: now)
            let byKey = Dictionary(grouping: hits.map { ($0.travellerKey, ManifestHitView($0, reviewers: reviewers)) }) {
                $0.0
            }
            let views = travellers.map { traveller in
                ManifestTravellerView(
                    traveller: traveller,
                    status: traveller.checkId != nil ? .arrived : (status == .closed ? .notArrived : .expected),
                    hits: (byKey[traveller.travellerKey] ?? []).map(\.1)
                )
            }
            try await tx.audit.append(
                [context.audit("flight.read", "flight", ids: [id.uuidString], persons: [])], at: now
            )
            return FlightDetail(
                flight: FlightSummary(flight, counts: counts[id] ?? FlightCounts(), status: status),
                travellers: Self.hitsFirst(views)
            )
        }
    }

    /// Open hits first, then reviewed hits, then the rest; by name within each group.
    static func hitsFirst(_ travellers: [ManifestTravellerView]) -> [ManifestTravellerView] {
        func rank(_ view: ManifestTravellerView) -> Int { view.openHits > 0 ? 0 : (view.hits.isEmpty ? 2 : 1) }
        func name(_ view: ManifestTravellerView) -> String {
            "\(view.traveller.surname ?? "") \(view.traveller.givenNames ?? "")".uppercased()
        }
        return travellers.sorted { (rank($0), name($0), $0.traveller.position) < (rank($1), name($1), $1.traveller.position) }
    }

    static func officerNames(_ ids: Set<UUID>, tx: Repositories) async throws -> [UUID: String] {
        var names: [UUID: String] = [:]
        for id in ids {
            if let officer = try await tx.agencies.officer(id: id) { names[id] = officer.name }
        }
        return names
    }

    // MARK: - Review

    /// Second line marks a manifest hit confirmed, or not the same person: the check hit resolution's
    /// shape (`POST /v1/checks/{id}/hits/{alertId}/resolve`). A false positive on a traveller with a
    /// document is also remembered against the document (issue 5 dismissals), so the border check and
    /// later re-screening do not raise it again until the alert changes.
    public func resolveHit(flightId: UUID, hitId: UUID, resolution: String, note: String?, context: AccessContext)
        async throws -> ManifestHitView
    {
        try context.authorize(.resolve, .flight)
        guard ["confirmed", "false_positive"].contains(resolution) else {
            throw ServiceError.invalid("resolution", "must be confirmed or false_positive")
        }
        let note = try Validate.name(note ?? "", field: "note", allowEmpty: true, max: 2000)
        let now = clock()
        let (hit, traveller) = try await database.transaction { (tx: Repositories) -> (ManifestHit, ManifestTraveller?) in
            guard var hit = try await tx.manifests.hit(id: hitId), hit.flightId == flightId else {
                throw ServiceError(.notFound, field: "hitId", "this flight has no hit with this id")
            }
            try await tx.manifests.resolve(
                hitId: hitId, resolution: resolution, officer: context.principal.officerId, note: note, at: now
            )
            try await tx.audit.append(
                [context.audit(
                    "manifest_hit.resolve", "flight", ids: [flightId.uuidString, hitId.uuidString], persons: []
                )],
                at: now
            )
            hit.resolution = resolution
            hit.resolvedBy = context.principal.officerId
            hit.resolvedAt = now
            hit.resolutionNote = note
            let traveller = try await tx.manifests.travellers(flightId: flightId).first { $0.travellerKey == hit.travellerKey }
            return (hit, traveller)
        }
        if resolution == "false_positive", let traveller, let subject = ManifestScreening.subject(of: traveller) {
            _ = try await watchlists.dismiss(
                subject: subject, alertId: hit.alertId, note: note.isEmpty ? "manifest review" : note, context: context
            )
        }
        let names = [context.principal.officerId: try await database.repositories.agencies.officer(id: context.principal.officerId)?.name ?? ""]
        return ManifestHitView(hit, reviewers: names)
    }
}
