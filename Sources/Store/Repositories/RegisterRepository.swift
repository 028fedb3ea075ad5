import Foundation
import SQLKit

/// The registers of foreigners: records, their history, identity reviews, and the stay authorisations derived
/// from permits, protection and visas.
public struct RegisterRepository: Sendable {
    let db: any SQLDatabase
    let kind: DatabaseKind

    public init(_ db: any SQLDatabase, kind: DatabaseKind) {
        self.db = db
        self.kind = kind
    }

    static let columns = [
        "id", "register", "person_id", "agency_id", "status", "valid_from", "valid_until", "ended_on", "end_reason",
        "details", "subject", "link", "version", "created_at", "created_by", "updated_at", "updated_by",
    ]

    static func binds(_ r: RegisterRecord) -> [any SQLExpression] {
        [
            SQLBind(r.id), SQLBind(r.register.rawValue), SQLBind(r.personId), SQLBind(r.agencyId),
            SQLBind(r.status.rawValue), SQLBind(r.validFrom), SQLBind(r.validUntil), SQLBind(r.endedOn),
            SQLBind(r.endReason), SQLBind(r.details), SQLBind(r.subject), SQLBind(r.link.rawValue), SQLBind(r.version),
            SQLBind(r.createdAt), SQLBind(r.createdBy), SQLBind(r.updatedAt), SQLBind(r.updatedBy),
        ]
    }

    public func insert(_ records: [RegisterRecord]) async throws {
        guard !records.isEmpty else { return }
        for chunk in records.chunked(into: 200) {
            let insert = db.insert(into: "register_record").columns(Self.columns)
            for record in chunk { insert.values(Self.binds(record)) }
            try await insert.run()
        }
    }

    /// Writes a new version of `record` only if the stored one is still `expectedVersion`; false when another
    /// change came first (the caller answers 409 with the current version).
    public func update(_ record: RegisterRecord, expectedVersion: Int) async throws -> Bool {
        let rows = try await db.update("register_record")
            .set("person_id", to: SQLBind(record.personId)).set("status", to: SQLBind(record.status.rawValue))
            .set("valid_from", to: SQLBind(record.validFrom)).set("valid_until", to: SQLBind(record.validUntil))
            .set("ended_on", to: SQLBind(record.endedOn)).set("end_reason", to: SQLBind(record.endReason))
            .set("details", to: SQLBind(record.details)).set("subject", to: SQLBind(record.subject))
            .set("link", to: SQLBind(record.link.rawValue)).set("version", to: SQLBind(record.version))
            .set("updated_at", to: SQLBind(record.updatedAt)).set("updated_by", to: SQLBind(record.updatedBy))
            .where("id", .equal, SQLBind(record.id)).where("version", .equal, SQLBind(expectedVersion))
            .returning("id").all()
        return !rows.isEmpty
    }

    public func find(id: UUID, forUpdate: Bool = false) async throws -> RegisterRecord? {
        let select = db.select().columns(Self.columns).from("register_record").where("id", .equal, SQLBind(id))
        if forUpdate && kind == .postgres { select.for(.update) }
        return try await select.first().map(Self.decode)
    }

    /// A person's records, oldest first (optionally only some registers).
    public func records(personIds: [UUID], registers: [Register]? = nil) async throws -> [RegisterRecord] {
        guard !personIds.isEmpty else { return [] }
        let select = db.select().columns(Self.columns).from("register_record")
            .where("person_id", .in, SQLBind.group(personIds))
        if let registers { select.where("register", .in, SQLBind.group(registers.map(\.rawValue))) }
        return try await select.orderBy("created_at").orderBy("id").all().map(Self.decode)
    }

    /// Which of `personIds` an active record of `agencyId` is about: the persons on that agency's own list (issue
    /// 12 "persons on its own list"), asked for a batch of events at once.
    public func personsOnList(agencyId: UUID, personIds: [UUID]) async throws -> Set<UUID> {
        guard !personIds.isEmpty else { return [] }
        let rows = try await db.select().distinct().column("person_id").from("register_record")
            .where("agency_id", .equal, SQLBind(agencyId))
            .where("status", .equal, SQLBind(RegisterRecord.Status.active.rawValue))
            .where("person_id", .in, SQLBind.group(Array(Set(personIds))))
            .all()
        return Set(try rows.map { try $0.decode(column: "person_id", as: UUID.self) })
    }

