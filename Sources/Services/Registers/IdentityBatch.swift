import Foundation
import Screening
import Store

/// The persons and documents a batch of register records is resolved against, read from the store in a few
/// statements before the first record, and the persons, documents and names the batch adds, written in a few after
/// the last (issue 11: a register import links ≥ 2,000 records/s).
///
/// Records later in the batch see what earlier ones added, exactly as if each had been written at once: a second
/// record about the same new person finds the person the first created (by his document here, by his name in the
/// person index), and a document or name added twice is written once.
///
/// Used by one task at a time: filled while its batch is resolved, then handed to the batch's write transaction.
final class IdentityBatch: @unchecked Sendable {
    struct DocumentKey: Hashable, Sendable {
        var issuingState: String
        var number: String
        var documentCode: String

        init(_ document: SubjectDocument) {
            issuingState = document.issuingState
            number = document.number
            documentCode = document.documentCode ?? "P"
        }

        init(_ document: TravelDocumentRecord) {
            self.init(SubjectDocument(documentCode: document.documentCode, number: document.number, issuingState: document.issuingState))
        }
    }

    /// Where the batch reads: the batch's transaction, or (``ImportPipeline``) the pool, before it.
    let repositories: Repositories
    let now: Date
    /// Persons and documents of batches resolved before this one and not yet committed (``ImportPipeline``):
    /// read as if committed, and checked in the write transaction (``stillHolds(in:)``).
    let pending: ImportPipeline.Pending
    /// What the reads found, kept to check, in the write transaction, that the store still says so: each wanted
    /// document's holder (nil: none), each person read (with whom he was merged into), each id found nowhere.
    private var seenHolders: [DocumentKey: UUID?] = [:]
    private var seenPersons: [UUID: (person: Person, mergedInto: UUID?)] = [:]
    /// Who each document read or added belongs to, as recorded (before following merges).
    private var holders: [DocumentKey: UUID] = [:]
    /// Persons read or created, with whom each was merged into.
    private var persons: [UUID: (person: Person, mergedInto: UUID?)] = [:]
    /// Ids read and found nowhere.
    private var absent: Set<UUID> = []
    private(set) var newPersons: [Person] = []
    private(set) var newDocuments: [TravelDocumentRecord] = []
    private(set) var names: [RegisterRepository.KnownName] = []
    /// The persons this batch creates, as the person index holds them: a record's candidates screened in advance
    /// against the index as it was before the batch hold unless one of these could be among them.
    private(set) var created = ScreeningIndex(alerts: [Alert]())

    /// Reads the documents the records name and the persons they name or those documents belong to (following
    /// merges): one statement per 500 numbers and one per 500 persons and merge step.
    init(
        personIds: [UUID], documents: [SubjectDocument], repositories: Repositories, now: Date,
        pending: ImportPipeline.Pending = .init()
    ) async throws {
        self.repositories = repositories
        self.now = now
        self.pending = pending
        let wanted = Set(documents.map(DocumentKey.init))
        if !wanted.isEmpty {
            for document in try await repositories.persons.documents(numbers: wanted.map(\.number)) {
                let key = DocumentKey(document)
                if wanted.contains(key) { holders[key] = document.personId }
            }
            for key in wanted {
                if holders[key] == nil, let holder = pending.documents[key] { holders[key] = holder }
                seenHolders[key] = holders[key]
            }
        }
        try await read(personIds + holders.values)
    }

    /// Reads these persons and, step by step, those they were merged into; at most 32 steps, as `live` follows.
    func read(_ ids: [UUID]) async throws {
        var pending = Set(ids.filter { persons[$0] == nil && !absent.contains($0) })
        for _ in 0..<32 where !pending.isEmpty {
            let found = try await repositories.persons.findFollowingMerge(ids: Array(pending))
            var next = Set<UUID>()
            for id in pending {
                guard let row = found[id] ?? self.pending.persons[id].map({ (person: $0, mergedInto: nil) }) else {
                    absent.insert(id)
                    continue
                }
                persons[id] = row
                seenPersons[id] = row
                if let target = row.mergedInto, persons[target] == nil, !absent.contains(target) { next.insert(target) }
            }
            pending = next
        }
    }

