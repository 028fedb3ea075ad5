import Foundation
import SQLKit

extension CrossingRepository {
    /// Persons currently in the country: those whose latest admitted crossing is an entry (a refused
    /// attempt does not move anyone across the border). Paged by person id, `limit` at most after `cursor`.
    ///
    /// Uses the (person, time) index for the "no later admitted crossing" test.
    public func personsInCountry(after cursor: UUID?, limit: Int) async throws -> [Person] {
        let cursorClause: SQLQueryString = cursor.map { (id: UUID) -> SQLQueryString in "AND p.id > \(bind: id)" } ?? ""
        let query: SQLQueryString = """
            SELECT p.id, p.surname, p.given_names, p.birth_date, p.sex, p.nationality, p.created_by_agency,
                p.created_at
            FROM person p JOIN crossing c ON c.person_id = p.id
            WHERE c.direction = 'entry' AND c.decision = 'admitted' \(cursorClause)
            AND NOT EXISTS (
                SELECT 1 FROM crossing later WHERE later.person_id = c.person_id AND later.decision = 'admitted'
                AND (later.occurred_at > c.occurred_at OR (later.occurred_at = c.occurred_at AND later.id > c.id))
            )
            ORDER BY p.id LIMIT \(literal: limit)
            """
        return try await db.raw(query).all().map(PersonRepository.decode)
    }
}

extension CrossingRepository {
    /// A recorded travel document of a person in the country.
    public struct HeldDocument: Sendable, Hashable {
        public var personId: UUID
        public var number: String
        public var issuingState: String
    }

    /// The recorded documents with one of these numbers (exact) held by persons in the country, as
    /// ``personsInCountry(after:limit:)`` defines them. Uses the `travel_document (number)` index.
    public func documentsInCountry(numbers: [String]) async throws -> [HeldDocument] {
        var held: [HeldDocument] = []
        for chunk in numbers.chunked(into: 500) {
            let query: SQLQueryString = """
                SELECT d.person_id, d.number, d.issuing_state FROM travel_document d
                WHERE d.number IN (\(binds: Array(chunk)))
                AND EXISTS (
                    SELECT 1 FROM crossing c WHERE c.person_id = d.person_id AND c.direction = 'entry'
                    AND c.decision = 'admitted'
                    AND NOT EXISTS (
                        SELECT 1 FROM crossing later WHERE later.person_id = c.person_id
                        AND later.decision = 'admitted'
                        AND (later.occurred_at > c.occurred_at OR (later.occurred_at = c.occurred_at AND later.id > c.id))
                    )
                )
                """
            for row in try await db.raw(query).all() {
                held.append(
                    HeldDocument(
                        personId: try row.decode(column: "person_id", as: UUID.self),
                        number: try row.decode(column: "number", as: String.self),
                        issuingState: try row.decode(column: "issuing_state", as: String.self)
                    )
                )
            }
        }
        return held
    }
}
