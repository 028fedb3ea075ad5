import Foundation
import Screening
import Store
import TravelDocuments

/// When the resolver links a record to a known person by itself, and when it asks an officer.
///
/// Linking the wrong person is worse than asking: a permit on the wrong person clears a check it should refer. So
/// the automatic link needs the screening score, the full birth date and the nationality to agree, and no rival
/// close behind; anything from `reviewAbove` up goes to an officer with the evidence side by side.
public struct ResolutionPolicy: Sendable, Hashable {
    /// Lowest score linked without asking.
    public var linkAbove = 0.95
    /// Lowest score queued for an officer; below it the record gets a new person.
    public var reviewAbove = 0.80
    /// How far the best candidate must lead the second to be linked without asking.
    public var margin = 0.05
    /// Most persons of the same name and nationality (any birth date) for a link by name without asking. A name
    /// match says less the commoner the name: with `n` namesakes whose birth dates spread over some 25,000 days,
    /// a newcomer of that name shares one's birth date with a chance of about `n` / 25,000, so 25 namesakes keep a
    /// wrong link near one in a thousand.
    public var namesakeLimit = 25

    public init(linkAbove: Double = 0.95, reviewAbove: Double = 0.80, margin: Double = 0.05, namesakeLimit: Int = 25) {
        self.linkAbove = linkAbove
        self.reviewAbove = reviewAbove
        self.margin = margin
        self.namesakeLimit = namesakeLimit
    }
}

/// Finds the person behind a register record (issue 11 item 2): the given person, else the holder of the named
/// document, else the screening engine's best candidate when it is clear, else a new person (and, when a candidate
/// was close, a review for an officer).
public struct IdentityResolver: Sendable {
    let index: PersonIndex
    let policy: ResolutionPolicy

    public init(index: PersonIndex, policy: ResolutionPolicy) {
        self.index = index
        self.policy = policy
    }

    public struct Candidate: Sendable, Hashable {
        public var personId: UUID
        public var score: Double
        /// Why the engine scored the candidate so, field by field.
        public var explanation: Explanation
        /// Field by field, in words. Worded when asked: a batch screens ten candidates a record and words one,
        /// the one an officer is asked about (wording every one was 6 % of an import's CPU, measured).
        public var evidence: [String] { IdentityResolver.evidence(explanation) }
    }

    public struct Resolution: Sendable {
        public var personId: UUID
        public var link: RegisterRecord.Link
        /// The candidate an officer must decide on, when the record was given a new person for now.
        public var review: Candidate?
        /// Persons created or given new names: the index re-reads them after the commit. Only those: a person whose
        /// entry did not change is not re-indexed (re-indexing every linked person moved each into the index's delta,
        /// which every later search scans).
        public var touched: [UUID]
    }

    static func validated(_ subject: RegisterSubject, today: Date) throws(ServiceError) -> RegisterSubject {
        var result = subject
        result.surname = try Validate.name(subject.surname, field: "subject.surname")
        result.givenNames = try subject.givenNames.map { v throws(ServiceError) in
            try Validate.name(v, field: "subject.givenNames", allowEmpty: true)
        }
        result.birthDate = try subject.birthDate.map { v throws(ServiceError) in
            try Validate.birthDate(v, field: "subject.birthDate", today: today)
        }
        result.nationality = try subject.nationality.map { v throws(ServiceError) in
            try Validate.countryCode(v, field: "subject.nationality")
        }
        result.sex = try subject.sex.map { v throws(ServiceError) in try Validate.sex(v, field: "subject.sex") }
        if let document = subject.document {
            let validated = try PersonService.validated(
                PersonService.NewDocument(
                    documentCode: document.documentCode ?? "P", issuingState: document.issuingState, number: document.number,
                    expiryDate: nil
                ),
                personId: UUID(), field: "subject.document", now: today
            )
            result.document = SubjectDocument(
                documentCode: validated.documentCode, number: validated.number, issuingState: validated.issuingState
            )
        }
        // The Latin form must exist: a name is never stored emptied of letters it could not write.
        _ = try latin(result.surname, field: "subject.surname")
        if let given = result.givenNames { _ = try latin(given, field: "subject.givenNames") }
        return result
    }

