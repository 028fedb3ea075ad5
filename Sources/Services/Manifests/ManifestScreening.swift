import Foundation
import Screening
import Store

/// Screens manifest travellers the way the border check screens a traveller (issue 5): the person
/// (names in any script, birth date, nationality, sex) against entry bans, wanted and missing persons,
/// the travel document against lost/stolen documents. Remembered false positives are keyed by the
/// document (`ScreeningSubject.document`), the one identity a manifest and a check share.
enum ManifestScreening {
    /// What one traveller matched, best hit per alert.
    typealias Match = (hit: AlertHit, matched: String)

    /// Screens `travellers` against the process's index, in parallel chunks: the index is an
    /// immutable snapshot per call (STYLE.md §14), so chunks share nothing but it. Small chunks (about
    /// 16 a manifest) keep every core busy to the end: a traveller's cost varies tenfold with his name,
    /// and with four chunks on two cores one slow chunk left a core idle (1.5 cores used, measured).
    static func screen(_ travellers: [ManifestTraveller], index: ScreeningIndexService, now: Date) async
        -> [ManifestHit]
    {
        let chunkSize = max(16, (travellers.count + 15) / 16)
        return await withTaskGroup(of: [ManifestHit].self) { group in
            for chunk in travellers.chunked(into: chunkSize) {
                // On every core, not on the event loop the request came in on (``ParallelWork``).
                group.addTask(executorPreference: ParallelWork.executor) {
                    chunk.flatMap { traveller in
                        matches(
                            of: traveller, person: { index.screen(person: $0, subject: $1) },
                            document: { index.screen(document: $0, subject: $1) }
                        ).map { record($0.hit, matched: $0.matched, traveller: traveller, source: "manifest", at: now) }
                    }
                }
            }
            var hits: [ManifestHit] = []
            for await part in group { hits += part }
            return hits
        }
    }

    /// The best hit per alert for one traveller, through the two screening calls given.
    static func matches(
        of traveller: ManifestTraveller, person: (PersonQuery, ScreeningSubject?) -> [AlertHit],
        document: (DocumentReference, ScreeningSubject?) -> [AlertHit]
    ) -> [Match] {
        let subject = subject(of: traveller)
        var found: [Match] = []
        let surname = traveller.surname ?? ""
        let givenNames = traveller.givenNames ?? ""
        if !surname.isBlank || !givenNames.isBlank {
            let query = PersonQuery(
                surname: surname, givenNames: givenNames,
                birthDate: traveller.birthDate.flatMap(AlertRecord.screeningBirthDate),
                nationality: traveller.nationality, sex: traveller.sex.flatMap { Sex(parsing: $0) } ?? .unknown
            )
            found += person(query, subject).map { ($0, "person") }
        }
        for reference in documents(of: traveller) {
            found += document(reference, subject).map { ($0, "document") }
        }
        var best: [UUID: Match] = [:]
        for match in found where match.hit.score > (best[match.hit.alertId]?.hit.score ?? -1) {
            best[match.hit.alertId] = match
        }
        return best.values.sorted { $0.hit.score > $1.hit.score }
    }

    /// Every document of the traveller with a number (passport, visa, identity card…), each once; rows
    /// stored before documents were kept give their one document.
    static func documents(of traveller: ManifestTraveller) -> [DocumentReference] {
        var seen: Set<String> = []
        var references: [DocumentReference] = []
        var all = traveller.documents.compactMap { d in d.number.map { ($0, d.issuingState) } }
        if let number = traveller.documentNumber { all.insert((number, traveller.issuingState), at: 0) }
        for (number, state) in all where seen.insert("\(state ?? "")|\(number)").inserted {
            references.append(DocumentReference(number: number, issuingState: state))
        }
        return references
    }

    /// Whose remembered false positives apply: the document, when the manifest gives one.
    static func subject(of traveller: ManifestTraveller) -> ScreeningSubject? {
        traveller.documentNumber.map { ScreeningSubject.document(number: $0, issuingState: traveller.issuingState) }
    }

    /// A stored hit in the border check's shape (summary and explanation rows of `CheckHit`).
    static func record(_ hit: AlertHit, matched: String, traveller: ManifestTraveller, source: String, at now: Date)
        -> ManifestHit
    {
        let shown = WatchlistScreening.checkHit(hit)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let explanation = (try? encoder.encode(shown.explanation)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        return ManifestHit(
            flightId: traveller.flightId, travellerKey: traveller.travellerKey, alertId: hit.alertId,
            alertVersion: hit.alertVersion, category: hit.category.rawValue, action: hit.action.rawValue,
            matched: matched, score: shown.score, summary: shown.summary, explanation: explanation, source: source,
            foundAt: now
        )
    }
}
