import Crypto
import Foundation
import Screening
import Store

/// Face verification for a border check, and number plates from camera frames (issue 13), over the
/// `kordon-biometrics` worker. Images are hashed, passed to the worker and forgotten: only the result and
/// the SHA-256 of each image are kept.
public struct BiometricsService: Sendable {
    let database: KordonDatabase
    let clock: Clock
    public let worker: BiometricsWorker
    /// dlib's published same-person distance for its ResNet model (99.38 % on LFW); see the README for what
    /// it was and was not chosen on. Agencies calibrate their own with `kordon bench face`.
    public static let defaultThreshold = 0.6
    /// Largest image accepted per field, before base64.
    public static let maximumImageBytes = 8 << 20

    public init(database: KordonDatabase, clock: @escaping Clock, worker: BiometricsWorker) {
        self.database = database
        self.clock = clock
        self.worker = worker
    }

    /// What the officer's client sends for a face comparison.
    public struct FaceRequest: Sendable {
        public var live: Data
        public var reference: Data
        /// `chip` (DG2, usually JPEG 2000) or `page` (a scan of the data page).
        public var referenceSource: String
        public var threshold: Double?

        public init(live: Data, reference: Data, referenceSource: String = "chip", threshold: Double? = nil) {
            self.live = live
            self.reference = reference
            self.referenceSource = referenceSource
            self.threshold = threshold
        }
    }

    /// Compares the live face with the document's; the result joins the check (its reasons and recommendation).
    public func verifyFace(checkId: UUID, _ request: FaceRequest, context: AccessContext) async throws -> CheckResult {
        try context.authorize(.create, .check)
        try Self.validate(request.live, field: "live")
        try Self.validate(request.reference, field: "reference")
        guard ["chip", "page"].contains(request.referenceSource) else {
            throw ServiceError.invalid("referenceSource", "must be chip or page")
        }
        let threshold = request.threshold ?? Self.defaultThreshold
        guard (0.2...1.0).contains(threshold) else { throw ServiceError.invalid("threshold", "must be in 0.2...1.0") }
        guard let check = try await database.repositories.checks.find(id: checkId),
            check.agencyId == context.principal.agencyId
        else {
            throw ServiceError(.notFound, field: "id", "no check with this id in your agency")
        }
        guard check.status != .decided else {
            throw ServiceError(.conflict, field: "id", "this check is decided; start a new check to compare a face")
        }
        let face = try await worker.send(
            .face, images: [request.live, request.reference], threshold: threshold, as: FaceVerification.self
        )
        let now = clock()
        var result = try CheckService.decodeResult(check.result)
        result.face = face
        result.reasons.removeAll { $0.code.hasPrefix("face-") }
        result.reasons.append(Self.reason(for: face))
        result.recommendation = result.reasons.contains { $0.severity != "info" } ? .refer : .clear
        // A referred check stays referred: only the officers move it back.
        let status: BorderCheck.Status = result.recommendation == .refer ? .referred : check.status
        result.status = status
        let record = FaceCheck(
            id: UUID(), checkId: checkId, officerId: context.principal.officerId, outcome: face.outcome.rawValue,
            reason: face.reason, image: face.image, distance: face.distance, threshold: face.threshold,
            liveSHA256: Self.sha256(request.live), referenceSHA256: Self.sha256(request.reference),
            referenceSource: request.referenceSource, elapsedMs: face.ms, createdAt: now
        )
        let encoded = try CheckService.encode(result)
        let recommendation = result.recommendation.rawValue
        let newlyReferred = status == .referred && check.status != .referred
        try await database.transaction { (tx: Repositories) in
            let faces = FaceCheckRepository(tx.db)
            try await faces.insert(record)
            try await faces.updateCheck(
                id: checkId, result: encoded, recommendation: recommendation, status: status.rawValue
            )
            try await tx.audit.append(
                [context.audit("check.face", "border_check", ids: [checkId.uuidString], persons: check.personId.map { [$0] } ?? [])],
                at: now
            )
            if newlyReferred {
                try await tx.outbox.append(
                    [NewEvent(
                        type: "check.referred", aggregateType: "border_check", aggregateId: checkId.uuidString,
                        agencyId: context.principal.agencyId,
                        payload: ["checkId": checkId.uuidString, "pointCode": check.pointCode, "reason": "face"]
                            .merging(check.personId.map { ["personId": $0.uuidString] } ?? [:]) { a, _ in a }
                    )],
                    at: now
                )
            }
        }
        return result
    }

    /// What an image's own header says (format, size), nothing decoded: lets a caller refuse an image the worker
    /// would refuse before anything is recorded. `field` names the image in the error.
    public func probe(_ image: Data, field: String) async throws -> ImageProbe {
        try Self.validate(image, field: field)
        do {
            return try await worker.send(.probe, images: [image], as: ImageProbe.self)
        } catch let error as BiometricsError where error.code == .badImage {
            throw BiometricsError(error.code, image: field, reason: error.reason, error.detail)
        }
    }

