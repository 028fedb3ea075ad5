import Foundation
import KordonTesting
import SQLKit
import Services
import Store
import Testing

/// A webhook receiver in memory: answers 500 for the URLs marked down, records the rest with their
/// signature checked, and drops events whose id it has seen (what a receiver is told to do).
actor FakeReceiver: WebhookTransport {
    let publicKey: String
    var down: Set<String> = []
    var attempts: [String: Int] = [:]
    var events: [String: [DeliveredEvent]] = [:]
    var duplicates = 0
    var badSignatures = 0

    init(publicKey: String) { self.publicKey = publicKey }

    func setDown(_ url: String, _ isDown: Bool) {
        if isDown { down.insert(url) } else { down.remove(url) }
    }

    func post(url: String, headers: [(String, String)], body: Data, timeout: Duration) async throws -> Int {
        attempts[url, default: 0] += 1
        if down.contains(url) { return 500 }
        let signature = headers.first { $0.0 == ExchangeSigner.signatureHeader }?.1 ?? ""
        guard ExchangeSigner.verify(body, signature: signature, publicKey: publicKey) else {
            badSignatures += 1
            return 401
        }
        let message = try DeliveryMessage.decode(body)
        var seen = Set(events[url, default: []].map(\.id))
        for event in message.events {
            if seen.insert(event.id).inserted { events[url, default: []].append(event) } else { duplicates += 1 }
        }
        return 204
    }
}

@Suite("Exchange: subscriptions and webhook delivery")
struct ExchangeTests {
    static let joint = "UA-ROAD-MAIAKY-UDOBNE"
    static let notJoint = "UA-ROAD-PLATONOVE"

    static func crossing(_ services: KordonServices, _ agency: TestAgency, at point: String) async throws -> Crossing {
        let person = try await CrossingServiceTests.person(services, agency)
        return try await services.crossings.record(
            .init(personId: person, documentId: nil, pointCode: point, direction: .entry, occurredAt: nil, decision: .admitted),
            idempotencyKey: nil, context: agency.context(.firstLine)
        )
    }

    static func setUp(_ kind: DatabaseKind, options: ExchangeDispatcher.Options = .init()) async throws
        -> (KordonServices, TestAgency, ExchangeDispatcher, FakeReceiver)
    {
        let services = try await TestDatabase.services(kind)
        let agency = try await TestAgency.make(services)
        let signer = ExchangeSigner(key: AuditSigningKey())
        let receiver = FakeReceiver(publicKey: signer.key.publicKeyBase64)
        let exchange = ExchangeService(
            database: services.database, clock: services.clock, policy: services.policy,
            crossingPoints: services.reference.crossingPoints, logger: TestDatabase.logger, horizonGrace: 0.2
        )
        let dispatcher = ExchangeDispatcher(exchange: exchange, signer: signer, transport: receiver, options: options)
        return (services, agency, dispatcher, receiver)
    }

