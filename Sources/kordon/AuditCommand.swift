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
            let result = try await AuditLog(database.sql, kind: database.kind).verify()
            try await database.shutdown()
            if let broken = result.firstBrokenLink {
                print("BROKEN after \(result.entriesChecked) intact entries: \(broken)")
                throw ExitCode(1)
            }
            if let expectHead {
                let parts = expectHead.split(separator: ":")
                guard parts.count == 2, let seq = Int64(parts[0]) else {
                    throw ValidationError("--expect-head must be SEQ:HASH")
                }
                guard let head = result.head, head.seq >= seq else {
                    print("BROKEN: the trail ends before the expected head \(seq): entries were deleted from the end")
                    throw ExitCode(1)
                }
                if head.seq == seq && head.hash != parts[1] {
                    print("BROKEN: entry \(seq) does not have the expected hash")
                    throw ExitCode(1)
                }
            }
            let head = result.head.map { "\($0.seq):\($0.hash)" } ?? "empty"
            print("OK: \(result.entriesChecked) entries, chain intact. Head \(head)")
        }
    }
}