    /// A small JPEG of `image` (at most 360 px a side) for a screen: browsers show no JPEG 2000, the chip's usual
    /// format, and a camera's full-size photo would weigh megabytes on the page. Nothing is kept.
    public func preview(_ image: Data, field: String) async throws -> Data {
        try Self.validate(image, field: field)
        let answer: Preview
        do {
            answer = try await worker.send(.preview, images: [image], as: Preview.self)
        } catch let error as BiometricsError where error.code == .badImage {
            throw BiometricsError(error.code, image: field, reason: error.reason, error.detail)
        }
        guard let jpeg = Data(base64Encoded: answer.jpeg), !jpeg.isEmpty else {
            throw BiometricsError(.workerFailed, image: field, "the worker's preview is not base64")
        }
        return jpeg
    }

    struct Preview: Decodable, Sendable {
        var jpeg: String
    }

    /// Reads the plate in a camera frame.
    public func readPlate(_ frame: Data, context: AccessContext) async throws -> PlateReading {
        try context.authorize(.create, .check)
        try Self.validate(frame, field: "frame")
        return try await readPlate(frame)
    }

    /// The plate in `frame`, normalised as the watchlists key plates; no access check (callers have made it).
    func readPlate(_ frame: Data) async throws -> PlateReading {
        let raw = try await worker.send(.plate, images: [frame], as: WorkerPlate.self)
        guard raw.found, let text = raw.text, let country = raw.country, let confidence = raw.confidence,
            let box = raw.box
        else {
            throw BiometricsError(.noPlate, image: "frame", reason: "no_plate", "no Ukrainian or Moldovan plate found")
        }
        return PlateReading(
            text: text, normalized: PlateNormalizer.normalize(text), country: country, confidence: confidence, box: box,
            ms: raw.ms
        )
    }

    /// A border check whose plate comes from a camera frame: the plate is read first, then checked as if typed.
    public func check(
        _ request: CheckService.CheckRequest, plateFrame: Data, checks: CheckService, context: AccessContext
    ) async throws -> CheckResult {
        try context.authorize(.create, .check)
        guard request.plate == nil else {
            throw ServiceError.invalid("plateFrame", "send either plate or plateFrame, not both")
        }
        try Self.validate(plateFrame, field: "plateFrame")
        let reading: PlateReading
        do {
            reading = try await readPlate(plateFrame)
        } catch let error as BiometricsError where error.image == "frame" {
            throw BiometricsError(error.code, image: "plateFrame", reason: error.reason, error.detail)
        }
        var typed = request
        typed.plate = reading.text
        var result = try await checks.check(typed, context: context)
        result.plateRead = reading
        let encoded = try CheckService.encode(result)
        try await FaceCheckRepository(database.repositories.db).updateCheck(
            id: result.id, result: encoded, recommendation: result.recommendation.rawValue,
            status: result.status.rawValue
        )
        return result
    }

    struct WorkerPlate: Decodable, Sendable {
        var found: Bool
        var text: String?
        var country: String?
        var confidence: Double?
        var box: [Int]?
        var ms: Double
    }

    static func reason(for face: FaceVerification) -> CheckResult.Reason {
        let distance = face.distance.map { String(format: "%.2f", $0) } ?? "-"
        let threshold = String(format: "%.2f", face.threshold)
        switch face.outcome {
        case .match:
            return .init(
                code: "face-match", severity: "info",
                text: "The face matches the document (distance \(distance), threshold \(threshold)).", refusalGround: nil
            )
        case .noMatch:
            return .init(
                code: "face-mismatch", severity: "attention",
                text: "The face does not match the document (distance \(distance), threshold \(threshold)): refer.",
                refusalGround: nil
            )
        case .cannotTell:
            let why: String
            switch face.reason {
            case "no_face": why = "no face found"
            case "several_faces": why = "several faces"
            case "too_small": why = "the face is too small"
            case "too_blurred": why = "the face is too blurred"
            default: why = face.reason ?? "unknown"
            }
            return .init(
                code: "face-not-compared", severity: "attention",
                text: "The faces could not be compared (\(face.image ?? "image") image: \(why)): retake the photo or compare by eye.",
                refusalGround: nil
            )
        }
    }

    static func validate(_ image: Data, field: String) throws(ServiceError) {
        guard !image.isEmpty else { throw ServiceError.invalid(field, "is empty; send a JPEG, PNG or JPEG 2000 image") }
        guard image.count <= maximumImageBytes else {
            throw ServiceError.invalid(field, "is larger than \(maximumImageBytes >> 20) MiB")
        }
    }

    static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
