import ArgumentParser
import Foundation
import Services
import Store

struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Work with the audit trail.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Walk the hash chain of the audit trail and name the first broken link.",
            discussion: "Exit status 0 when intact, 1 when a link is broken."
        )

        @OptionGroup var store: StoreOptions

        @Option(help: "The head (SEQ:HASH) published earlier; also detects entries deleted from the end.")
        var expectHead: String?

        func run() async throws {
            let location = try store.location()
            let database = try await KordonDatabase.open(location, logger: makeLogger("kordon", level: .warning))
            let log = AuditLog(database.sql, kind: database.kind)
            let result: AuditLog.Verification
            var expectedHashFound: String?
            var expected: (seq: Int64, hash: String)?
            if let expectHead {
                let parts = expectHead.split(separator: ":")
                guard parts.count == 2, let seq = Int64(parts[0]) else {
                    try await database.shutdown()
                    throw ValidationError("--expect-head must be SEQ:HASH as printed by an earlier verify")
                }
                expected = (seq, String(parts[1]))
            }
            do {
                result = try await log.verify()
                if let expected { expectedHashFound = try await log.entryHash(seq: expected.seq) }
            } catch {
                try? await database.shutdown()
                throw error
            }
            try await database.shutdown()
            if let broken = result.firstBrokenLink {
                print("BROKEN after \(result.entriesChecked) intact entries: \(broken)")
                throw ExitCode(1)
            }
            if let expected {
                guard let found = expectedHashFound else {
                    print("BROKEN: the trail ends before the expected head \(expected.seq): entries were deleted from the end")
                    throw ExitCode(1)
                }
                guard found == expected.hash else {
                    print("BROKEN: entry \(expected.seq) does not have the published hash: the trail was rewritten")
                    throw ExitCode(1)
                }
            }
            let head = result.head.map { "\($0.seq):\($0.hash)" } ?? "empty"
            print("OK: \(result.entriesChecked) entries, chain intact. Head \(head)")
        }
    }
}
