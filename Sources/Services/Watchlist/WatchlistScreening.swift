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
        var agencies: [UUID: Agency] = [:]
        for hit in best.values.sorted(by: { $0.score > $1.score }) {
            var checkHit = Self.checkHit(hit)
            if agencies[hit.agencyId] == nil {
                agencies[hit.agencyId] = try await watchlists.database.repositories.agencies.find(id: hit.agencyId)
            }
            let agency = agencies[hit.agencyId]
            checkHit.agency = agency?.code
            if let record = try await watchlists.database.repositories.alerts.find(id: hit.alertId) {
                checkHit.reference = record.reference
                checkHit.reason = record.reason
                checkHit.subject = Self.subject(record, agency: agency)
            }
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

    /// The alert's subject as the alert writes it.
    static func subject(_ record: AlertRecord, agency: Agency?) -> CheckHit.AlertSubject {
        func name(_ parts: [String?]) -> String? {
            let joined = parts.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            return joined.isEmpty ? nil : joined
        }
        let document = record.documentNumber.map { [record.issuingState, $0].compactMap { $0 }.joined(separator: " ") }
        return CheckHit.AlertSubject(
            name: name([record.surname, record.givenNames, record.patronymic]),
            otherNames: record.aliases.compactMap { name([$0.surname, $0.givenNames, $0.patronymic]) },
            birthDate: record.birthDate, nationality: record.nationality, document: document, plate: record.plate,
            agencyName: agency?.name, validUntil: record.validUntil
        )
    }

    static func checkHit(_ hit: AlertHit) -> CheckHit {
        CheckHit(
            alertId: AlertRecord.key(hit.alertId), category: hit.category.rawValue, action: hit.action.rawValue,
            score: (hit.score * 1000).rounded() / 1000,
            summary: "\(labels[hit.category] ?? hit.category.rawValue) (alert version \(hit.alertVersion)): "
                + "\(hit.action.rawValue), score \(String(format: "%.2f", hit.score))",
            explanation: hit.hit.explanation.fields.map { field in
                CheckHit.ExplanationRow(
                    field: field.field.rawValue, how: field.how.description + (field.corroborated ? ", corroborated" : "")
                        + (field.weakened ? ", weakened" : ""),
                    contribution: (field.contribution * 1000).rounded() / 1000
                )
            }
        )
    }
}
