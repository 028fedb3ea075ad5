import Foundation
import Store

/// The event types a subscriber can ask for, each tied to the resource of the need-to-know policy it
/// is about (issue 12 item 1): a delivery shows a payload field only when the receiver's grant on that
/// resource shows the field it stands for, so a webhook never carries more than the API would.
public struct EventKind: Sendable, Hashable {
    public let type: String
    public let resource: Resource
    /// Payload key → the resource field it carries (`crossingId` → `id`). A key not listed here is
    /// never delivered: a new payload field is hidden until someone decides which field it is.
    public let fields: [String: String]
    public let summary: String
}

public enum EventCatalog {
    /// Every event type that can be subscribed to, by type.
    public static let kinds: [String: EventKind] = Dictionary(
        uniqueKeysWithValues: all.map { ($0.type, $0) }
    )

    static let all: [EventKind] = {
        let crossing = [
            "crossingId": "id", "personId": "personId", "checkId": "checkId", "pointCode": "pointCode",
            "direction": "direction", "decision": "decision", "occurredAt": "occurredAt",
            "documentNumber": "documentNumber", "issuingState": "issuingState", "nationality": "nationality", "plate": "plate",
            "customsReference": "customsReference",
        ]
        let alert = [
            "alertId": "id", "category": "category", "version": "version", "action": "action", "status": "status",
        ]
        let screening = [
            "alertId": "alertId", "alertVersion": "alertVersion", "personId": "personId", "category": "category",
            "action": "action", "score": "score", "matched": "matched", "source": "source", "dismissalId": "id",
        ]
        let flight = [
            "flightId": "id", "flight": "flight", "departureDate": "departureDate", "pointCode": "pointCode",
            "travellers": "travellers", "hits": "hits", "amended": "amended", "alertId": "alertId",
            "alertVersion": "alertVersion", "category": "category", "action": "action", "score": "score",
            "matched": "matched", "source": "source",
        ]
        let check = [
            "checkId": "id", "personId": "personId", "pointCode": "pointCode", "hits": "hits", "reason": "reason",
            "officerId": "officerId",
        ]
        let permit = [
            "permitId": "id", "personId": "personId", "kind": "kind", "status": "status", "validFrom": "validFrom",
            "validUntil": "validUntil",
        ]
        return [
            EventKind(type: "crossing.recorded", resource: .crossing, fields: crossing, summary: "A crossing was recorded"),
            EventKind(type: "check.referred", resource: .check, fields: check, summary: "A check was sent to second line"),
            EventKind(type: "check.override", resource: .check, fields: check, summary: "Admitted despite a confirmed hit"),
            EventKind(type: "alert.created", resource: .alert, fields: alert, summary: "An alert was issued"),
            EventKind(type: "alert.updated", resource: .alert, fields: alert, summary: "An alert was changed"),
            EventKind(type: "alert.withdrawn", resource: .alert, fields: alert, summary: "An alert was withdrawn"),
            EventKind(type: "screening.hit", resource: .screening, fields: screening, summary: "A person in the country matched an alert"),
            EventKind(type: "screening.dismissed", resource: .screening, fields: screening, summary: "A false positive was remembered"),
            EventKind(type: "manifest.received", resource: .flight, fields: flight, summary: "A passenger list arrived"),
            EventKind(type: "manifest.hit", resource: .flight, fields: flight, summary: "An expected traveller matched an alert"),
            EventKind(type: "person.created", resource: .person, fields: ["personId": "id"], summary: "A person was recorded"),
            EventKind(type: "permit.changed", resource: .authorisation, fields: permit, summary: "A residence permit changed"),
        ]
    }()
}