    /// The Latin (MRZ-style) form of a name in any script (ICAO 9303 Part 3 §6 and the national tables).
    static func latin(_ name: String, field: String) throws(ServiceError) -> String {
        do {
            return try Transliteration.latin(name)
        } catch {
            throw .invalid(field, "has letters without a Latin form (\(error)); give the name as the document writes it")
        }
    }

    /// Resolves one record against the batch's persons and documents (and what earlier records of the batch
    /// added), recording in `batch` what it adds: a person, a document, a name.
    ///
    /// - Parameter candidates: the screening engine's candidates for `subject`, when the caller has them already
    ///   (see ``candidates(for:)``); computed here otherwise.
    func resolve(
        personId: UUID?, subject: RegisterSubject?, batch: IdentityBatch, agencyId: UUID, now: Date,
        candidates known: [Candidate]? = nil
    ) async throws -> Resolution {
        let document = subject?.document
        let holder = document.flatMap { batch.holder(of: $0) }
        if let personId {
            guard let person = try await batch.live(personId) else {
                throw ServiceError(.notFound, field: "personId", "no person with this id")
            }
            if let holder, try await batch.live(holder)?.id != person.id {
                throw ServiceError(
                    .conflict, field: "subject.document.number",
                    "this document is recorded for another person; merge the two persons first if they are one"
                )
            }
            if let document, holder == nil { batch.addDocument(document, to: person.id) }
            let named = batch.addNames(subject, to: person)
            return Resolution(personId: person.id, link: .given, review: nil, touched: named ? [person.id] : [])
        }
        guard let subject else { throw ServiceError.invalid("subject", "is required when personId is not given") }
        if let holder, let person = try await batch.live(holder) {
            let named = batch.addNames(subject, to: person)
            return Resolution(personId: person.id, link: .document, review: nil, touched: named ? [person.id] : [])
        }
        let candidates = known.flatMap { mayFind(batch.created, subject) ? nil : $0 } ?? self.candidates(for: subject)
        if let best = candidates.first, best.score >= policy.linkAbove,
            candidates.dropFirst().first.map({ best.score - $0.score >= policy.margin }) ?? true,
            let person = try await batch.live(best.personId), agrees(person, subject)
        {
            if let document { batch.addDocument(document, to: person.id) }
            let named = batch.addNames(subject, to: person)
            return Resolution(personId: person.id, link: .matched, review: nil, touched: named ? [person.id] : [])
        }
        let person = try newPerson(subject, agencyId: agencyId, now: now)
        let names = [(surname: subject.surname, givenNames: subject.givenNames ?? "")]
        batch.add(person, indexedAs: PersonIndex.entry(person, names: names))
        if let document { batch.addDocument(document, to: person.id) }
        batch.addNames(subject, to: person, isNew: true)
        index.upsert(person, names: names)
        // A candidate the store does not hold (a person of a batch that rolled back, or of one resolved but not yet
        // written) is no candidate: an officer cannot be asked about him.
        for candidate in candidates where candidate.score >= policy.reviewAbove {
            guard try await batch.live(candidate.personId) != nil else { continue }
            return Resolution(personId: person.id, link: .queued, review: candidate, touched: [person.id])
        }
        return Resolution(personId: person.id, link: .created, review: nil, touched: [person.id])
    }

    /// The screening engine's candidates for the subject's name (as written, and in Latin), best first.
    public func candidates(for subject: RegisterSubject) -> [Candidate] {
        candidates(for: subject) { index.candidates($0, threshold: policy.reviewAbove) }
    }

    /// Candidates for many records at once, screened side by side on every core against one snapshot of the index
    /// (issue 11: a register import links ≥ 2,000 records/s, and screening is most of a record's work). The
    /// snapshot is the index before the batch: ``resolve(personId:subject:batch:agencyId:now:candidates:)`` screens
    /// a record again when a person the batch created could be among its candidates, so every record is decided on
    /// what it would have seen resolved one by one.
    func candidates(for subjects: [Int: RegisterSubject]) async -> [Int: [Candidate]] {
        guard let snapshot = index.snapshot() else { return [:] }
        return await candidates(for: subjects, in: snapshot)
    }

