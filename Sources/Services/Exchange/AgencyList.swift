import Foundation
import Store

/// The persons on one agency's own list, as far as a batch of events concerns them (issue 12 item 1, "persons on
/// its own list"): those its active register records are about, and the documents its active alerts name.
///
/// Loaded for the events at hand rather than whole, so a police unit with a long list costs two indexed queries
/// per batch, and an alert issued a second ago already counts for the next crossing. An alert that names a person
/// by name only reaches the agency through `screening.hit` and the check's hits, not through this list: matching
/// names is screening's job, with its explanations, not a delivery filter's.
public struct AgencyList: Sendable, Hashable {
    public var personIds: Set<UUID>
    /// `AlertRepository.listKey` of each listed document.
    public var documents: Set<String>

    public init(personIds: Set<UUID> = [], documents: Set<String> = []) {
        self.personIds = personIds
        self.documents = documents
    }

    /// Whether an event's payload names a person or a document on the list.
    public func contains(_ payload: [String: String]) -> Bool {
        if let person = payload["personId"].flatMap(UUID.init(uuidString:)), personIds.contains(person) { return true }
        guard let number = payload["documentNumber"] else { return false }
        return documents.contains(AlertRepository.listKey(number: number, issuingState: payload["issuingState"]))
    }

    /// The part of `agencyId`'s list that `events` name.
    public static func load(agencyId: UUID, for events: [Event], at now: Date, repositories: Repositories) async throws
        -> AgencyList
    {
        var persons: Set<UUID> = []
        var documents: [(number: String, issuingState: String?)] = []
        for event in events {
            guard let payload = try? JSONDecoder().decode([String: String].self, from: Data(event.payload.utf8)) else {
                continue
            }
            if let person = payload["personId"].flatMap(UUID.init(uuidString:)) { persons.insert(person) }
            if let number = payload["documentNumber"] { documents.append((number, payload["issuingState"])) }
        }
        return AgencyList(
            personIds: try await repositories.registers.personsOnList(agencyId: agencyId, personIds: Array(persons)),
            documents: try await repositories.alerts.documentsOnList(agencyId: agencyId, documents: documents, at: now)
        )
    }
}