    public struct Filter: Sendable {
        public var register: Register?
        public var agencyId: UUID?
        public var status: RegisterRecord.Status?
        public init(register: Register? = nil, agencyId: UUID? = nil, status: RegisterRecord.Status? = nil) {
            self.register = register
            self.agencyId = agencyId
            self.status = status
        }
    }

    /// Records by register, agency and status, by id after `cursor`.
    public func list(_ filter: Filter, registers: [Register], after cursor: UUID?, limit: Int) async throws
        -> [RegisterRecord]
    {
        guard !registers.isEmpty else { return [] }
        let select = db.select().columns(Self.columns).from("register_record")
            .where("register", .in, SQLBind.group(registers.map(\.rawValue)))
        if let register = filter.register { select.where("register", .equal, SQLBind(register.rawValue)) }
        if let agency = filter.agencyId { select.where("agency_id", .equal, SQLBind(agency)) }
        if let status = filter.status { select.where("status", .equal, SQLBind(status.rawValue)) }
        if let cursor { select.where("id", .greaterThan, SQLBind(cursor)) }
        return try await select.orderBy("id").limit(limit).all().map(Self.decode)
    }

    static func decode(_ row: any SQLRow) throws -> RegisterRecord {
        func text(_ column: String) throws -> String { try row.decode(column: column, as: String.self) }
        func optional(_ column: String) throws -> String? { try row.decode(column: column, as: String?.self) }
        let register = try text("register")
        let status = try text("status")
        let link = try text("link")
        guard let registerValue = Register(rawValue: register), let statusValue = RegisterRecord.Status(rawValue: status),
            let linkValue = RegisterRecord.Link(rawValue: link)
        else {
            throw StoreError(.invalidValue, field: "register_record", detail: "unknown register, status or link: \(register)/\(status)/\(link)")
        }
        return RegisterRecord(
            id: try row.decode(column: "id", as: UUID.self), register: registerValue,
            personId: try row.decode(column: "person_id", as: UUID.self),
            agencyId: try row.decode(column: "agency_id", as: UUID.self), status: statusValue,
            validFrom: try optional("valid_from"), validUntil: try optional("valid_until"),
            endedOn: try optional("ended_on"), endReason: try optional("end_reason"), details: try text("details"),
            subject: try text("subject"), link: linkValue, version: try row.decode(column: "version", as: Int.self),
            createdAt: try row.decode(column: "created_at", as: Date.self),
            createdBy: try row.decode(column: "created_by", as: UUID.self),
            updatedAt: try row.decode(column: "updated_at", as: Date.self),
            updatedBy: try row.decode(column: "updated_by", as: UUID.self)
        )
    }

    // MARK: - History

    public func append(_ entry: RegisterHistoryEntry) async throws {
        try await append([entry])
    }

    public func append(_ entries: [RegisterHistoryEntry]) async throws {
        for chunk in entries.chunked(into: 200) {
            let insert = db.insert(into: "register_history").columns(
                "record_id", "version", "change", "reason", "person_id", "status", "valid_from", "valid_until", "details",
                "officer_id", "agency_id", "changed_at"
            )
            for entry in chunk {
                insert.values(
                    SQLBind(entry.recordId), SQLBind(entry.version), SQLBind(entry.change.rawValue), SQLBind(entry.reason),
                    SQLBind(entry.personId), SQLBind(entry.status.rawValue), SQLBind(entry.validFrom),
                    SQLBind(entry.validUntil), SQLBind(entry.details), SQLBind(entry.officerId), SQLBind(entry.agencyId),
                    SQLBind(entry.changedAt)
                )
            }
            try await insert.run()
        }
    }

