import ArgumentParser
import Foundation
import Services
import Store

/// `kordon bench registers` (issue 11 item 7): link incoming register records against a population of persons, and
/// count how many were linked without asking, queued for an officer, given a new person, and linked wrongly. The
/// generator knows who each record is really about.
struct BenchRegisters: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registers",
        abstract: "Link N incoming register records against P persons; print records/s and the share linked, queued, new and wrong.",
        discussion: """
            Incoming records (offences, as another agency's register would send them): 40 % name a document of a known \
            person; 30 % a known person without a document, full birth date, the name exact, with one letter wrong in the \
            surname, or surname and given names swapped; 10 % a known person with only the birth year; 20 % a person \
            never seen. Imported in batches through the register service (resolution, history, audit, outbox); \
            then --single records one at a time through the same service, for the latency of one record.
            """
    )

    @Option(help: "Persons already known.")
    var persons: Int = 1_000_000

    @Option(help: "Incoming records to link.")
    var records: Int = 100_000

    @Option(help: "Records per import batch (one transaction).")
    var batch: Int = 500

    @Option(help: "Batches sent side by side, as several clients of POST /v1/registers/import would (one screens while another writes).")
    var importers: Int = 2

    @Option(help: "Records recorded one at a time afterwards, for latency.")
    var single: Int = 1_000

    @Option(help: "Seed of the generator.")
    var seed: UInt64 = 11

    @OptionGroup var store: BenchDatabaseOptions

    func validate() throws {
        guard persons > 0, records > 0, (1...5_000).contains(batch), single >= 0, (1...16).contains(importers) else {
            throw ValidationError("--persons and --records must be positive, --batch 1 to 5000, --importers 1 to 16, --single 0 or more")
        }
    }

    /// An incoming record and the person it is really about (nil: someone never seen).
    struct Incoming {
        enum Kind: String, CaseIterable { case document, nameExact = "name exact", nameTypo = "name typo", swapped, yearOnly = "year only", unseen }
        var kind: Kind
        var subject: RegisterSubject
        var truth: UUID?
    }

    func run() async throws {
        let logger = makeLogger("kordon", level: .warning)
        let services = try await store.start(logger: logger)
        let now = Date()
        let clock = ContinuousClock()
        let suffix = UUID().uuidString.prefix(6)
        let agency = try await services.admin.createAgency(
            .init(code: "BENCH-SMS-\(suffix)", name: "Benchmark migration service", country: "UKR", kind: .migrationService)
        )
        let officer = try await services.admin.createOfficer(agencyId: agency.id, name: "Bench officer", role: .migrationOfficer).officer
        let context = AccessContext(
            principal: Principal(officerId: officer.id, agencyId: agency.id, role: .migrationOfficer, agencyKind: .migrationService,
                                 agencyCountry: "UKR", credentialId: "bench"),
            purpose: "bench", requestId: nil, policy: services.policy
        )
        print("bench registers: \(services.database.kind.rawValue), \(persons) persons, \(records) incoming records, batches of \(batch), \(importers) importers side by side")

        // The population, with one passport each.
        let known = SyntheticPopulation.travellers(count: persons, seed: seed, agencyId: agency.id, now: now)
        let bar = ProgressBar()
        let loadTime = try await clock.measure {
            var done = 0
            for chunk in stride(from: 0, to: known.count, by: 20_000).map({ known[$0..<min($0 + 20_000, known.count)] }) {
                let people = chunk.map(\.person)
                let documents = chunk.map {
                    TravelDocumentRecord(personId: $0.person.id, documentCode: $0.documentCode, issuingState: $0.person.nationality,
                                         number: $0.documentNumber, expiryDate: $0.expiryDate, mrz: nil, createdAt: now)
                }
                try await services.database.transaction { (repositories: Repositories) in
                    try await repositories.persons.insert(people)
                    try await repositories.persons.insert(documents)
                }
                done += chunk.count
                bar.update("persons", done, known.count)
            }
        }
        print(String(format: "  population stored in %.1f s", loadTime.seconds))
        let indexTime = try await clock.measure { try await services.registers.personIndex.rebuild() }
        print(String(format: "  person index: %d persons in %.1f s", services.registers.personIndex.count, indexTime.seconds))

        let incoming = Self.generate(count: records + single, known: known, seed: seed &+ 1, now: now, agencyId: agency.id)
        let details = RegisterDetails.offence(.init(article: "203", committedOn: "2026-06-01"))
        var linked: [(Incoming, RegisterRecordView)] = []
        let starts = Array(stride(from: 0, to: records, by: batch))
        let next = BatchQueue(count: starts.count)
        let importTime = try await clock.measure {
            // Each importer takes the next batch as it finishes one; results are put back in input order.
            let done = try await withThrowingTaskGroup(of: [(Int, [RegisterRecordView])].self) { group in
                for _ in 0..<importers {
                    group.addTask { [incoming, records, batch] in
                        var mine: [(Int, [RegisterRecordView])] = []
                        while let position = next.take() {
                            let start = starts[position]
                            let slice = incoming[start..<min(start + batch, records)]
                            let views = try await services.registers.importBatch(
                                slice.map { NewRegisterRecord(register: .offence, subject: $0.subject, details: details) }, context: context
                            )
                            mine.append((position, views))
                            bar.update("records", next.finished(slice.count), records)
                        }
                        return mine
                    }
                }
                var all: [(Int, [RegisterRecordView])] = []
                for try await part in group { all += part }
                return all.sorted { $0.0 < $1.0 }
            }
            for (position, views) in done {
                linked += zip(incoming[starts[position]...], views).map { ($0, $1) }
            }
        }
        Self.report(linked, seconds: importTime.seconds, label: "batch import")
        print("    resolved again in their transaction (what they read had changed): \(await services.registers.batchesResolvedAgain) of \(starts.count) batches")

        if single > 0 {
            var latencies: [Double] = []
            var one: [(Incoming, RegisterRecordView)] = []
            let singleTime = try await clock.measure {
                for item in incoming[records..<(records + single)] {
                    var view: RegisterRecordView?
                    let elapsed = try await clock.measure {
                        view = try await services.registers.create(
                            NewRegisterRecord(register: .offence, subject: item.subject, details: details), idempotencyKey: nil, context: context
                        )
                    }
                    latencies.append(elapsed.seconds)
                    if let view { one.append((item, view)) }
                }
            }
            Self.report(one, seconds: singleTime.seconds, label: "one at a time")
            print("  latency of one record: " + Percentiles(latencies).summary(scale: 1000, unit: "ms", digits: 2))
        }
        try await services.database.shutdown()
    }

    /// The batches still to send, shared by the importers, and the records sent so far.
    final class BatchQueue: @unchecked Sendable {
        private let lock = NSLock()
        private var taken = 0
        private var recorded = 0
        let count: Int

        init(count: Int) { self.count = count }

        func take() -> Int? {
            lock.withLock {
                guard taken < count else { return nil }
                taken += 1
                return taken - 1
            }
        }

        func finished(_ records: Int) -> Int {
            lock.withLock {
                recorded += records
                return recorded
            }
        }
    }

    static func report(_ results: [(Incoming, RegisterRecordView)], seconds: Double, label: String) {
        var auto = 0, queued = 0, created = 0, wrong = 0, queuedRight = 0
        var byKind: [Incoming.Kind: (n: Int, auto: Int, queued: Int, wrong: Int)] = [:]
        for (item, view) in results {
            var row = byKind[item.kind] ?? (0, 0, 0, 0)
            row.n += 1
            switch view.link {
            case .document, .matched, .given, .reviewed:
                auto += 1
                row.auto += 1
                if view.personId != item.truth { wrong += 1; row.wrong += 1 }
            case .queued:
                queued += 1
                row.queued += 1
                if item.truth != nil { queuedRight += 1 }
            case .created:
                created += 1
            }
            byKind[item.kind] = row
        }
        let n = Double(max(1, results.count))
        print(String(format: "  %@: %d records in %.1f s = %.0f records/s", label, results.count, seconds, Double(results.count) / seconds))
        print(String(format: "    linked automatically %.1f %%, queued for an officer %.1f %%, new person %.1f %%, wrongly linked %.3f %% (%d)",
                     Double(auto) / n * 100, Double(queued) / n * 100, Double(created) / n * 100, Double(wrong) / n * 100, wrong))
        for kind in Incoming.Kind.allCases {
            guard let row = byKind[kind] else { continue }
            print(String(format: "    %-11@ %6d: auto %5.1f %%, queued %5.1f %%, wrong %d", kind.rawValue, row.n,
                         Double(row.auto) / Double(row.n) * 100, Double(row.queued) / Double(row.n) * 100, row.wrong))
        }
        _ = queuedRight
    }

    /// Incoming records with their truth (see the command's discussion for the mix).
    static func generate(count: Int, known: [SyntheticPopulation.Traveller], seed: UInt64, now: Date, agencyId: UUID) -> [Incoming] {
        var rng = SeededGenerator(seed: seed)
        // As many strangers as records, so none comes twice (a second record of a stranger is of a known person by then).
        let strangers = SyntheticPopulation.travellers(count: count, seed: seed &+ 99, agencyId: agencyId, now: now)
        var strangerIndex = 0
        var result: [Incoming] = []
        result.reserveCapacity(count)
        for _ in 0..<count {
            let roll = Double.random(in: 0..<1, using: &rng)
            if roll >= 0.8 {
                let p = strangers[strangerIndex].person
                strangerIndex += 1
                result.append(Incoming(kind: .unseen, subject: RegisterSubject(
                    surname: p.surname, givenNames: p.givenNames, birthDate: p.birthDate, nationality: p.nationality, sex: p.sex
                ), truth: nil))
                continue
            }
            let traveller = known[Int.random(in: 0..<known.count, using: &rng)]
            let p = traveller.person
            var subject = RegisterSubject(surname: p.surname, givenNames: p.givenNames, birthDate: p.birthDate, nationality: p.nationality, sex: p.sex)
            let kind: Incoming.Kind
            if roll < 0.4 {
                kind = .document
                subject.document = SubjectDocument(documentCode: traveller.documentCode, number: traveller.documentNumber, issuingState: p.nationality)
            } else if roll < 0.7 {
                switch Int.random(in: 0..<4, using: &rng) {
                case 0, 1: kind = .nameExact
                case 2:
                    kind = .nameTypo
                    var letters = Array(p.surname)
                    if letters.count > 3 {
                        let at = Int.random(in: 1..<letters.count, using: &rng)
                        letters[at] = letters[at] == "A" ? "E" : "A"
                    }
                    subject.surname = String(letters)
                default:
                    kind = .swapped
                    subject.surname = p.givenNames
                    subject.givenNames = p.surname
                }
            } else {
                kind = .yearOnly
                subject.birthDate = p.birthDate.map { String($0.prefix(4)) }
            }
            result.append(Incoming(kind: kind, subject: subject, truth: p.id))
        }
        return result
    }
}