    /// Candidates screened before the caller's transaction, against the person index as it was at `version`.
    /// Screening needs no lock and is most of a record's CPU: a caller sending batches side by side screens one
    /// while another writes. In the transaction, a record one of the persons indexed since `version` could be a
    /// candidate for (``PersonIndex/entries(since:)``, ``updated(_:subjects:since:)``) is screened again, as one the
    /// batch's own new persons could match is, so every record is still decided on what it would have seen resolved
    /// one by one.
    struct Screened: Sendable {
        var candidates: [Int: [Candidate]]
        var version: Int
    }

    func screened(_ subjects: [Int: RegisterSubject]) async -> Screened? {
        guard let (snapshot, version) = index.versionedSnapshot() else { return nil }
        return Screened(candidates: await candidates(for: subjects, in: snapshot), version: version)
    }

    /// Brings candidates screened against an earlier state of the index up to date with the entries indexed since
    /// (another batch's new persons and spellings): a record one of them could be a candidate for is screened again
    /// against the index as it is now, side by side on every core before the batch's records are decided one by one.
    func updated(_ screened: [Int: [Candidate]], subjects: [Int: RegisterSubject], since entries: [Alert]) async -> [Int: [Candidate]] {
        guard !entries.isEmpty, let snapshot = index.snapshot() else { return screened }
        var since = ScreeningIndex(alerts: [Alert]())
        for entry in entries { since.upsert(entry) }
        let work = subjects.filter { screened[$0.key] != nil }
        let found = await sideBySide(work, in: snapshot) { [since] subject in self.mayFind(since, subject) }
        return screened.merging(found) { _, again in again }
    }

    func candidates(for subjects: [Int: RegisterSubject], in snapshot: ScreeningIndex) async -> [Int: [Candidate]] {
        await sideBySide(subjects, in: snapshot) { _ in true }
    }

    /// Screens the subjects `wanted` picks against `snapshot`, side by side on every core (at least 16 a lane).
    private func sideBySide(
        _ subjects: [Int: RegisterSubject], in snapshot: ScreeningIndex, where wanted: @escaping @Sendable (RegisterSubject) -> Bool
    ) async -> [Int: [Candidate]] {
        guard !subjects.isEmpty else { return [:] }
        let work = Array(subjects)
        let lanes = max(1, min(ProcessInfo.processInfo.activeProcessorCount, work.count / 16))
        let threshold = policy.reviewAbove
        return await withTaskGroup(of: [(Int, [Candidate])].self) { group in
            for lane in 0..<lanes {
                group.addTask(executorPreference: ParallelWork.executor) {
                    stride(from: lane, to: work.count, by: lanes).compactMap { position in
                        let (key, subject) = work[position]
                        guard wanted(subject) else { return nil }
                        return (key, self.candidates(for: subject) { snapshot.screen($0, threshold: threshold, limit: 10) })
                    }
                }
            }
            var result: [Int: [Candidate]] = [:]
            result.reserveCapacity(work.count)
            for await part in group { for (key, found) in part { result[key] = found } }
            return result
        }
    }

    /// Whether a person in `created` (the batch's new persons) could be a candidate for the subject. Asked well
    /// below the review threshold: this index is small, so its statistics (how common a name is) differ from the
    /// whole index's, and a doubt costs only a second screening.
    func mayFind(_ created: ScreeningIndex, _ subject: RegisterSubject) -> Bool {
        guard created.count > 0 else { return false }
        return Self.queries(subject).contains { !created.screen($0, threshold: policy.reviewAbove / 2, limit: 1).isEmpty }
    }

    static func queries(_ subject: RegisterSubject) -> [PersonQuery] {
        queries(
            surname: subject.surname, givenNames: subject.givenNames ?? "",
            birthDate: subject.birthDate.flatMap { BirthDate(iso: $0) }, nationality: subject.nationality,
            sex: subject.sex.flatMap { Sex(parsing: $0) } ?? .unknown
        )
    }

