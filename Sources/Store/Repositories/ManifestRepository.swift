import Foundation
import SQLKit

/// Expected flights, their manifest travellers and the hits found on them: every APIS SQL statement.
public struct ManifestRepository: Sendable {
    let db: any SQLDatabase
    let kind: DatabaseKind

    public init(_ db: any SQLDatabase, kind: DatabaseKind) {
        self.db = db
        self.kind = kind
    }

    // MARK: - Flights

    static let flightColumns = [
        "id", "carrier", "flight_number", "departure_date", "departure_port", "departure_local", "arrival_port",
        "arrival_local", "scheduled_arrival", "point_code", "agency_id", "sender", "manifest_count",
        "manifest_sha256", "first_received_at", "received_at", "manifest_complete", "manifest_flaws",
    ]

    public func insert(_ flight: ExpectedFlight) async throws {
        try await db.insert(into: "flight").columns(Self.flightColumns).values(Self.binds(flight)).run()
    }

    /// Writes every column but the identity and the first reception over the stored row.
    public func update(_ flight: ExpectedFlight) async throws {
        let update = db.update("flight")
        for (column, value) in zip(Self.flightColumns, Self.binds(flight))
        where !["id", "carrier", "flight_number", "departure_date", "first_received_at"].contains(column) {
            update.set(SQLIdentifier(column), to: value)
        }
        try await update.where("id", .equal, SQLBind(flight.id)).run()
    }

    static func binds(_ f: ExpectedFlight) -> [any SQLExpression] {
        [
            SQLBind(f.id), SQLBind(f.carrier), SQLBind(f.flightNumber), SQLBind(f.departureDate),
            SQLBind(f.departurePort), SQLBind(f.departureLocal), SQLBind(f.arrivalPort), SQLBind(f.arrivalLocal),
            SQLBind(f.scheduledArrival), SQLBind(f.pointCode), SQLBind(f.agencyId), SQLBind(f.sender),
            SQLBind(f.manifestCount), SQLBind(f.manifestSHA256), SQLBind(f.firstReceivedAt), SQLBind(f.receivedAt),
            SQLBind(f.manifestComplete), SQLBind(Self.json(f.manifestFlaws)),
        ]
    }

    /// JSON text of a stored list (flaws, documents): keys sorted, so equal lists store equal text.
    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    /// A stored JSON list; a column that does not decode reads as empty rather than failing the row.
    static func list<T: Decodable>(_ text: String, of type: T.Type) -> [T] {
        (try? JSONDecoder().decode([T].self, from: Data(text.utf8))) ?? []
    }

    /// The flight with this identity; `forUpdate` locks it to the end of the transaction on PostgreSQL
    /// (two amendments of one flight then apply one after the other; SQLite's `BEGIN IMMEDIATE` already does).
    public func flight(carrier: String, flightNumber: String, departureDate: String, forUpdate: Bool = false)
        async throws -> ExpectedFlight?
    {
        let select = db.select().columns(Self.flightColumns).from("flight")
            .where("carrier", .equal, SQLBind(carrier)).where("flight_number", .equal, SQLBind(flightNumber))
            .where("departure_date", .equal, SQLBind(departureDate))
        if forUpdate && kind == .postgres { select.for(.update) }
        return try await select.first().map(Self.decodeFlight)
    }

    public func flight(id: UUID) async throws -> ExpectedFlight? {
        try await db.select().columns(Self.flightColumns).from("flight").where("id", .equal, SQLBind(id)).first()
            .map(Self.decodeFlight)
    }

    /// Flights arriving between `from` and `to` (at one point, or all), by scheduled arrival.
    public func flights(pointCode: String?, arrivingFrom from: Date, to: Date, limit: Int) async throws
        -> [ExpectedFlight]
    {
        let select = db.select().columns(Self.flightColumns).from("flight")
            .where("scheduled_arrival", .greaterThanOrEqual, SQLBind(from))
            .where("scheduled_arrival", .lessThan, SQLBind(to))
        if let pointCode { select.where("point_code", .equal, SQLBind(pointCode)) }
        return try await select.orderBy("scheduled_arrival", .ascending).orderBy("id").limit(limit).all()
            .map(Self.decodeFlight)
    }

