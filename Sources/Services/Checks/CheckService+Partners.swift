import Foundation
import Screening
import Store

/// The neighbouring state's crossings beside ours (issue 12 item 4): what a crossing tells the partner about
/// the traveller, and what the partner told us about him.
extension CheckService {
    /// The traveller's document, nationality and vehicle plate, for the `crossing.recorded` event: the
    /// partner's grant (joint points only) decides whether they leave the installation.
    static func travellerPayload(_ result: CheckResult) -> [String: String] {
        var payload: [String: String] = [:]
        if let number = result.document.documentNumber { payload["documentNumber"] = DocumentReference.normalizedNumber(number) }
        if let state = result.document.issuingState { payload["issuingState"] = state }
        if let nationality = result.document.nationality { payload["nationality"] = nationality }
        if let plate = result.plate ?? result.plateRead?.text { payload["plate"] = plate }
        return payload
    }

    /// The partners' crossings of this document in the last day, newest first, with each partner's code and state.
    static func partnerCrossings(documentNumber: String?, issuingState: String?, now: Date, repositories: Repositories)
        async throws -> [CheckResult.PartnerCrossingView]
    {
        guard let documentNumber, let issuingState else { return [] }
        let found = try await repositories.partners.crossings(
            documents: [(issuingState, DocumentReference.normalizedNumber(documentNumber))], since: now - 86_400, limit: 5
        )
        guard !found.isEmpty else { return [] }
        let partners = Dictionary(try await repositories.partners.all().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return found.map { crossing in
            CheckResult.PartnerCrossingView(
                partner: partners[crossing.partnerId]?.code ?? "?", country: partners[crossing.partnerId]?.country ?? "?",
                pointCode: crossing.pointCode, direction: crossing.direction, decision: crossing.decision,
                occurredAt: crossing.occurredAt, plate: crossing.plate, customsReference: crossing.customsReference
            )
        }
    }
}
