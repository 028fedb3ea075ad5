import Foundation
import Screening
import Store

extension WatchlistService {
    /// Re-screening (issue 5 item 5): the people in the country (latest admitted crossing an entry)
    /// against the alerts just created or changed, through a small index of those alerts alone, so the
    /// cost is one pass over the people present, not over the watchlist. Each hit not remembered as a
    /// false positive becomes a `screening.hit` event; one audit entry names the persons hit.
    ///
    /// - Returns: the number of hits written.
    @discardableResult
    func rescreen(_ records: [AlertRecord], now: Date) async throws -> Int {
        let active = records.filter { $0.isInForce(at: now) }
        guard !active.isEmpty else { return 0 }
        // Built and screened off Swift's cooperative pool: seconds of CPU for a large import (``IndexBuilds``).
        let index = await IndexBuilds.run { ScreeningIndex(alerts: active.map(\.screeningAlert)) }
        let byKey = Dictionary(active.map { (AlertRecord.key($0.id), $0) }, uniquingKeysWith: { $1 })
        var events: [NewEvent] = []
        var persons: [UUID] = []
        var cursor: UUID?
        let pageSize = 1_000
        let namesPeople = active.contains { $0.surname != nil || $0.givenNames != nil || !$0.aliases.isEmpty }
        while namesPeople {
            let page = try await database.repositories.presence.persons(after: cursor, limit: pageSize)
            let screening = self.screening
            let found = await IndexBuilds.run { () -> [(UUID, NewEvent)] in
                var found: [(UUID, NewEvent)] = []
                for person in page {
                    let subject = ScreeningSubject.person(person.id)
                    let query = PersonQuery(
                        surname: person.surname, givenNames: person.givenNames,
                        birthDate: person.birthDate.flatMap(AlertRecord.screeningBirthDate),
                        nationality: person.nationality, sex: Sex(parsing: person.sex) ?? .unknown
                    )
                    let hits = index.screen(query) { id in
                        guard let alert = byKey[id] else { return true }
                        return screening.isDismissed(subject, alertId: alert.id, version: alert.version)
                    }
                    for hit in hits {
                        guard let alert = byKey[hit.alertID] else { continue }
                        found.append((person.id, Self.hitEvent(alert, personId: person.id, score: hit.score, matched: "person")))
                    }
                }
                return found
            }
            for (person, event) in found {
                persons.append(person)
                events.append(event)
            }
            guard page.count == pageSize, let last = page.last else { break }
            cursor = last.id
        }
        // Documents recorded for people in the country against lost/stolen document alerts (exact
        // number; the OCR-folded comparison happens in the index, on the numbers found).
        let numbers = Array(Set(active.compactMap(\.documentNumber)))
        if !numbers.isEmpty {
            for held in try await database.repositories.presence.documents(numbers: numbers) {
                let subject = ScreeningSubject.person(held.personId)
                let document = DocumentReference(number: held.number, issuingState: held.issuingState)
                let hits = index.screen(document: document) { id in
                    guard let alert = byKey[id] else { return true }
                    return screening.isDismissed(subject, alertId: alert.id, version: alert.version)
                        || screening.isDismissed(
                            .document(number: held.number, issuingState: held.issuingState), alertId: alert.id,
                            version: alert.version
                        )
                }
                for hit in hits {
                    guard let alert = byKey[hit.alertID] else { continue }
                    persons.append(held.personId)
                    events.append(Self.hitEvent(alert, personId: held.personId, score: hit.score, matched: "document"))
                }
            }
        }
        let hitsOfExpectedPassengers = try await rescreenExpectedPassengers(against: index, alerts: active, now: now)
        guard !events.isEmpty else { return hitsOfExpectedPassengers }
        let written = events
        let subjects = persons
        // The alerts that hit, not every alert re-screened: an import of a million alerts must not
        // write a million ids into one audit entry.
        let alertsHit = Array(Set(written.map(\.aggregateId))).sorted()
        // After an import or a change, not at the booth: a border check's write goes first.
        _ = try await database.transaction(priority: .bulk) { (repositories: Repositories) in
            for chunk in written.chunked(into: 500) { try await repositories.outbox.append(Array(chunk), at: now) }
            try await repositories.audit.append(
                [AuditRecord(
                    officerId: nil, agencyId: nil, requestId: nil, purpose: "rescreening", action: "screening.rescreen",
                    resourceType: "alert", resourceIds: alertsHit, personIds: subjects
                )],
                at: now
            )
        }
        return written.count + hitsOfExpectedPassengers
    }

    /// A `screening.hit` event: identifiers and codes only; receivers read the person under their own audit.
    static func hitEvent(_ alert: AlertRecord, personId: UUID, score: Double, matched: String) -> NewEvent {
        NewEvent(
            type: "screening.hit", aggregateType: "alert", aggregateId: alert.id.uuidString, agencyId: alert.agencyId,
            payload: [
                "alertId": alert.id.uuidString, "alertVersion": "\(alert.version)", "personId": personId.uuidString,
                "category": alert.category.rawValue, "action": alert.action.rawValue,
                "score": String(format: "%.4f", score), "matched": matched, "source": "rescreen.in_country",
            ]
        )
    }
}