    static func decodeFlight(_ row: any SQLRow) throws -> ExpectedFlight {
        func text(_ column: String) throws -> String { try row.decode(column: column, as: String.self) }
        func optional(_ column: String) throws -> String? { try row.decode(column: column, as: String?.self) }
        return ExpectedFlight(
            id: try row.decode(column: "id", as: UUID.self), carrier: try text("carrier"),
            flightNumber: try text("flight_number"), departureDate: try text("departure_date"),
            departurePort: try optional("departure_port"), departureLocal: try optional("departure_local"),
            arrivalPort: try text("arrival_port"), arrivalLocal: try text("arrival_local"),
            scheduledArrival: try row.decode(column: "scheduled_arrival", as: Date.self),
            pointCode: try text("point_code"), agencyId: try row.decode(column: "agency_id", as: UUID.self),
            sender: try optional("sender"), manifestCount: try row.decode(column: "manifest_count", as: Int.self),
            manifestSHA256: try text("manifest_sha256"),
            firstReceivedAt: try row.decode(column: "first_received_at", as: Date.self),
            receivedAt: try row.decode(column: "received_at", as: Date.self),
            manifestComplete: try row.decode(column: "manifest_complete", as: Bool.self),
            manifestFlaws: list(try text("manifest_flaws"), of: ManifestFlaw.self)
        )
    }

    // MARK: - Travellers

    static let travellerColumns = [
        "id", "flight_id", "traveller_key", "position", "kind", "surname", "given_names", "birth_date", "sex",
        "nationality", "document_type", "document_number", "issuing_state", "document_expiry", "booking_ref",
        "port_of_embarkation", "port_of_debarkation", "issues", "check_id", "arrived_at", "created_at", "documents",
    ]

    /// Rows per multi-row insert: 22 binds each stays below SQLite's and PostgreSQL's bind limits.
    static let travellerBatch = 200

    public func insert(_ travellers: [ManifestTraveller]) async throws {
        for chunk in travellers.chunked(into: Self.travellerBatch) {
            let insert = db.insert(into: "manifest_traveller").columns(Self.travellerColumns)
            for t in chunk {
                insert.values(
                    SQLBind(t.id), SQLBind(t.flightId), SQLBind(t.travellerKey), SQLBind(t.position),
                    SQLBind(t.kind.rawValue), SQLBind(t.surname), SQLBind(t.givenNames), SQLBind(t.birthDate),
                    SQLBind(t.sex), SQLBind(t.nationality), SQLBind(t.documentType), SQLBind(t.documentNumber),
                    SQLBind(t.issuingState), SQLBind(t.documentExpiry), SQLBind(t.bookingRef),
                    SQLBind(t.portOfEmbarkation), SQLBind(t.portOfDebarkation),
                    SQLBind(t.issues.joined(separator: ",")), SQLBind(t.checkId), SQLBind(t.arrivedAt),
                    SQLBind(t.createdAt), SQLBind(Self.json(t.documents))
                )
            }
            try await insert.run()
        }
    }

    /// Removes a flight's travellers of `kinds`: an amended list replaces them.
    public func deleteTravellers(flightId: UUID, kinds: Set<ManifestTraveller.Kind>) async throws {
        guard !kinds.isEmpty else { return }
        try await db.delete(from: "manifest_traveller").where("flight_id", .equal, SQLBind(flightId))
            .where("kind", .in, SQLBind.group(kinds.map(\.rawValue).sorted())).run()
    }

    /// A flight's travellers in manifest order (passengers, then crew, as stored).
    public func travellers(flightId: UUID) async throws -> [ManifestTraveller] {
        try await db.select().columns(Self.travellerColumns).from("manifest_traveller")
            .where("flight_id", .equal, SQLBind(flightId)).orderBy("position").all().map(Self.decodeTraveller)
    }