    @Test("a subscription is refused, and nothing stored, when its role could not read what it asks for", arguments: TestDatabase.kinds)
    func refusedSubscriptions(kind: DatabaseKind) async throws {
        let (services, agency, _, _) = try await Self.setUp(kind)
        let police = try await services.admin.createAgency(.init(code: "UA-NPU-T", name: "Police", country: "UKR", kind: .police))
        let admin = agency.context(.admin)
        let cases: [(ExchangeService.NewSubscription, AccessContext, String)] = [
            // Police analysts are told of crossings of persons on their own list, but not of passenger lists.
            (.init(eventTypes: ["manifest.received"], role: .analyst, url: "https://police.example/hook", agencyId: police.id),
             agency.context(.operator), "eventTypes"),
            // A border guard administrator cannot appoint partners, so cannot subscribe as one.
            (.init(eventTypes: ["crossing.recorded"], role: .partner, url: "https://x.example/hook"), admin, "role"),
            (.init(eventTypes: ["crossing.teleported"], role: .analyst, url: "https://x.example/hook"), admin, "eventTypes"),
            (.init(eventTypes: [], role: .analyst, url: "https://x.example/hook"), admin, "eventTypes"),
            (.init(eventTypes: ["crossing.recorded"], role: .analyst, url: "ftp://x.example/hook"), admin, "url"),
            (.init(eventTypes: ["crossing.recorded"], role: .analyst, url: "https://user:pw@x.example/"), admin, "url"),
            (.init(eventTypes: ["crossing.recorded"], role: .analyst, url: "https://x.example/", pointCodes: ["UA-NOWHERE"]), admin, "pointCodes"),
            (.init(eventTypes: ["alert.created"], role: .analyst, url: "https://x.example/", alertCategories: ["jaywalking"]), admin, "alertCategories"),
        ]
        for (input, context, field) in cases {
            let error = await #expect(throws: ServiceError.self) { try await services.exchange.subscribe(input, context: context) }
            #expect(error?.field == field, "\(input.eventTypes) \(input.role) \(input.url)")
        }
        // Not an administrator at all.
        await #expect(throws: ServiceError.self) {
            try await services.exchange.subscribe(
                .init(eventTypes: ["crossing.recorded"], role: .analyst, url: "https://x.example/"), context: agency.context(.firstLine)
            )
        }
        #expect(try await services.database.repositories.subscriptions.list(agencyId: nil).isEmpty)
        try await services.database.shutdown()
    }

    @Test("a partner's deliveries hold only joint-point crossings, and only the fields its grant shows", arguments: TestDatabase.kinds)
    func redactedDeliveries(kind: DatabaseKind) async throws {
        let (services, agency, dispatcher, receiver) = try await Self.setUp(kind)
        let partnerAgency = try #require(agency.agencies[.partner])
        let partner = try await services.exchange.subscribe(
            .init(eventTypes: ["crossing.recorded"], role: .partner, url: "https://partner.example/in", agencyId: partnerAgency.id),
            context: agency.context(.operator)
        )
        let own = try await services.exchange.subscribe(
            .init(eventTypes: ["crossing.recorded"], role: .analyst, url: "https://analysts.example/in"), context: agency.context(.admin)
        )
        let atJoint = try await Self.crossing(services, agency, at: Self.joint)
        _ = try await Self.crossing(services, agency, at: Self.notJoint)
        #expect(try await dispatcher.deliverPending(partner.id) == .idle)
        #expect(try await dispatcher.deliverPending(own.id) == .idle)
        let toPartner = await receiver.events["https://partner.example/in"] ?? []
        #expect(toPartner.map { $0.data["crossingId"] } == [atJoint.id.uuidString])
        // What both sides check at a joint point, and nothing more: no person id, no officer, no reasons.
        #expect(Set(toPartner.flatMap(\.data.keys)).isSubset(of: [
            "crossingId", "pointCode", "direction", "decision", "occurredAt", "documentNumber", "issuingState", "nationality", "plate",
        ]))
        #expect(toPartner.first?.data["personId"] == nil)
        let toAnalysts = await receiver.events["https://analysts.example/in"] ?? []
        #expect(toAnalysts.count == 2)
        #expect(toAnalysts.allSatisfy { $0.data["personId"] != nil })
        try await services.database.shutdown()
    }

    @Test(
        "police are told of crossings of persons on their own list (their alerts, their records), of no one else's",
        arguments: TestDatabase.kinds
    )
    func ownList(kind: DatabaseKind) async throws {
        let (services, agency, dispatcher, receiver) = try await Self.setUp(kind)
        let police = try await RegisterServiceTests.analyst(services, .police, code: "UA-NPU-L")
        let firstLine = agency.context(.firstLine)
        func person(_ surname: String, document: String) async throws -> PersonService.PersonView {
            try await services.persons.create(
                .init(
                    surname: surname, givenNames: "PAVLO", birthDate: "1985-04-04", sex: "M", nationality: "UKR",
                    documents: [.init(documentCode: "P", issuingState: "UKR", number: document, expiryDate: "2031-01-01")]
                ),
                idempotencyKey: nil, context: firstLine
            )
        }
        let wanted = try await person("BONDAR", document: "FE1234567")
        let offender = try await person("MELNYK", document: "FE2345678")
        let bystander = try await person("KOVAL", document: "FE3456789")
        // On the police list: a wanted-person alert naming the document, and an offence record about the person.
        _ = try await services.watchlists.create(
            .init(
                category: "wanted_person", reason: "court warrant", action: "arrest", surname: "BONDAR", givenNames: "PAVLO",
                birthDate: "1985-04-04", documentNumber: "FE 1234567", issuingState: "UKR"
            ),
            idempotencyKey: nil, context: police
        )
        _ = try await services.registers.create(
            .init(register: .offence, personId: offender.person.id, details: .offence(.init(article: "203", committedOn: "2026-06-01"))),
            idempotencyKey: nil, context: police
        )
        let toPolice = try await services.exchange.subscribe(
            .init(eventTypes: ["crossing.recorded"], role: .analyst, url: "https://police.example/in", agencyId: police.principal.agencyId),
            context: agency.context(.operator)
        )
        // The border guard asks for its own list too: it has no alerts or records on these three.
        let ownListOfGuards = try await services.exchange.subscribe(
            .init(eventTypes: ["crossing.recorded"], role: .analyst, url: "https://guards-list.example/in", ownList: true),
            context: agency.context(.admin)
        )
        let everyone = try await services.exchange.subscribe(
            .init(eventTypes: ["crossing.recorded"], role: .analyst, url: "https://guards.example/in"), context: agency.context(.admin)
        )
        for view in [wanted, bystander, offender] {
            _ = try await services.crossings.record(
                .init(
                    personId: view.person.id, documentId: view.documents.first?.id, pointCode: Self.joint, direction: .entry,
                    occurredAt: nil, decision: .admitted
                ),
                idempotencyKey: nil, context: firstLine
            )
        }
        for subscription in [toPolice, ownListOfGuards, everyone] {
            #expect(try await dispatcher.deliverPending(subscription.id) == .idle)
        }
        let told = await receiver.events["https://police.example/in"] ?? []
        #expect(told.map { $0.data["personId"] } == [wanted.person.id.uuidString, offender.person.id.uuidString])
        // What the police grant shows, and nothing more: no officer, no check, no plate.
        #expect(Set(told.flatMap(\.data.keys)).isSubset(of: [
            "crossingId", "personId", "pointCode", "direction", "decision", "occurredAt", "documentNumber", "issuingState",
            "nationality",
        ]))
        #expect(await receiver.events["https://guards-list.example/in"] == nil)
        #expect(await receiver.events["https://guards.example/in"]?.count == 3)
        // Told, not able to ask: the same grant does not let the police read crossings through the API.
        await #expect(throws: ServiceError.self) {
            _ = try await services.crossings.list(.init(personId: wanted.person.id), cursor: nil, limit: 10, context: police)
        }
        try await services.database.shutdown()
    }

    @Test("a dead receiver is retried and blocks no one; back, it gets everything once, in order", arguments: TestDatabase.kinds)
    func deadReceiver(kind: DatabaseKind) async throws {
        let (services, agency, dispatcher, receiver) = try await Self.setUp(kind)
        let admin = agency.context(.admin)
        let dead = try await services.exchange.subscribe(
            .init(eventTypes: ["crossing.recorded"], role: .analyst, url: "https://dead.example/in"), context: admin
        )
        let alive = try await services.exchange.subscribe(
            .init(eventTypes: ["crossing.recorded"], role: .analyst, url: "https://alive.example/in", pointCodes: [Self.joint]),
            context: admin
        )
        await receiver.setDown("https://dead.example/in", true)
        var recorded: [Crossing] = []
        for point in [Self.joint, Self.notJoint, Self.joint] { recorded.append(try await Self.crossing(services, agency, at: point)) }
        #expect(try await dispatcher.deliverPending(dead.id) == .failed)
        #expect(try await dispatcher.deliverPending(dead.id) == .failed)
        #expect(try await dispatcher.deliverPending(alive.id) == .idle)
        let state = try await services.exchange.subscription(id: dead.id, context: admin).delivery
        #expect(state.failureCount == 2)
        #expect(state.deliveredCount == 0)
        #expect(state.lastError == "the receiver answered HTTP 500")
        #expect(await receiver.events["https://alive.example/in"]?.count == 2)

        await receiver.setDown("https://dead.example/in", false)
        recorded.append(try await Self.crossing(services, agency, at: Self.notJoint))
        #expect(try await dispatcher.deliverPending(dead.id) == .idle)
        let got = await receiver.events["https://dead.example/in"] ?? []
        #expect(got.map { $0.data["crossingId"] } == recorded.map { $0.id.uuidString })
        #expect(got.map(\.seq) == got.map(\.seq).sorted())
        let after = try await services.exchange.subscription(id: dead.id, context: admin).delivery
        #expect(after.failureCount == 0 && after.deliveredCount == 4 && after.lastError == nil)
        // Every delivery is in the message log with its signature, and the chain holds.
        let verification = try await services.exchange.verifyLog()
        #expect(verification.isIntact && verification.messagesChecked == 2)
        try await services.database.shutdown()
    }

    @Test("several processes on one PostgreSQL database: one of them delivers a subscription", .enabled(if: TestDatabase.postgresURL != nil))
    func oneDeliverer() async throws {
        // A lease of 5 minutes (5 × the reload interval): on a loaded machine the default 5 s ran out between
        // the two calls, and the second process then rightly took the subscription over.
        var options = ExchangeDispatcher.Options()
        options.reloadInterval = .seconds(60)
        let (services, agency, first, receiver) = try await Self.setUp(.postgres, options: options)
        let second = ExchangeDispatcher(
            exchange: services.exchange, signer: ExchangeSigner(key: AuditSigningKey()), transport: receiver, options: options
        )
        let subscription = try await services.exchange.subscribe(
            .init(eventTypes: ["crossing.recorded"], role: .analyst, url: "https://a.example/in"), context: agency.context(.admin)
        )
        _ = try await Self.crossing(services, agency, at: Self.joint)
        #expect(try await first.deliverPending(subscription.id) == .idle)
        _ = try await Self.crossing(services, agency, at: Self.joint)
        // The second process finds the lease held and delivers nothing; the first delivers the rest.
        #expect(try await second.deliverPending(subscription.id) == .idle)
        #expect(await receiver.attempts["https://a.example/in"] == 1)
        #expect(try await first.deliverPending(subscription.id) == .idle)
        #expect(await receiver.events["https://a.example/in"]?.count == 2)
        try await services.database.shutdown()
    }

    @Test("a revoked subscription gets nothing more")
    func revoked() async throws {
        let (services, agency, dispatcher, receiver) = try await Self.setUp(.sqlite)
        let admin = agency.context(.admin)
        let subscription = try await services.exchange.subscribe(
            .init(eventTypes: ["crossing.recorded"], role: .analyst, url: "https://a.example/in"), context: admin
        )
        _ = try await services.exchange.revoke(id: subscription.id, context: admin)
        _ = try await Self.crossing(services, agency, at: Self.joint)
        #expect(try await dispatcher.deliverPending(subscription.id) == .revoked)
        #expect(await receiver.attempts.isEmpty)
        await #expect(throws: ServiceError.self) { try await services.exchange.revoke(id: subscription.id, context: admin) }
        try await services.database.shutdown()
    }

    @Test("the message log's chain catches an altered message")
    func tamperedLog() async throws {
        let (services, agency, dispatcher, _) = try await Self.setUp(.sqlite)
        let subscription = try await services.exchange.subscribe(
            .init(eventTypes: ["crossing.recorded"], role: .analyst, url: "https://a.example/in"), context: agency.context(.admin)
        )
        for _ in 0..<3 {
            _ = try await Self.crossing(services, agency, at: Self.joint)
            try await dispatcher.deliverPending(subscription.id)
        }
        #expect(try await services.exchange.verifyLog().messagesChecked == 3)
        try await services.database.sql.raw("UPDATE exchange_message SET body = replace(body, 'entry', 'exit') WHERE seq = 2").run()
        let verification = try await services.exchange.verifyLog()
        #expect(verification.firstBrokenLink == AuditLog.BrokenLink(seq: 2, reason: .contentAltered))
        try await services.database.shutdown()
    }

    @Test("retention removes old messages; the chain is verified from the last one removed and grows on", arguments: TestDatabase.kinds)
    func retention(kind: DatabaseKind) async throws {
        let (services, agency, dispatcher, _) = try await Self.setUp(kind)
        let subscription = try await services.exchange.subscribe(
            .init(eventTypes: ["crossing.recorded"], role: .analyst, url: "https://a.example/in"), context: agency.context(.admin)
        )
        for _ in 0..<3 {
            _ = try await Self.crossing(services, agency, at: Self.joint)
            try await dispatcher.deliverPending(subscription.id)
        }
        // Nothing is older than a day yet; pretend two messages are.
        #expect(try await services.exchange.pruneLog(keepDays: 1) == 0)
        try await services.database.sql.raw("UPDATE exchange_message SET occurred_at_ms = 0 WHERE seq <= 2").run()
        #expect(try await services.exchange.pruneLog(keepDays: 1) == 2)
        // (The update changed hashed content of the removed messages only.)
        var verification = try await services.exchange.verifyLog()
        #expect(verification.isIntact && verification.messagesChecked == 1 && verification.headSeq == 3)
        _ = try await Self.crossing(services, agency, at: Self.joint)
        try await dispatcher.deliverPending(subscription.id)
        verification = try await services.exchange.verifyLog()
        #expect(verification.isIntact && verification.messagesChecked == 2 && verification.headSeq == 4)
        // Removing a kept message is still caught.
        try await services.database.sql.raw("DELETE FROM exchange_message WHERE seq = 3").run()
        #expect(try await services.exchange.verifyLog().firstBrokenLink?.seq == 4)
        try await services.database.shutdown()
    }

    @Test(
        "backoff doubles from the base, stays within half and all of it, and is capped",
        arguments: [(1, 0.0, 0.25), (1, 1.0, 0.5), (2, 1.0, 1.0), (4, 0.5, 3.0), (20, 1.0, 300.0), (20, 0.0, 150.0)]
    )
    func backoff(attempt: Int, unit: Double, seconds: Double) {
        let delay = ExchangeDispatcher.backoff(attempt: attempt, base: .milliseconds(500), cap: .seconds(300), unit: unit)
        #expect(delay == .milliseconds(Int64(seconds * 1000)))
    }
}
