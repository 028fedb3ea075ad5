import Access
import ArgumentParser
import Foundation
import Services
import Store

/// `kordon bench access`: what need-to-know costs per request: a policy decision, the redaction of a
/// page of crossings for a partner, and authenticating a bearer token against the store (the
/// middleware's lookup: hash, token, officer, agency, expiry, coarse last-used).
struct BenchAccess: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "access",
        abstract: "Policy decisions/s, redaction of a 100-crossing page, token authentications/s (p50/p99).",
        discussion: "SQLite in a new temporary folder by default; --database postgres://… for PostgreSQL."
    )

    @Option(help: "Number of token authentications to time (sequential).") var authentications: Int = 10_000
    @Option(help: "Number of policy decisions.") var decisions: Int = 2_000_000
    @Option(help: "Number of page redactions to time.") var redactions: Int = 10_000

    @OptionGroup var store: BenchDatabaseOptions

    func validate() throws {
        guard authentications >= 1_000, decisions > 0, redactions >= 1_000 else {
            throw ValidationError("--authentications and --redactions must be at least 1000 (for a p99), --decisions positive")
        }
    }

    func run() async throws {
        let policy = try AccessPolicy.standard()
        let clock = ContinuousClock()

        // Policy decisions: every (role, kind, action, resource) in turn.
        var subjects: [(AccessPolicy.Subject, Action, Resource)] = []
        for role in Role.allCases {
            for kind in AgencyKind.allCases {
                for action in Action.allCases {
                    for resource in Resource.allCases { subjects.append((.init(role: role, agencyKind: kind), action, resource)) }
                }
            }
        }
        var granted = 0
        let decisionTime = clock.measure {
            for index in 0..<decisions {
                let (subject, action, resource) = subjects[index % subjects.count]
                if policy.grant(subject, action, resource) != nil { granted += 1 }
            }
        }
        let perSecond = Double(decisions) / decisionTime.seconds
        print("policy: \(decisions) decisions in \(String(format: "%.2f", decisionTime.seconds)) s = "
            + "\(Int(perSecond)) decisions/s (\(granted) granted; \(subjects.count) distinct questions)")

        // Redaction of a page of 100 crossings as a partner sees them.
        guard let grant = policy.grant(.init(role: .partner, agencyKind: .partner), .read, .crossing) else {
            throw ValidationError("the shipped policy has no partner crossing grant")
        }
        let page = Self.crossingPage(count: 100)
        var redactionSamples: [Double] = []
        for _ in 0..<redactions {
            let start = clock.now
            _ = try Redaction.apply(grant, to: page)
            redactionSamples.append((clock.now - start).seconds)
        }
        print("redaction of a 100-crossing page (\(page.count) bytes): "
            + Percentiles(redactionSamples).summary(scale: 1_000, unit: "ms"))

        // Authentication against the store.
        let logger = makeLogger("kordon", level: .warning)
        let services = try await store.start(logger: logger)
        let agency = try await services.admin.createAgency(
            .init(code: "BENCH-\(UUID().uuidString.prefix(6))", name: "Benchmark agency", country: "UKR", kind: .borderGuard)
        )
        var tokens: [String] = []
        for index in 0..<100 {
            tokens.append(try await services.admin.createOfficer(agencyId: agency.id, name: "Officer \(index)", role: .firstLine).token)
        }
        var authSamples: [Double] = []
        let authStart = clock.now
        for index in 0..<authentications {
            let start = clock.now
            guard try await services.admin.authenticate(token: tokens[index % tokens.count]) != nil else {
                throw ValidationError("a fresh token did not authenticate")
            }
            authSamples.append((clock.now - start).seconds)
        }
        let authTotal = (clock.now - authStart).seconds
        print("token authentication, \(services.database.kind.rawValue): \(Int(Double(authentications) / authTotal)) /s sequential; "
            + Percentiles(authSamples).summary(scale: 1_000, unit: "ms"))
        try await services.database.shutdown()
    }

    static func crossingPage(count: Int) -> Data {
        let items = (0..<count).map { index in
            """
            {"id":"\(UUID().uuidString)","personId":"\(UUID().uuidString)","documentId":"\(UUID().uuidString)",\
            "pointCode":"UA-ROAD-PALANCA","direction":"\(index % 2 == 0 ? "entry" : "exit")",\
            "occurredAt":"2026-11-30T10:15:00.000Z","officerId":"\(UUID().uuidString)","agencyId":"\(UUID().uuidString)",\
            "decision":"admitted","refusalReasons":[],"recordedAt":"2026-11-30T10:15:01.000Z"}
            """
        }
        return Data(("{\"items\":[" + items.joined(separator: ",") + "],\"nextCursor\":\"abc\"}").utf8)
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
