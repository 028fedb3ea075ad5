import Foundation
import Screening
import Store

extension CheckResult {
    /// The manifest a checked traveller came on (issue 7 item 3): the officer sees that the traveller
    /// was screened before landing, and whether second line has already reviewed the hits.
    public struct Prescreen: Codable, Sendable, Hashable {
        public var flightId: UUID
        /// `PS 102`.
        public var flight: String
        public var from: String?
        public var to: String
        public var scheduledArrival: Date
        /// Hits found on the traveller before landing, and how many are not yet reviewed.
        public var hits: Int
        public var openHits: Int
        /// Names of the officers who reviewed them.
        public var reviewedBy: [String]
        /// "Pre-screened on flight PS 102 (AMS → KBP): 2 hits, reviewed by …".
        public var text: String
    }
}

extension CheckService {
    /// The manifest traveller this check meets: an entry at the flight's arrival crossing point, the
    /// same document (number as `DocumentReference` folds it, and issuing state), within the arrival
    /// window around the scheduled arrival (``ArrivalWindow``). Returns the view for the result and
    /// the traveller to mark arrived in the check's transaction.
    static func prescreen(
        documentNumber: String?, issuingState: String?, pointCode: String, direction: Crossing.Direction, now: Date,
        window: ArrivalWindow = ArrivalWindow(), repositories: Repositories
    ) async throws -> (CheckResult.Prescreen, UUID)? {
        guard direction == .entry, let documentNumber, let issuingState else { return nil }
        let number = DocumentReference.normalizedNumber(documentNumber)
        guard !number.isEmpty,
            let traveller = try await repositories.manifests.traveller(
                documentNumber: number, issuingState: issuingState, pointCode: pointCode,
                arrivingFrom: now.addingTimeInterval(-window.late), to: now.addingTimeInterval(window.early)
            ),
            let flight = try await repositories.manifests.flight(id: traveller.flightId)
        else { return nil }
        let hits = try await repositories.manifests.hits(flightId: flight.id)
            .filter { $0.travellerKey == traveller.travellerKey }
        var reviewers: [String] = []
        for id in Set(hits.compactMap(\.resolvedBy)).sorted(by: { $0.uuidString < $1.uuidString }) {
            if let officer = try await repositories.agencies.officer(id: id) { reviewers.append(officer.name) }
        }
        let open = hits.filter { $0.resolution == nil }.count
        var text = "Pre-screened on flight \(flight.label) (\(flight.departurePort ?? "?") → \(flight.arrivalPort)): "
        if hits.isEmpty {
            text += "no hits."
        } else {
            text += "\(hits.count) hit\(hits.count == 1 ? "" : "s")"
            if !reviewers.isEmpty { text += ", reviewed by " + reviewers.joined(separator: ", ") }
            text += open > 0 ? "; \(open) not yet reviewed." : "."
        }
        let view = CheckResult.Prescreen(
            flightId: flight.id, flight: flight.label, from: flight.departurePort, to: flight.arrivalPort,
            scheduledArrival: flight.scheduledArrival, hits: hits.count, openHits: open, reviewedBy: reviewers,
            text: text
        )
        return (view, traveller.id)
    }
}