    func candidates(for subject: RegisterSubject, screen: (PersonQuery) -> [Hit]) -> [Candidate] {
        var best: [UUID: Candidate] = [:]
        for hit in Self.queries(subject).flatMap(screen) {
            guard let id = UUID(uuidString: hit.alertID) else { continue }
            if (best[id]?.score ?? -1) < hit.score {
                best[id] = Candidate(personId: id, score: hit.score, explanation: hit.explanation)
            }
        }
        // Ties go to the greater id, compared byte by byte: the order of the ids' hex strings, without writing them.
        return best.values.sorted { a, b in
            a.score != b.score ? a.score > b.score : Self.precedes(b.personId, a.personId)
        }
    }

    /// `a` before `b` in the order of their bytes, which is the order of their `uuidString`s.
    static func precedes(_ a: UUID, _ b: UUID) -> Bool {
        withUnsafeBytes(of: a.uuid) { x in withUnsafeBytes(of: b.uuid) { y in x.lexicographicallyPrecedes(y) } }
    }

    /// The name as written and, when it is in another script, its Latin (ICAO 9303) form: the index holds Latin
    /// and native spellings, and a query in one script is compared with the other through the Latin form.
    static func queries(
        surname: String, givenNames: String, birthDate: BirthDate?, nationality: String?, sex: Sex = .unknown
    ) -> [PersonQuery] {
        var result = [PersonQuery(surname: surname, givenNames: givenNames, birthDate: birthDate, nationality: nationality, sex: sex)]
        if !(surname + givenNames).allSatisfy(\.isASCII),
            let latinSurname = try? Transliteration.latin(surname), let latinGiven = try? Transliteration.latin(givenNames)
        {
            result.append(PersonQuery(surname: latinSurname, givenNames: latinGiven, birthDate: birthDate, nationality: nationality, sex: sex))
        }
        return result
    }

    /// Full birth date and nationality both known and equal, and a name rare enough to say who he is: what an
    /// automatic link needs beyond the score.
    func agrees(_ person: Person, _ subject: RegisterSubject) -> Bool {
        guard let born = subject.birthDate, born.count == 10, person.birthDate == born else { return false }
        guard subject.nationality == person.nationality else { return false }
        return index.namesakeCount(surname: person.surname, givenNames: person.givenNames, nationality: person.nationality)
            <= policy.namesakeLimit
    }

    func newPerson(_ subject: RegisterSubject, agencyId: UUID, now: Date) throws(ServiceError) -> Person {
        Person(
            surname: try Self.latin(subject.surname, field: "subject.surname"),
            givenNames: try subject.givenNames.map { v throws(ServiceError) in try Self.latin(v, field: "subject.givenNames") } ?? "",
            birthDate: subject.birthDate, sex: subject.sex ?? "X",
            // ICAO 9303 Part 3 §5: XXX, "unspecified nationality".
            nationality: subject.nationality ?? "XXX", createdByAgency: agencyId, createdAt: now
        )
    }

    static func evidence(_ hit: Hit) -> [String] {
        evidence(hit.explanation)
    }

    /// Worded inside a batch's transaction, once per record an officer is asked about: kept to plain string
    /// building (Foundation's search-and-replace and `String(format:)` were 1.2 % of an import's CPU, measured).
    static func evidence(_ explanation: Explanation) -> [String] {
        explanation.fields.map { field in
            let label = String(field.field.rawValue.map { $0 == "_" ? " " : $0 })
            return "\(label): \(field.alertValue) / \(field.queryValue) — \(field.how) (×\(twoDecimals(field.contribution)))"
        }
    }

    /// `x` with two decimals, as `String(format: "%.2f", x)` writes a factor in [0, 1] (half away from zero, which
    /// differs from printf only on an exact binary tie that a product of scores does not make).
    static func twoDecimals(_ x: Double) -> String {
        guard x.isFinite else { return "\(x)" }
        let hundredths = Int((abs(x) * 100).rounded())
        let fraction = hundredths % 100
        return (x < 0 && hundredths > 0 ? "-" : "") + "\(hundredths / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }
}
