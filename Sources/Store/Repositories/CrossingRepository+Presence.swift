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