    /// Travellers not yet met at the border on flights arriving after `cutoff`, in id order after `cursor`:
    /// who re-screening must look at when an alert changes.
    public func expectedTravellers(arrivingAfter cutoff: Date, after cursor: UUID?, limit: Int) async throws
        -> [ManifestTraveller]
    {
        let select = db.select().columns(Self.travellerColumns.map { SQLColumn($0, table: "t") })
            .from(SQLAlias(SQLIdentifier("manifest_traveller"), as: SQLIdentifier("t")))
            .join(SQLAlias(SQLIdentifier("flight"), as: SQLIdentifier("f")), method: SQLJoinMethod.inner,
                  on: SQLColumn("flight_id", table: "t"), .equal, SQLColumn("id", table: "f"))
            .where(SQLColumn("scheduled_arrival", table: "f"), .greaterThan, SQLBind(cutoff))
            .where(SQLColumn("check_id", table: "t"), .is, SQLLiteral.null)
        if let cursor { select.where(SQLColumn("id", table: "t"), .greaterThan, SQLBind(cursor)) }
        return try await select.orderBy(SQLColumn("id", table: "t")).limit(limit).all().map(Self.decodeTraveller)
    }

    /// The traveller with this document on a flight arriving at `pointCode` between `from` and `to`,
    /// one not yet met at the border first, then the latest flight.
    public func traveller(
        documentNumber: String, issuingState: String, pointCode: String, arrivingFrom from: Date, to: Date
    ) async throws -> ManifestTraveller? {
        let statement = ArrivingTravellerStatement(
            documentNumber: documentNumber, issuingState: issuingState, pointCode: pointCode, from: from, to: to
        )
        return try await PreparedRead.rows(of: statement, on: db).first.map(Self.decodeTraveller)
    }

    /// Links the border check that met the traveller; the first check wins.
    public func markArrived(travellerId: UUID, checkId: UUID, at now: Date) async throws {
        try await db.update("manifest_traveller").set("check_id", to: SQLBind(checkId))
            .set("arrived_at", to: SQLBind(now)).where("id", .equal, SQLBind(travellerId))
            .where("check_id", .is, SQLLiteral.null).run()
    }

    static func decodeTraveller(_ row: any SQLRow) throws -> ManifestTraveller {
        func optional(_ column: String) throws -> String? { try row.decode(column: column, as: String?.self) }
        let kind = try row.decode(column: "kind", as: String.self)
        let issues = try row.decode(column: "issues", as: String.self)
        return ManifestTraveller(
            id: try row.decode(column: "id", as: UUID.self), flightId: try row.decode(column: "flight_id", as: UUID.self),
            travellerKey: try row.decode(column: "traveller_key", as: String.self),
            position: try row.decode(column: "position", as: Int.self),
            kind: ManifestTraveller.Kind(rawValue: kind) ?? .passenger, surname: try optional("surname"),
            givenNames: try optional("given_names"), birthDate: try optional("birth_date"), sex: try optional("sex"),
            nationality: try optional("nationality"), documentType: try optional("document_type"),
            documentNumber: try optional("document_number"), issuingState: try optional("issuing_state"),
            documentExpiry: try optional("document_expiry"), bookingRef: try optional("booking_ref"),
            portOfEmbarkation: try optional("port_of_embarkation"),
            portOfDebarkation: try optional("port_of_debarkation"),
            issues: issues.isEmpty ? [] : issues.split(separator: ",").map(String.init),
            checkId: try row.decode(column: "check_id", as: UUID?.self),
            arrivedAt: try row.decode(column: "arrived_at", as: Date?.self),
            createdAt: try row.decode(column: "created_at", as: Date.self),
            documents: list(try row.decode(column: "documents", as: String.self), of: ManifestDocument.self)
        )
    }
}

extension Repositories {
    public var manifests: ManifestRepository { ManifestRepository(db, kind: kind) }
}