    public func history(recordId: UUID) async throws -> [RegisterHistoryEntry] {
        try await db.select().columns(
            "record_id", "version", "change", "reason", "person_id", "status", "valid_from", "valid_until", "details",
            "officer_id", "agency_id", "changed_at"
        ).from("register_history").where("record_id", .equal, SQLBind(recordId)).orderBy("version").all().map { row in
            let change = try row.decode(column: "change", as: String.self)
            let status = try row.decode(column: "status", as: String.self)
            guard let changeValue = RegisterHistoryEntry.Change(rawValue: change),
                let statusValue = RegisterRecord.Status(rawValue: status)
            else { throw StoreError(.invalidValue, field: "register_history", detail: "unknown change or status: \(change)/\(status)") }
            var entry = RegisterHistoryEntry(
                RegisterRecord(
                    id: try row.decode(column: "record_id", as: UUID.self), register: .visa,
                    personId: try row.decode(column: "person_id", as: UUID.self),
                    agencyId: try row.decode(column: "agency_id", as: UUID.self), status: statusValue,
                    validFrom: try row.decode(column: "valid_from", as: String?.self),
                    validUntil: try row.decode(column: "valid_until", as: String?.self),
                    details: try row.decode(column: "details", as: String.self), subject: "{}", link: .given,
                    version: try row.decode(column: "version", as: Int.self), createdAt: Date(timeIntervalSince1970: 0),
                    createdBy: try row.decode(column: "officer_id", as: UUID.self),
                    updatedAt: try row.decode(column: "changed_at", as: Date.self),
                    updatedBy: try row.decode(column: "officer_id", as: UUID.self)
                ),
                change: changeValue, reason: try row.decode(column: "reason", as: String?.self)
            )
            entry.changedAt = try row.decode(column: "changed_at", as: Date.self)
            return entry
        }
    }

    // MARK: - Stay authorisations derived from records

    /// Replaces the stay authorisations derived from these records (same ids): removes every one, then writes
    /// `authorisations` (those records that still authorise a stay), in batched statements.
    public func replaceAuthorisations(recordIds: [UUID], with authorisations: [AuthorisationRecord]) async throws {
        for chunk in recordIds.chunked(into: 500) {
            try await db.delete(from: "authorisation").where("id", .in, SQLBind.group(Array(chunk))).run()
        }
        try await BorderCheckRepository(db).insert(authorisations)
    }

    // MARK: - Names

    /// A name a person is known by besides his document's, and where it came from.
    public struct KnownName: Hashable, Sendable {
        public var personId: UUID
        public var surname: String
        public var givenNames: String
        public var source: String
        /// False for a person created in this transaction: he has no names yet, nothing to look up.
        public var known: Bool

        public init(personId: UUID, surname: String, givenNames: String, source: String, known: Bool = true) {
            self.personId = personId
            self.surname = surname
            self.givenNames = givenNames
            self.source = source
            self.known = known
        }
    }

    /// Adds names persons are known by (idempotent: a name a person already has, or that comes twice, is written
    /// once): one read of the known persons' names and one insert per chunk.
    public func addNames(_ names: [KnownName]) async throws {
        struct Key: Hashable { var personId: UUID, surname: String, givenNames: String }
        var seen = Set<Key>()
        let known = Array(Set(names.filter(\.known).map(\.personId)))
        for chunk in known.chunked(into: 500) {
            for row in try await db.select().columns("person_id", "surname", "given_names").from("person_name")
                .where("person_id", .in, SQLBind.group(Array(chunk))).all()
            {
                seen.insert(Key(
                    personId: try row.decode(column: "person_id", as: UUID.self),
                    surname: try row.decode(column: "surname", as: String.self),
                    givenNames: try row.decode(column: "given_names", as: String.self)
                ))
            }
        }
        let fresh = names.filter {
            !$0.surname.isEmpty && seen.insert(Key(personId: $0.personId, surname: $0.surname, givenNames: $0.givenNames)).inserted
        }
        for chunk in fresh.chunked(into: 500) {
            let insert = db.insert(into: "person_name").columns("person_id", "surname", "given_names", "source")
            for name in chunk {
                insert.values(SQLBind(name.personId), SQLBind(name.surname), SQLBind(name.givenNames), SQLBind(name.source))
            }
            try await insert.run()
        }
    }

