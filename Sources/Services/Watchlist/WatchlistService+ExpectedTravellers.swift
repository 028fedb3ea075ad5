import Foundation
import Screening
import Store

extension WatchlistService {
    /// Re-screening of expected travellers (issue 7 item 4; issue 5 item 5 for the people in the
    /// country): the travellers of flights still arriving (arrival window open, not yet met at the
    /// border) against the alerts just created or changed, through `index`, which holds those alerts
    /// alone. Hits are stored on the flight (a stored hit keeps its review unless the alert's version
    /// is newer); each new one becomes a `manifest.hit` event; one audit entry names the flights.
    ///
    /// - Returns: the number of new hits.
    func rescreenExpectedPassengers(against index: ScreeningIndex, alerts: [AlertRecord], now: Date) async throws
        -> Int
    {
        let byKey = Dictionary(alerts.map { (AlertRecord.key($0.id), $0) }, uniquingKeysWith: { $1 })
        let repository = database.repositories.manifests
        let known = try await repository.hitVersions(alertIds: alerts.map(\.id))
        let cutoff = now.addingTimeInterval(-ArrivalWindow().late)
        func resolved(_ hits: [Hit]) -> [AlertHit] {
            hits.compactMap { hit in
                byKey[hit.alertID].map {
                    AlertHit(
                        alertId: $0.id, alertVersion: $0.version, category: $0.category, action: $0.action,
                        agencyId: $0.agencyId, hit: hit
                    )
                }
            }
        }
        func dismissed(_ subject: ScreeningSubject?, _ id: String) -> Bool {
            guard let alert = byKey[id] else { return true }
            guard let subject else { return false }
            return screening.isDismissed(subject, alertId: alert.id, version: alert.version)
        }
        var found: [ManifestHit] = []
        var cursor: UUID?
        let pageSize = 1_000
        while true {
            let page = try await repository.expectedTravellers(arrivingAfter: cutoff, after: cursor, limit: pageSize)
            for traveller in page {
                let matches = ManifestScreening.matches(
                    of: traveller,
                    person: { query, subject in resolved(index.screen(query) { dismissed(subject, $0) }) },
                    document: { document, subject in resolved(index.screen(document: document) { dismissed(subject, $0) }) }
                )
                found += matches.map {
                    ManifestScreening.record($0.hit, matched: $0.matched, traveller: traveller, source: "rescreen", at: now)
                }
            }
            guard page.count == pageSize, let last = page.last else { break }
            cursor = last.id
        }
        guard !found.isEmpty else { return 0 }
        let fresh = found.filter { hit in
            let key = ManifestRepository.hitKey(flightId: hit.flightId, travellerKey: hit.travellerKey, alertId: hit.alertId)
            return (known[key] ?? 0) < hit.alertVersion
        }
        let hits = found
        _ = try await database.transaction { (tx: Repositories) in
            try await tx.manifests.upsert(hits)
            guard !fresh.isEmpty else { return }
            try await tx.outbox.append(fresh.map(Self.manifestHitEvent), at: now)
            try await tx.audit.append(
                [AuditRecord(
                    officerId: nil, agencyId: nil, requestId: nil, purpose: "rescreening", action: "manifest.rescreen",
                    resourceType: "flight", resourceIds: Array(Set(fresh.map(\.flightId.uuidString))).sorted(),
                    personIds: []
                )],
                at: now
            )
        }
        return fresh.count
    }

    /// A `manifest.hit` event: identifiers and codes only; receivers read the flight under their own audit.
    static func manifestHitEvent(_ hit: ManifestHit) -> NewEvent {
        NewEvent(
            type: "manifest.hit", aggregateType: "flight", aggregateId: hit.flightId.uuidString, agencyId: nil,
            payload: [
                "flightId": hit.flightId.uuidString, "alertId": hit.alertId.uuidString,
                "alertVersion": "\(hit.alertVersion)", "category": hit.category, "action": hit.action,
                "score": String(format: "%.4f", hit.score), "matched": hit.matched, "source": "rescreen.expected_flight",
            ]
        )
    }
}
