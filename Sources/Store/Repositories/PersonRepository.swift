import Foundation
import SQLKit

/// Persons and their travel documents.
public struct PersonRepository: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) { self.db = db }

    public func insert(_ persons: [Person]) async throws {
        for chunk in persons.chunked(into: 500) {
            let insert = db.insert(into: "person").columns(
                "id", "surname", "given_names", "birth_date", "sex", "nationality", "created_by_agency", "created_at"
            )
            for p in chunk {
                insert.values(
                    SQLBind(p.id), SQLBind(p.surname), SQLBind(p.givenNames), SQLBind(p.birthDate), SQLBind(p.sex),
                    SQLBind(p.nationality), SQLBind(p.createdByAgency), SQLBind(p.createdAt)
                )
            }
            try await insert.run()
        }
    }

    public func find(id: UUID) async throws -> Person? {
        try await PreparedRead.rows(of: PersonByIdStatement(id: id), on: db).first.map(Self.decode)
    }

    /// Many persons by id (batched `IN` lists).
    public func find(ids: [UUID]) async throws -> [UUID: Person] {
        var result: [UUID: Person] = [:]
        for chunk in ids.chunked(into: 500) {
            for row in try await db.select().column("*").from("person").where("id", .in, SQLBind.group(Array(chunk))).all() {
                let person = try Self.decode(row)
                result[person.id] = person
            }
        }
        return result
    }

    static func decode(_ row: any SQLRow) throws -> Person { try decode(row, prefix: "") }

    /// A person from a row, its columns named with `prefix` where a join shares the row with another table's.
    static func decode(_ row: any SQLRow, prefix: String) throws -> Person {
        Person(
            id: try row.decodeUUID(column: prefix + "id"),
            surname: try row.decode(column: prefix + "surname", as: String.self),
            givenNames: try row.decode(column: prefix + "given_names", as: String.self),
            birthDate: try row.decode(column: prefix + "birth_date", as: String?.self),
            sex: try row.decode(column: prefix + "sex", as: String.self),
            nationality: try row.decode(column: prefix + "nationality", as: String.self),
            createdByAgency: try row.decodeUUID(column: prefix + "created_by_agency"),
            createdAt: try row.decode(column: prefix + "created_at", as: Date.self)
        )
    }

    /// The recorded document with this number and state, and its holder, in one read (a border check's first):
    /// the document with exactly this code, else one stored under the code's first letter (`P` for a scanned `PO`).
    public func holder(issuingState: String, number: String, documentCode: String) async throws
        -> (document: TravelDocumentRecord, person: Person)?
    {
        let statement = HolderStatement(issuingState: issuingState, number: number, documentCode: documentCode)
        guard let row = try await PreparedRead.rows(of: statement, on: db).first else { return nil }
        return (try Self.decodeDocument(row), try Self.decode(row, prefix: "p_"))
    }

    // MARK: - Documents

    public func insert(_ documents: [TravelDocumentRecord]) async throws {
        for chunk in documents.chunked(into: 500) {
            let insert = db.insert(into: "travel_document").columns(
                "id", "person_id", "document_code", "issuing_state", "number", "expiry_date", "mrz", "created_at"
            )
            for d in chunk {
                insert.values(
                    SQLBind(d.id), SQLBind(d.personId), SQLBind(d.documentCode), SQLBind(d.issuingState),
                    SQLBind(d.number), SQLBind(d.expiryDate), SQLBind(d.mrz?.joined(separator: "\n")),
                    SQLBind(d.createdAt)
                )
            }
            try await insert.run()
        }
    }

    public func document(id: UUID) async throws -> TravelDocumentRecord? {
        try await db.select().column("*").from("travel_document").where("id", .equal, SQLBind(id)).first()
            .map(Self.decodeDocument)
    }

    public func documents(personId: UUID) async throws -> [TravelDocumentRecord] {
        try await db.select().column("*").from("travel_document").where("person_id", .equal, SQLBind(personId))
            .orderBy("created_at").all().map(Self.decodeDocument)
    }

    /// The recorded document with this number, state and code, if any.
    public func document(issuingState: String, number: String, documentCode: String) async throws
        -> TravelDocumentRecord?
    {
        let statement = DocumentStatement(issuingState: issuingState, number: number, documentCode: documentCode)
        return try await PreparedRead.rows(of: statement, on: db).first.map(Self.decodeDocument)
    }

    static func decodeDocument(_ row: any SQLRow) throws -> TravelDocumentRecord {
        let mrz = try row.decode(column: "mrz", as: String?.self)
        return TravelDocumentRecord(
            id: try row.decodeUUID(column: "id"),
            personId: try row.decodeUUID(column: "person_id"),
            documentCode: try row.decode(column: "document_code", as: String.self),
            issuingState: try row.decode(column: "issuing_state", as: String.self),
            number: try row.decode(column: "number", as: String.self),
            expiryDate: try row.decode(column: "expiry_date", as: String?.self),
            mrz: mrz.map { $0.split(separator: "\n").map(String.init) },
            createdAt: try row.decode(column: "created_at", as: Date.self)
        )
    }
}
