import Foundation
import SQLKit

/// Merging two persons and splitting a wrong merge (issue 11 item 2). Every row that names a person moves, and
/// the ids moved are kept, so a split moves back exactly those rows and nothing of either person is lost.
extension PersonRepository {
    /// The tables whose rows belong to a person by `person_id` and move with a merge.
    static let personTables = ["travel_document", "crossing", "border_check", "authorisation", "register_record"]

    /// Moves every row of `merged` to `survivor` and marks `merged` as merged; returns table → moved ids.
    public func moveAll(from merged: UUID, to survivor: UUID) async throws -> [String: [String]] {
        var moved: [String: [String]] = [:]
        for table in Self.personTables {
            let ids = try await db.select().column("id").from(table).where("person_id", .equal, SQLBind(merged)).all()
                .map { try $0.decode(column: "id", as: UUID.self).uuidString }
            guard !ids.isEmpty else { continue }
            try await db.update(table).set("person_id", to: SQLBind(survivor))
                .where("person_id", .equal, SQLBind(merged)).run()
            moved[table] = ids
        }
        // Names: the survivor may already carry the same spelling; keep one row.
        var names: [String] = []
        for row in try await db.select().columns("surname", "given_names").from("person_name")
            .where("person_id", .equal, SQLBind(merged)).all()
        {
            let surname = try row.decode(column: "surname", as: String.self)
            let given = try row.decode(column: "given_names", as: String.self)
            let exists = try await db.select().column("person_id").from("person_name")
                .where("person_id", .equal, SQLBind(survivor)).where("surname", .equal, SQLBind(surname))
                .where("given_names", .equal, SQLBind(given)).first() != nil
            if !exists {
                try await db.update("person_name").set("person_id", to: SQLBind(survivor))
                    .where("person_id", .equal, SQLBind(merged)).where("surname", .equal, SQLBind(surname))
                    .where("given_names", .equal, SQLBind(given)).run()
                names.append(surname + "\t" + given)
            }
        }
        if !names.isEmpty { moved["person_name"] = names }
        try await db.update("person").set("merged_into", to: SQLBind(survivor)).where("id", .equal, SQLBind(merged)).run()
        return moved
    }

    /// Moves back what a merge moved (rows still with the survivor) and makes `merged` a person again.
    public func moveBack(_ merge: PersonMerge) async throws {
        for (table, ids) in merge.moved where Self.personTables.contains(table) {
            let uuids = ids.compactMap(UUID.init(uuidString:))
            for chunk in uuids.chunked(into: 500) {
                try await db.update(table).set("person_id", to: SQLBind(merge.mergedId))
                    .where("id", .in, SQLBind.group(Array(chunk))).where("person_id", .equal, SQLBind(merge.survivorId)).run()
            }
        }
        for name in merge.moved["person_name"] ?? [] {
            let parts = name.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2 else { continue }
            try await db.update("person_name").set("person_id", to: SQLBind(merge.mergedId))
                .where("person_id", .equal, SQLBind(merge.survivorId)).where("surname", .equal, SQLBind(parts[0]))
                .where("given_names", .equal, SQLBind(parts[1])).run()
        }
        try await db.update("person").set("merged_into", to: SQLLiteral.null).where("id", .equal, SQLBind(merge.mergedId))
            .run()
    }

    public func insert(_ merge: PersonMerge) async throws {
        try await db.insert(into: "person_merge").columns(
            "id", "survivor_id", "merged_id", "reason", "moved", "officer_id", "agency_id", "merged_at"
        ).values(
            SQLBind(merge.id), SQLBind(merge.survivorId), SQLBind(merge.mergedId), SQLBind(merge.reason),
            SQLBind(String(decoding: try JSONEncoder().encode(merge.moved), as: UTF8.self)), SQLBind(merge.officerId),
            SQLBind(merge.agencyId), SQLBind(merge.mergedAt)
        ).run()
    }

    /// Records a split; false when the merge was already split.
    public func markSplit(_ mergeId: UUID, by officer: UUID, reason: String, at: Date) async throws -> Bool {
        try await !db.update("person_merge").set("split_at", to: SQLBind(at)).set("split_by", to: SQLBind(officer))
            .set("split_reason", to: SQLBind(reason)).where("id", .equal, SQLBind(mergeId))
            .where(SQLColumn("split_at"), .is, SQLLiteral.null).returning("id").all().isEmpty
    }

    public func merge(id: UUID) async throws -> PersonMerge? {
        try await db.select().columns(Self.mergeColumns).from("person_merge").where("id", .equal, SQLBind(id)).first()
            .map(Self.decodeMerge)
    }

    /// Merges that touch these persons (as survivor or merged), newest first.
    public func merges(personIds: [UUID]) async throws -> [PersonMerge] {
        guard !personIds.isEmpty else { return [] }
        return try await db.select().columns(Self.mergeColumns).from("person_merge")
            .where { $0.where("survivor_id", .in, SQLBind.group(personIds)).orWhere("merged_id", .in, SQLBind.group(personIds)) }
            .orderBy("merged_at", .descending).all().map(Self.decodeMerge)
    }

    /// Merges made or split at or after `since` (the person index follows them).
    public func mergesChanged(since: Date) async throws -> [PersonMerge] {
        try await db.select().columns(Self.mergeColumns).from("person_merge")
            .where { $0.where("merged_at", .greaterThanOrEqual, SQLBind(since)).orWhere("split_at", .greaterThanOrEqual, SQLBind(since)) }
            .all().map(Self.decodeMerge)
    }

    /// Every person id ever merged into `id`, directly or through others (the audit trail of a merged person
    /// is read under all of them: the trail itself is append-only and keeps the ids it was written with).
    public func absorbedIds(of id: UUID) async throws -> [UUID] {
        var result: [UUID] = []
        var frontier = [id]
        while !frontier.isEmpty, result.count < 10_000 {
            let rows = try await db.select().column("id").from("person").where("merged_into", .in, SQLBind.group(frontier)).all()
            frontier = try rows.map { try $0.decode(column: "id", as: UUID.self) }
            result += frontier
        }
        return result
    }

    static let mergeColumns = [
        "id", "survivor_id", "merged_id", "reason", "moved", "officer_id", "agency_id", "merged_at", "split_at",
        "split_by", "split_reason",
    ]

    static func decodeMerge(_ row: any SQLRow) throws -> PersonMerge {
        PersonMerge(
            id: try row.decode(column: "id", as: UUID.self), survivorId: try row.decode(column: "survivor_id", as: UUID.self),
            mergedId: try row.decode(column: "merged_id", as: UUID.self), reason: try row.decode(column: "reason", as: String.self),
            moved: try JSONDecoder().decode([String: [String]].self, from: Data(try row.decode(column: "moved", as: String.self).utf8)),
            officerId: try row.decode(column: "officer_id", as: UUID.self),
            agencyId: try row.decode(column: "agency_id", as: UUID.self),
            mergedAt: try row.decode(column: "merged_at", as: Date.self),
            splitAt: try row.decode(column: "split_at", as: Date?.self), splitBy: try row.decode(column: "split_by", as: UUID?.self),
            splitReason: try row.decode(column: "split_reason", as: String?.self)
        )
    }
}

extension PersonRepository {
    /// Recorded documents with this number, any state (uses the `travel_document (number)` index).
    public func documents(number: String) async throws -> [TravelDocumentRecord] {
        try await db.select().columns(
            "id", "person_id", "document_code", "issuing_state", "number", "expiry_date", "mrz", "created_at"
        ).from("travel_document").where("number", .equal, SQLBind(number)).limit(100).all().map(Self.decodeDocument)
    }
}