    /// The person who holds this document, as recorded (nil when the document is new to Kordon).
    func holder(of document: SubjectDocument) -> UUID? {
        holders[DocumentKey(document)]
    }

    /// The person, following merges to the one that survives; nil when there is none (or the chain is too long).
    func live(_ id: UUID) async throws -> Person? {
        var current = id
        for _ in 0..<32 {
            if absent.contains(current) { return nil }
            guard let found = persons[current] else {
                try await read([current])
                continue
            }
            guard let next = found.mergedInto else { return found.person }
            current = next
        }
        return nil
    }

    /// A person the batch creates: written before anything that names him.
    func add(_ person: Person, indexedAs entry: Alert) {
        persons[person.id] = (person, nil)
        newPersons.append(person)
        created.upsert(entry)
    }

    func addDocument(_ document: SubjectDocument, to personId: UUID) {
        holders[DocumentKey(document)] = personId
        newDocuments.append(TravelDocumentRecord(
            personId: personId, documentCode: document.documentCode ?? "P", issuingState: document.issuingState,
            number: document.number, expiryDate: nil, mrz: nil, createdAt: now
        ))
    }

    /// Keeps the record's spelling of the name when it differs from the person's Latin one (a Cyrillic register).
    /// Returns whether it kept one: the person's entry in the person index then changes.
    @discardableResult
    func addNames(_ subject: RegisterSubject?, to person: Person, isNew: Bool = false) -> Bool {
        guard let subject, !subject.surname.isEmpty else { return false }
        let given = subject.givenNames ?? ""
        if subject.surname.uppercased() == person.surname && given.uppercased() == person.givenNames { return false }
        names.append(.init(personId: person.id, surname: subject.surname, givenNames: given, source: "register", known: !isNew))
        return true
    }

    /// Whether the store, read in the write transaction, still says what the batch's reads found: the same
    /// holder (or none) for every document looked up, the same row and merge for every person read, and nothing
    /// for every id found nowhere. When it does, the batch's decisions are those it would make now; when it does
    /// not (a batch before it rolled back, or another writer came in between), it must be resolved again.
    func stillHolds(in repositories: Repositories) async throws -> Bool {
        if !seenHolders.isEmpty {
            var now: [DocumentKey: UUID] = [:]
            for document in try await repositories.persons.documents(numbers: seenHolders.keys.map(\.number)) {
                let key = DocumentKey(document)
                if seenHolders[key] != nil { now[key] = document.personId }
            }
            for (key, holder) in seenHolders where now[key] != holder { return false }
        }
        let ids = Array(seenPersons.keys) + Array(absent)
        guard !ids.isEmpty else { return true }
        let found = try await repositories.persons.findFollowingMerge(ids: ids)
        for (id, seen) in seenPersons {
            guard let row = found[id], Self.same(row.person, seen.person), row.mergedInto == seen.mergedInto else { return false }
        }
        return absent.allSatisfy { found[$0] == nil }
    }

    /// The same person as far as resolving a record can tell (a timestamp read back from the store may have lost
    /// precision that one kept in memory has).
    static func same(_ a: Person, _ b: Person) -> Bool {
        a.id == b.id && a.surname == b.surname && a.givenNames == b.givenNames && a.birthDate == b.birthDate
            && a.sex == b.sex && a.nationality == b.nationality && a.createdByAgency == b.createdByAgency
    }

    /// Writes what the batch added: persons first (documents and names refer to them), then documents, then names.
    func write(to repositories: Repositories) async throws {
        try await repositories.persons.insert(newPersons)
        try await repositories.persons.insert(newDocuments)
        try await repositories.registers.addNames(names)
    }
}
