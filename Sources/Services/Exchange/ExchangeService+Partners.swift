@preconcurrency import Crypto
import Foundation
import Screening
import Store

/// Partner exchange between two Kordon installations at joint crossing points (issue 12 item 4).
///
/// Outbound, a partner is a subscriber like any other: a local agency of kind `partner` (the partner's
/// state) with a subscription to `crossing.recorded`, whose need-to-know grant (`joint_points`, a few
/// fields) decides what leaves. Inbound, a message is applied only if it is signed with the partner's
/// key, and then only its records that are new (position above the last accepted: no replays, no
/// reordering), crossings, and at a point under joint control with the partner's state. Everything
/// received is kept in the message log with its signature and what was done with it.
extension ExchangeService {
    /// The path a partner's messages are POSTed to.
    public static let inboundPath = "/v1/exchange/inbound"

    /// Configures a partner: its base URL and public key (base64, 32 bytes). Made on the server
    /// (`kordon exchange partner add`), like the installation's operator.
    public func addPartner(code: String, country: String, url: String, publicKey: String) async throws -> Partner {
        let code = try Validate.name(code, field: "code", max: 40)
        guard code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw ServiceError.invalid("code", "may contain only letters, digits, '-' and '_'")
        }
        let country = try Validate.countryCode(country, field: "country")
        guard filter.jointPoints[country]?.isEmpty == false else {
            throw ServiceError.invalid("country", "no crossing point is under joint control with \(country)")
        }
        guard let raw = Data(base64Encoded: publicKey.trimmingCharacters(in: .whitespaces)), raw.count == 32,
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
        else { throw ServiceError.invalid("publicKey", "must be base64 of a 32-byte Ed25519 public key") }
        var base = try Self.webhookURL(url)
        while base.hasSuffix("/") { base.removeLast() }
        let now = clock()
        let agency = Agency(code: "PARTNER-" + code, name: "Partner installation \(code)", country: country, kind: .partner, createdAt: now)
        let subscription = Subscription(
            agencyId: agency.id, role: .partner, eventTypes: ["crossing.recorded"], url: base + Self.inboundPath,
            createdBy: nil, createdAt: now
        )
        let partner = Partner(
            code: code, country: country, url: base, publicKey: raw.base64EncodedString(),
            keyId: AuditCheckpoint.keyId(of: key), agencyId: agency.id, subscriptionId: subscription.id, createdAt: now
        )
        return try await database.transaction { (tx: Repositories) -> Partner in
            if try await tx.agencies.find(code: agency.code) != nil {
                throw ServiceError(.conflict, field: "code", "a partner with this code exists")
            }
            if try await tx.partners.find(keyId: partner.keyId) != nil {
                throw ServiceError(.conflict, field: "publicKey", "another partner has this key")
            }
            try await tx.agencies.insert(agency)
            // The partner gets the crossings recorded from now on, not the outbox's history.
            var outbound = subscription
            outbound.delivery.cursorSeq = try await tx.outbox.lastPosition()
            try await tx.subscriptions.insert(outbound)
            try await tx.partners.insert(partner)
            try await tx.audit.append(
                [AuditRecord(
                    officerId: nil, agencyId: nil, requestId: nil, purpose: "administration", action: "partner.create",
                    resourceType: "partner", resourceIds: [partner.id.uuidString], personIds: [], credentialId: "cli",
                    subject: "agency:\(agency.id)"
                )],
                at: now
            )
            return partner
        }
    }

    public func partners() async throws -> [Partner] {
        try await database.repositories.partners.all()
    }

    /// What became of a partner's message, record by record.
    public struct Receipt: Codable, Sendable, Hashable {
        public var accepted: [UUID]
        public var refused: [Refusal]
    }

    public struct Refusal: Codable, Sendable, Hashable {
        public var id: UUID
        public var seq: Int64
        public var reason: String
    }

    /// Applies a message a partner POSTed, or refuses it whole (unsigned, unknown key, bad signature,
    /// malformed) with the reason logged; refuses single records that are replayed, out of order, not
    /// crossings or not at a joint point. Nothing refused is applied.
    public func receive(body: Data, keyId givenKeyId: String?, signature: String?) async throws -> Receipt {
        guard let givenKeyId, let signature, !givenKeyId.isEmpty, !signature.isEmpty else {
            try await refuse(body: body, peer: "unknown", keyId: givenKeyId ?? "", signature: signature ?? "", reason: "unsigned")
            throw ServiceError(.unauthenticated, field: ExchangeSigner.signatureHeader, "partner messages must be signed")
        }
        let keyId = String(givenKeyId.prefix(64))
        guard let partner = try await database.repositories.partners.find(keyId: keyId) else {
            try await refuse(body: body, peer: "unknown", keyId: keyId, signature: signature, reason: "unknown key id")
            throw ServiceError(.unauthenticated, field: ExchangeSigner.keyIdHeader, "no partner has this key")
        }
        let peer = "partner:\(partner.code)"
        guard ExchangeSigner.verify(body, signature: signature, publicKey: partner.publicKey) else {
            try await refuse(body: body, peer: peer, keyId: keyId, signature: signature, reason: "signature does not verify")
            throw ServiceError(.unauthenticated, field: ExchangeSigner.signatureHeader, "the signature does not verify with the partner's key")
        }
        guard let message = try? DeliveryMessage.decode(body), message.sender == keyId, message.events.count <= 10_000 else {
            try await refuse(body: body, peer: peer, keyId: keyId, signature: signature, reason: "malformed message")
            throw ServiceError.invalid("body", "not a Kordon delivery message from this sender")
        }
        let now = clock()
        let filter = self.filter
        let receipt = try await database.transaction { (tx: Repositories) -> Receipt in
            var position = try await tx.partners.inboundPosition(partnerId: partner.id, lock: database.kind == .postgres)
            var receipt = Receipt(accepted: [], refused: [])
            var crossings: [PartnerCrossing] = []
            for event in message.events {
                let reason: String?
                if event.seq <= position {
                    reason = "replayed: position \(event.seq) is at or below the last accepted (\(position))"
                } else if event.type != "crossing.recorded" {
                    reason = "not a record exchanged with partners (\(Self.printable(event.type, max: 40)))"
                } else if let point = event.data["pointCode"], filter.isJoint(point, with: partner.country) {
                    guard let remoteId = event.data["crossingId"], let direction = event.data["direction"],
                        Crossing.Direction(rawValue: direction) != nil
                    else {
                        receipt.refused.append(.init(id: event.id, seq: event.seq, reason: "incomplete crossing record"))
                        continue
                    }
                    // Checked as strictly as our own officers' input: a record we cannot show as sent is not applied.
                    let customsReference: String?
                    do {
                        customsReference = try event.data["customsReference"].flatMap { value throws(ServiceError) in
                            try Validate.customsReference(value)
                        }
                    } catch {
                        receipt.refused.append(.init(id: event.id, seq: event.seq, reason: "malformed customs declaration reference"))
                        continue
                    }
                    reason = nil
                    crossings.append(
                        PartnerCrossing(
                            partnerId: partner.id, remoteSeq: event.seq, remoteId: Self.printable(remoteId, max: 64),
                            pointCode: point, direction: direction, decision: event.data["decision"].map { Self.printable($0, max: 20) },
                            occurredAt: event.occurredAt, receivedAt: now,
                            documentNumber: event.data["documentNumber"].map { DocumentReference.normalizedNumber(Self.printable($0, max: 20)) },
                            issuingState: event.data["issuingState"].flatMap(Self.stateCode),
                            nationality: event.data["nationality"].flatMap(Self.stateCode),
                            plate: event.data["plate"].map { Self.printable($0, max: 16).uppercased() },
                            customsReference: customsReference
                        )
                    )
                    position = event.seq
                    receipt.accepted.append(event.id)
                } else {
                    reason = "not a joint crossing point with \(partner.country)"
                }
                if let reason { receipt.refused.append(.init(id: event.id, seq: event.seq, reason: reason)) }
            }
            try await tx.partners.insert(crossings)
            try await tx.partners.advanceInbound(partnerId: partner.id, to: position)
            try await tx.exchangeLog.append(
                [NewExchangeMessage(
                    direction: .received, peer: peer, keyId: keyId, signature: signature,
                    body: String(decoding: body, as: UTF8.self), outcome: Self.outcome(receipt)
                )],
                at: now
            )
            return receipt
        }
        for refusal in receipt.refused {
            logger.warning(
                "Refused a partner record",
                metadata: ["partner": "\(partner.code)", "seq": "\(refusal.seq)", "reason": "\(refusal.reason)"]
            )
        }
        return receipt
    }

    static func outcome(_ receipt: Receipt) -> String {
        var text = "accepted \(receipt.accepted.count)"
        if !receipt.refused.isEmpty {
            text += "; refused " + receipt.refused.map { "\($0.seq): \($0.reason)" }.joined(separator: "; ")
        }
        return text
    }

    /// Logs a message refused whole (its first 4 KB) and says why in the server log.
    private func refuse(body: Data, peer: String, keyId: String, signature: String, reason: String) async throws {
        logger.warning("Refused a partner message", metadata: ["peer": "\(peer)", "reason": "\(reason)"])
        let now = clock()
        _ = try await database.transaction { (tx: Repositories) in
            try await tx.exchangeLog.append(
                [NewExchangeMessage(
                    direction: .received, peer: peer, keyId: String(keyId.prefix(64)), signature: String(signature.prefix(200)),
                    body: Self.loggable(body.prefix(4096)), outcome: "refused: " + reason
                )],
                at: now
            )
        }
    }

    /// A body refused whole, as text the log can hold on both engines: invalid UTF-8 and NUL bytes (which
    /// SQLite cuts text at and PostgreSQL refuses) become U+FFFD. Kept as evidence, not re-verified.
    static func loggable(_ body: Data) -> String {
        String(decoding: body, as: UTF8.self).replacingOccurrences(of: "\u{0}", with: "\u{FFFD}")
    }

    /// At most `max` characters of `text` without control characters: what a partner's free text may put
    /// in our tables and logs.
    static func printable(_ text: String, max: Int) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) }).prefix(max))
    }

    /// An ICAO 9303 state code (`MDA`, `D<<`), or nil: a partner's field that is not one is dropped, not stored.
    static func stateCode(_ text: String) -> String? {
        text.count <= 3 && !text.isEmpty && text.allSatisfy({ ("A"..."Z").contains($0) || $0 == "<" }) ? text : nil
    }

    /// Crossings partners reported, newest first: for officers who may read crossings.
    public func partnerCrossings(pointCode: String?, limit: Int, context: AccessContext) async throws -> [PartnerCrossing] {
        let grant = try context.authorize(.read, .crossing)
        guard (1...500).contains(limit) else { throw ServiceError.invalid("limit", "must be between 1 and 500") }
        let found = try await database.repositories.partners.crossings(pointCode: pointCode, limit: limit)
        guard grant.scope == .jointPoints else { return found }
        return found.filter { filter.isJoint($0.pointCode, with: context.principal.agencyCountry) }
    }
}
