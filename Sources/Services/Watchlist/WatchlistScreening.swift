import Foundation
import Screening
import Store

/// The border check's screening (`TravellerScreening`) served by the watchlists' in-memory index:
/// the person against entry bans, wanted and missing persons, the document against lost/stolen
/// documents, the plate against stolen vehicles; remembered false positives of `subjectKey` left out.
public struct WatchlistScreening: TravellerScreening {
    let index: ScreeningIndexService
    let watchlists: WatchlistService

    public init(index: ScreeningIndexService, watchlists: WatchlistService) {
        self.index = index
        self.watchlists = watchlists
    }

    public func screen(_ traveller: TravellerQuery) async throws -> [CheckHit] {
        let subject = ScreeningSubject(key: traveller.subjectKey)
        var hits: [AlertHit] = []
        if !(traveller.surname + traveller.givenNames).trimmingCharacters(in: .whitespaces).isEmpty {
            let query = PersonQuery(
                surname: traveller.surname, givenNames: traveller.givenNames,
                birthDate: traveller.birthDate.flatMap(AlertRecord.screeningBirthDate),
                nationality: traveller.nationality, sex: traveller.sex.flatMap { Sex(parsing: $0) } ?? .unknown
            )
            hits += index.screen(person: query, subject: subject)
        }
        if let number = traveller.documentNumber, !number.isEmpty {
            hits += index.screen(
                document: DocumentReference(number: number, issuingState: traveller.issuingState), subject: subject
            )
        }
        if let plate = traveller.plate, !plate.isEmpty {
            hits += index.screen(plate: plate, subject: subject)
        }
        var best: [UUID: AlertHit] = [:]
        for hit in hits where hit.score > (best[hit.alertId]?.score ?? -1) { best[hit.alertId] = hit }
        // The officer quotes the issuing agency's reference and reads its reason: a few hits at
        // most, so they are read from the store rather than kept in the index's memory.
        var result: [CheckHit] = []
        var agencyCodes: [UUID: String] = [:]
        for hit in best.values.sorted(by: { $0.score > $1.score }) {
            var checkHit = Self.checkHit(hit)
            if let record = try await watchlists.database.repositories.alerts.find(id: hit.alertId) {
                checkHit.reference = record.reference
                checkHit.reason = record.reason
            }
            if agencyCodes[hit.agencyId] == nil {
                agencyCodes[hit.agencyId] = try await watchlists.database.repositories.agencies.find(id: hit.agencyId)?.code
            }
            checkHit.agency = agencyCodes[hit.agencyId]
            result.append(checkHit)
        }
        return result
    }

    public func dismiss(alertId: String, subjectKey: String, note: String, context: AccessContext) async throws {
        guard let id = UUID(uuidString: alertId) else {
            throw ServiceError(.notFound, field: "alertId", "no alert with this id")
        }
        _ = try await watchlists.dismiss(subject: ScreeningSubject(key: subjectKey), alertId: id, note: note, context: context)
    }

    static let labels: [AlertRecord.Category: String] = [
        .entryBan: "Entry ban", .wantedPerson: "Wanted person", .missingPerson: "Missing person",
        .lostStolenDocument: "Lost or stolen document", .stolenVehicle: "Stolen vehicle",
    ]

    static func checkHit(_ hit: AlertHit) -> CheckHit {
        CheckHit(
            alertId: AlertRecord.key(hit.alertId), category: hit.category.rawValue, action: hit.action.rawValue,
            score: (hit.score * 1000).rounded() / 1000,
            summary: "\(labels[hit.category] ?? hit.category.rawValue) (alert version \(hit.alertVersion)): "
                + "\(hit.action.rawValue), score \(String(format: "%.2f", hit.score))",
            explanation: hit.hit.explanation.fields.map { field in
                CheckHit.ExplanationRow(
                    field: field.field.rawValue, how: field.how.description + (field.corroborated ? ", corroborated" : ""),
                    contribution: (field.contribution * 1000).rounded() / 1000
                )
            }
        )
    }
}