    /// person id → the names besides the document's.
    public func names(personIds: [UUID]) async throws -> [UUID: [(surname: String, givenNames: String)]] {
        var result: [UUID: [(surname: String, givenNames: String)]] = [:]
        for chunk in personIds.chunked(into: 500) {
            for row in try await db.select().columns("person_id", "surname", "given_names").from("person_name")
                .where("person_id", .in, SQLBind.group(Array(chunk))).orderBy("surname").all()
            {
                result[try row.decode(column: "person_id", as: UUID.self), default: []].append(
                    (try row.decode(column: "surname", as: String.self), try row.decode(column: "given_names", as: String.self))
                )
            }
        }
        return result
    }

    // MARK: - Identity reviews

    public func insert(_ reviews: [IdentityReview]) async throws {
        for chunk in reviews.chunked(into: 500) {
            let insert = db.insert(into: "identity_review").columns(
                "id", "record_id", "person_id", "candidate_id", "score", "evidence", "status", "created_at"
            )
            for review in chunk {
                insert.values(
                    SQLBind(review.id), SQLBind(review.recordId), SQLBind(review.personId), SQLBind(review.candidateId),
                    SQLBind(review.score), SQLBind(try JSONEncoder().encode(review.evidence).utf8String),
                    SQLBind(review.status.rawValue), SQLBind(review.createdAt)
                )
            }
            try await insert.run()
        }
    }

    /// Marks an open review decided; false when it was no longer open (someone decided first).
    public func decide(reviewId: UUID, status: IdentityReview.Status, by officer: UUID, note: String?, at: Date)
        async throws -> Bool
    {
        try await !db.update("identity_review").set("status", to: SQLBind(status.rawValue))
            .set("decided_at", to: SQLBind(at)).set("decided_by", to: SQLBind(officer)).set("note", to: SQLBind(note))
            .where("id", .equal, SQLBind(reviewId)).where("status", .equal, SQLBind("open"))
            .returning("id").all().isEmpty
    }

    static let reviewColumns = [
        "id", "record_id", "person_id", "candidate_id", "score", "evidence", "status", "created_at", "decided_at",
        "decided_by", "note",
    ]

    public func review(id: UUID) async throws -> IdentityReview? {
        try await db.select().columns(Self.reviewColumns).from("identity_review").where("id", .equal, SQLBind(id))
            .first().map(Self.decodeReview)
    }

    /// Open reviews, oldest first.
    public func openReviews(limit: Int) async throws -> [IdentityReview] {
        try await db.select().columns(Self.reviewColumns).from("identity_review")
            .where("status", .equal, SQLBind("open")).orderBy("created_at").orderBy("id").limit(limit).all()
            .map(Self.decodeReview)
    }

    static func decodeReview(_ row: any SQLRow) throws -> IdentityReview {
        let status = try row.decode(column: "status", as: String.self)
        guard let statusValue = IdentityReview.Status(rawValue: status) else {
            throw StoreError(.invalidValue, field: "identity_review", detail: "unknown status \(status)")
        }
        let evidence = try row.decode(column: "evidence", as: String.self)
        return IdentityReview(
            id: try row.decode(column: "id", as: UUID.self), recordId: try row.decode(column: "record_id", as: UUID.self),
            personId: try row.decode(column: "person_id", as: UUID.self),
            candidateId: try row.decode(column: "candidate_id", as: UUID.self),
            score: try row.decode(column: "score", as: Double.self),
            evidence: try JSONDecoder().decode([String].self, from: Data(evidence.utf8)), status: statusValue,
            createdAt: try row.decode(column: "created_at", as: Date.self),
            decidedAt: try row.decode(column: "decided_at", as: Date?.self),
            decidedBy: try row.decode(column: "decided_by", as: UUID?.self), note: try row.decode(column: "note", as: String?.self)
        )
    }
}

extension Data {
    var utf8String: String { String(decoding: self, as: UTF8.self) }
}

extension Repositories {
    public var registers: RegisterRepository { RegisterRepository(db, kind: kind) }
}

// MARK: - Persons as identity resolution reads them

