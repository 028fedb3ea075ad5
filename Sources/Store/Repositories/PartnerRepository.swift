import Foundation
import SQLKit

/// Partner installations and the crossings they reported (issue 12 item 4).
public struct PartnerRepository: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) { self.db = db }

    public func insert(_ partner: Partner) async throws {
        try await db.insert(into: "partner")
            .columns(
                "id", "code", "country", "url", "public_key", "key_id", "agency_id", "subscription_id", "inbound_seq",
                "created_at"
            )
            .values(
                SQLBind(partner.id), SQLBind(partner.code), SQLBind(partner.country), SQLBind(partner.url),
                SQLBind(partner.publicKey), SQLBind(partner.keyId), SQLBind(partner.agencyId),
                SQLBind(partner.subscriptionId), SQLBind(partner.inboundSeq), SQLBind(partner.createdAt)
            ).run()
    }

    public func all() async throws -> [Partner] {
        try await db.select().columns(Self.columns).from("partner").orderBy("code").all().map(Self.decode)
    }

    public func find(keyId: String) async throws -> Partner? {
        try await db.select().columns(Self.columns).from("partner").where("key_id", .equal, SQLBind(keyId)).first()
            .map(Self.decode)
    }

    /// Moves the inbound position forward; only forward, so it is safe under concurrent deliveries.
    public func advanceInbound(partnerId: UUID, to seq: Int64) async throws {
        try await db.update("partner").set("inbound_seq", to: SQLBind(seq))
            .where("id", .equal, SQLBind(partnerId)).where("inbound_seq", .lessThan, SQLBind(seq)).run()
    }

    public func insert(_ crossings: [PartnerCrossing]) async throws {
        guard !crossings.isEmpty else { return }
        let insert = db.insert(into: "partner_crossing").columns(Self.crossingColumns)
        for c in crossings {
            insert.values(
                SQLBind(c.id), SQLBind(c.partnerId), SQLBind(c.remoteSeq), SQLBind(c.remoteId), SQLBind(c.pointCode),
                SQLBind(c.direction), SQLBind(c.decision), SQLBind(c.occurredAt), SQLBind(c.receivedAt),
                SQLBind(c.documentNumber), SQLBind(c.issuingState), SQLBind(c.nationality), SQLBind(c.plate),
                SQLBind(c.customsReference)
            )
        }
        try await insert.run()
    }

    /// Partner crossings of these documents (issuing state, number) since `since`, newest first.
    public func crossings(documents: [(issuingState: String, number: String)], since: Date, limit: Int = 50)
        async throws -> [PartnerCrossing]
    {
        guard !documents.isEmpty else { return [] }
        let limit = max(1, min(limit, 500))
        if documents.count == 1 {
            let statement = PartnerDocumentCrossingsStatement(
                since: since, documentNumber: documents[0].number, issuingState: documents[0].issuingState, limit: limit
            )
            return try await PreparedRead.rows(of: statement, on: db).map(Self.decodeCrossing)
        }
        let select = db.select().columns(Self.crossingColumns).from("partner_crossing")
            .where("occurred_at", .greaterThanOrEqual, SQLBind(since))
            .where { group in
                for document in documents {
                    group.orWhere { pair in
                        pair.where("document_number", .equal, SQLBind(document.number))
                            .where("issuing_state", .equal, SQLBind(document.issuingState))
                    }
                }
                return group
            }
        return try await select.orderBy("occurred_at", .descending).limit(limit).all().map(Self.decodeCrossing)
    }

    /// Partner crossings, newest first, optionally at one point.
    public func crossings(pointCode: String? = nil, limit: Int = 100) async throws -> [PartnerCrossing] {
        let select = db.select().columns(Self.crossingColumns).from("partner_crossing")
        if let pointCode { select.where("point_code", .equal, SQLBind(pointCode)) }
        return try await select.orderBy("remote_seq", .descending).limit(max(1, min(limit, 1000))).all().map(Self.decodeCrossing)
    }

    static let crossingColumns = [
        "id", "partner_id", "remote_seq", "remote_id", "point_code", "direction", "decision", "occurred_at", "received_at",
        "document_number", "issuing_state", "nationality", "plate", "customs_reference",
    ]

    static func decodeCrossing(_ row: any SQLRow) throws -> PartnerCrossing {
        PartnerCrossing(
            id: try row.decode(column: "id", as: UUID.self),
            partnerId: try row.decode(column: "partner_id", as: UUID.self),
            remoteSeq: try row.decode(column: "remote_seq", as: Int64.self),
            remoteId: try row.decode(column: "remote_id", as: String.self),
            pointCode: try row.decode(column: "point_code", as: String.self),
            direction: try row.decode(column: "direction", as: String.self),
            decision: try row.decode(column: "decision", as: String?.self),
            occurredAt: try row.decode(column: "occurred_at", as: Date.self),
            receivedAt: try row.decode(column: "received_at", as: Date.self),
            documentNumber: try row.decode(column: "document_number", as: String?.self),
            issuingState: try row.decode(column: "issuing_state", as: String?.self),
            nationality: try row.decode(column: "nationality", as: String?.self),
            plate: try row.decode(column: "plate", as: String?.self),
            customsReference: try row.decode(column: "customs_reference", as: String?.self)
        )
    }

    static let columns = [
        "id", "code", "country", "url", "public_key", "key_id", "agency_id", "subscription_id", "inbound_seq",
        "created_at",
    ]

    static func decode(_ row: any SQLRow) throws -> Partner {
        Partner(
            id: try row.decode(column: "id", as: UUID.self),
            code: try row.decode(column: "code", as: String.self),
            country: try row.decode(column: "country", as: String.self),
            url: try row.decode(column: "url", as: String.self),
            publicKey: try row.decode(column: "public_key", as: String.self),
            keyId: try row.decode(column: "key_id", as: String.self),
            agencyId: try row.decode(column: "agency_id", as: UUID.self),
            subscriptionId: try row.decode(column: "subscription_id", as: UUID.self),
            inboundSeq: try row.decode(column: "inbound_seq", as: Int64.self),
            createdAt: try row.decode(column: "created_at", as: Date.self)
        )
    }
}

extension PartnerRepository {
    /// The last accepted inbound position; on PostgreSQL the row is locked to the end of the
    /// transaction, so two deliveries from the same partner are applied one after the other.
    public func inboundPosition(partnerId: UUID, lock: Bool) async throws -> Int64 {
        let select = db.select().column("inbound_seq").from("partner").where("id", .equal, SQLBind(partnerId))
        if lock { select.for(.update) }
        guard let row = try await select.first() else { return 0 }
        return try row.decode(column: "inbound_seq", as: Int64.self)
    }
}
