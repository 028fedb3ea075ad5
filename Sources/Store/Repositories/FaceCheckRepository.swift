import Foundation
import SQLKit

/// One face comparison made for a border check: the outcome and the images' hashes (migration `face_result`).
public struct FaceCheck: Sendable, Hashable {
    public var id: UUID
    public var checkId: UUID
    public var officerId: UUID
    public var outcome: String
    public var reason: String?
    public var image: String?
    public var distance: Double?
    public var threshold: Double
    public var liveSHA256: String
    public var referenceSHA256: String
    /// `chip` (the ePassport's DG2 photo) or `page` (a scan of the data page).
    public var referenceSource: String
    public var elapsedMs: Double
    public var createdAt: Date

    public init(
        id: UUID, checkId: UUID, officerId: UUID, outcome: String, reason: String?, image: String?, distance: Double?,
        threshold: Double, liveSHA256: String, referenceSHA256: String, referenceSource: String, elapsedMs: Double,
        createdAt: Date
    ) {
        self.id = id
        self.checkId = checkId
        self.officerId = officerId
        self.outcome = outcome
        self.reason = reason
        self.image = image
        self.distance = distance
        self.threshold = threshold
        self.liveSHA256 = liveSHA256
        self.referenceSHA256 = referenceSHA256
        self.referenceSource = referenceSource
        self.elapsedMs = elapsedMs
        self.createdAt = createdAt
    }
}

/// Face comparisons, and the one write they make to their border check (its result JSON and recommendation).
public struct FaceCheckRepository: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) { self.db = db }

    public func insert(_ face: FaceCheck) async throws {
        try await db.insert(into: "face_check")
            .columns(
                "id", "check_id", "officer_id", "outcome", "reason", "image", "distance", "threshold", "live_sha256",
                "reference_sha256", "reference_source", "elapsed_ms", "created_at"
            )
            .values(
                SQLBind(face.id), SQLBind(face.checkId), SQLBind(face.officerId), SQLBind(face.outcome),
                SQLBind(face.reason), SQLBind(face.image), SQLBind(face.distance), SQLBind(face.threshold),
                SQLBind(face.liveSHA256), SQLBind(face.referenceSHA256), SQLBind(face.referenceSource),
                SQLBind(face.elapsedMs), SQLBind(face.createdAt)
            ).run()
    }

    /// The comparisons made for a check, oldest first.
    public func faces(checkId: UUID) async throws -> [FaceCheck] {
        try await db.select().column("*").from("face_check").where("check_id", .equal, SQLBind(checkId))
            .orderBy("created_at", .ascending).all().map { row in
                FaceCheck(
                    id: try row.decode(column: "id", as: UUID.self),
                    checkId: try row.decode(column: "check_id", as: UUID.self),
                    officerId: try row.decode(column: "officer_id", as: UUID.self),
                    outcome: try row.decode(column: "outcome", as: String.self),
                    reason: try row.decode(column: "reason", as: String?.self),
                    image: try row.decode(column: "image", as: String?.self),
                    distance: try row.decode(column: "distance", as: Double?.self),
                    threshold: try row.decode(column: "threshold", as: Double.self),
                    liveSHA256: try row.decode(column: "live_sha256", as: String.self),
                    referenceSHA256: try row.decode(column: "reference_sha256", as: String.self),
                    referenceSource: try row.decode(column: "reference_source", as: String.self),
                    elapsedMs: try row.decode(column: "elapsed_ms", as: Double.self),
                    createdAt: try row.decode(column: "created_at", as: Date.self)
                )
            }
    }

    /// Replaces a check's result JSON and recommendation/status after a face comparison; a decided check is
    /// left alone (the caller refuses it first; the `status <> 'decided'` guard closes the race).
    public func updateCheck(id: UUID, result: String, recommendation: String, status: String) async throws {
        try await db.update("border_check")
            .set("result", to: SQLBind(result)).set("recommendation", to: SQLBind(recommendation))
            .set("status", to: SQLBind(status))
            .where("id", .equal, SQLBind(id)).where("status", .notEqual, SQLBind("decided")).run()
    }
}