extension PersonRepository {
    /// Every live (not merged) person, by id, a page at a time: the person index is built from it.
    public func allLive(pageSize: Int = 20_000, _ body: ([Person]) throws -> Void) async throws {
        var cursor: UUID?
        while true {
            let select = db.select().columns(Self.columns).from("person").where(SQLColumn("merged_into"), .is, SQLLiteral.null)
            if let cursor { select.where("id", .greaterThan, SQLBind(cursor)) }
            let page = try await select.orderBy("id").limit(pageSize).all().map(Self.decode)
            try body(page)
            guard page.count == pageSize, let last = page.last else { return }
            cursor = last.id
        }
    }

    /// The ids of persons recorded at or after `since` (the index follows other processes' writes with it, and
    /// reads only those it does not hold yet).
    public func created(since: Date) async throws -> [UUID] {
        try await db.select().column("id").from("person").where("created_at", .greaterThanOrEqual, SQLBind(since))
            .all().map { try $0.decode(column: "id", as: UUID.self) }
    }

    /// The person and whom he was merged into, if anyone, in one read (identity resolution follows merges).
    public func findFollowingMerge(id: UUID) async throws -> (person: Person, mergedInto: UUID?)? {
        guard let row = try await db.select().columns(Self.columns + ["merged_into"]).from("person")
            .where("id", .equal, SQLBind(id)).first()
        else { return nil }
        return (try Self.decode(row), try row.decode(column: "merged_into", as: UUID?.self))
    }

    /// Many persons, each with whom he was merged into, if anyone (batched `IN` lists): a batch's resolution
    /// follows merges with it.
    public func findFollowingMerge(ids: [UUID]) async throws -> [UUID: (person: Person, mergedInto: UUID?)] {
        var result: [UUID: (person: Person, mergedInto: UUID?)] = [:]
        for chunk in ids.chunked(into: 500) {
            for row in try await db.select().columns(Self.columns + ["merged_into"]).from("person")
                .where("id", .in, SQLBind.group(Array(chunk))).all()
            {
                let person = try Self.decode(row)
                result[person.id] = (person, try row.decode(column: "merged_into", as: UUID?.self))
            }
        }
        return result
    }

    /// The recorded documents with these numbers, of any issuing state and code (the caller matches those): a
    /// batch's documents in one read per chunk, through the index on `number`.
    public func documents(numbers: [String]) async throws -> [TravelDocumentRecord] {
        var result: [TravelDocumentRecord] = []
        for chunk in Array(Set(numbers)).sorted().chunked(into: 500) {
            result += try await db.select().column("*").from("travel_document")
                .where("number", .in, SQLBind.group(Array(chunk))).all().map(Self.decodeDocument)
        }
        return result
    }

    /// Which of these persons were merged, and into whom (one step).
    public func mergedInto(ids: [UUID]) async throws -> [UUID: UUID] {
        var result: [UUID: UUID] = [:]
        for chunk in ids.chunked(into: 500) {
            for row in try await db.select().columns("id", "merged_into").from("person")
                .where("id", .in, SQLBind.group(Array(chunk))).where(SQLColumn("merged_into"), .isNot, SQLLiteral.null).all()
            {
                result[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "merged_into", as: UUID.self)
            }
        }
        return result
    }

    /// The person this one was merged into, if any (one step).
    public func mergedInto(_ id: UUID) async throws -> UUID? {
        try await db.select().column("merged_into").from("person").where("id", .equal, SQLBind(id)).first()?
            .decode(column: "merged_into", as: UUID?.self)
    }

    static let columns = [
        "id", "surname", "given_names", "birth_date", "sex", "nationality", "created_by_agency", "created_at",
    ]
}

extension RegisterRepository {
    /// Every other name of every person (the person index is built from it).
    public func allNames() async throws -> [UUID: [(surname: String, givenNames: String)]] {
        var result: [UUID: [(surname: String, givenNames: String)]] = [:]
        for row in try await db.select().columns("person_id", "surname", "given_names").from("person_name").all() {
            result[try row.decode(column: "person_id", as: UUID.self), default: []].append(
                (try row.decode(column: "surname", as: String.self), try row.decode(column: "given_names", as: String.self))
            )
        }
        return result
    }
}
