import Foundation
import Hummingbird
import NIOCore
import Services

/// The check screen's photos and camera frame (issue 13 item 6). The form is sent as `multipart/form-data` so
/// that it works without JavaScript; the images go to the same service methods as the JSON routes
/// (`BiometricsService.check` for a frame, `BiometricsService.verifyFace` for the faces), are shown once on
/// the card as `data:` URLs in this response, and are never stored: the check keeps the result and each
/// image's SHA-256, as the API does.
extension Console {
    /// The largest check form: three images (live, reference, plate frame) of up to 8 MiB and the text fields.
    static let uploadLimit = 3 * BiometricsService.maximumImageBytes + 256 * 1024

    /// The check form's text fields and, when sent as `multipart/form-data`, its files.
    struct Upload: Sendable {
        var fields: [(String, String)]
        var multipart: MultipartForm?

        /// The bytes of a chosen file; nil when the field is absent or empty.
        func file(_ name: String) -> Data? { multipart?.file(name) }
    }

    /// Reads a form post of either encoding: urlencoded (64 KiB, as every console form) or multipart (photos,
    /// up to `uploadLimit`). A malformed or oversized body is a validation error naming the field.
    static func upload(_ request: Request, context: KordonRequestContext) async throws -> Upload {
        let type = request.headers[.contentType] ?? ""
        guard type.lowercased().hasPrefix("multipart/") else {
            return Upload(fields: try await form(request, context: context), multipart: nil)
        }
        do {
            let boundary = try MultipartForm.boundary(contentType: type)
            var request = request
            let buffer = try await request.collectBody(upTo: uploadLimit)
            let form = try MultipartForm.parse(
                Data(buffer: buffer), boundary: boundary,
                limits: .init(maximumFileBytes: BiometricsService.maximumImageBytes)
            )
            return Upload(fields: form.fields, multipart: form)
        } catch let error as MultipartError {
            throw ServiceError.invalid(error.field, "\(error.field): \(error.detail)")
        } catch is NIOTooManyBytesError {
            throw ServiceError.invalid(
                "form", "form: the photos and the frame together are larger than \(uploadLimit >> 20) MiB; send smaller images"
            )
        }
    }

    /// The images the officer chose for one check.
    struct BoothImages: Sendable {
        var live: Data?
        var reference: Data?
        /// `chip` (DG2) or `page` (a scan of the data page).
        var referenceSource: String
        var plateFrame: Data?

        init(_ upload: Upload) {
            live = upload.file("live")
            reference = upload.file("reference")
            let source = upload.fields.first("referenceSource") ?? "chip"
            referenceSource = source.isEmpty ? "chip" : source
            plateFrame = upload.file("plateFrame")
        }

        var wantsFace: Bool { live != nil || reference != nil }
    }

    /// Runs a check with the officer's images: the images are checked first (header only, by the worker), so
    /// a refused image records nothing; the plate is read from the frame and screened as if typed; then the
    /// faces are compared for the new check. Without the worker the check runs without the face comparison and
    /// the card says so; a frame without the worker is refused (type the plate), since the plate is screened.
    func check(
        _ request: CheckService.CheckRequest, images: BoothImages, context: AccessContext, text: ConsoleText
    ) async throws -> (result: CheckResult, biometrics: [String: Any]?) {
        let biometrics = services.biometrics
        var faceProblem: String?
        if images.wantsFace {
            guard let live = images.live, let reference = images.reference else {
                let missing = images.live == nil ? "live" : "reference"
                throw ServiceError.invalid(missing, text["faceBothNeeded"])
            }
            guard ["chip", "page"].contains(images.referenceSource) else {
                throw ServiceError.invalid("referenceSource", "must be chip or page")
            }
            do {
                _ = try await biometrics.probe(live, field: "live")
                _ = try await biometrics.probe(reference, field: "reference")
            } catch let error as BiometricsError where error.code != .badImage {
                faceProblem = text["faceUnavailable"]
            } catch let error as BiometricsError {
                throw Self.problem(error)
            }
        }
        var result: CheckResult
        if let frame = images.plateFrame {
            do {
                result = try await biometrics.check(request, plateFrame: frame, checks: services.checks, context: context)
            } catch let error as BiometricsError where error.code == .badImage || error.code == .noPlate {
                throw Self.problem(error)
            } catch is BiometricsError {
                throw ServiceError.invalid("plateFrame", text["plateUnavailable"])
            }
        } else {
            result = try await services.checks.check(request, context: context)
        }
        if images.wantsFace, faceProblem == nil, let live = images.live, let reference = images.reference {
            do {
                result = try await biometrics.verifyFace(
                    checkId: result.id,
                    .init(live: live, reference: reference, referenceSource: images.referenceSource),
                    context: context
                )
            } catch let error as BiometricsError where error.code == .badImage {
                faceProblem = "\(text["faceNotCompared"]): \(error.image ?? "image"): \(error.detail)"
            } catch is BiometricsError {
                faceProblem = text["faceUnavailable"]
            }
        }
        var view = ConsoleViews.biometrics(result, text: text) ?? [:]
        if images.wantsFace {
            view["hasFacePanel"] = true
            view["showPhotos"] = true
            let worker = faceProblem == nil
            view["livePhoto"] = await photo(images.live, field: "live", worker: worker)
            view["referencePhoto"] = await photo(images.reference, field: "reference", worker: worker)
            view["referenceSourceLabel"] = text[images.referenceSource == "page" ? "faceSourcePage" : "faceSourceChip"]
            if let faceProblem { view["faceProblem"] = faceProblem }
        }
        return (result, view.isEmpty ? nil : view)
    }

    /// The card's photo as a `data:` URL: the upload itself when a browser shows it (JPEG, PNG) and it is at most
    /// 1 MiB, else the worker's small JPEG of it (JPEG 2000 from a chip, a camera's full-size photo).
    func photo(_ image: Data?, field: String, worker: Bool) async -> String? {
        guard let image else { return nil }
        if image.count <= 1 << 20, let url = ConsoleViews.photoURL(image) { return url }
        guard worker, let preview = try? await services.biometrics.preview(image, field: field) else { return nil }
        return ConsoleViews.photoURL(preview)
    }

    /// A refused image as a form error naming the field (the page shows it), the problem and the worker's code.
    static func problem(_ error: BiometricsError) -> ServiceError {
        ServiceError.invalid(error.image ?? "image", error.detail + (error.reason.map { " (\($0))" } ?? ""))
    }

    /// The check screen's biometric inputs: offered when the worker is installed, else one line saying so.
    func boothForm(text: ConsoleText) async -> [String: Any] {
        ["available": await services.biometrics.worker.isConfigured]
    }
}

extension ConsoleViews {
    /// The card's face and plate panel from what the check keeps (no images): nil when neither was used.
    static func biometrics(_ result: CheckResult, text: ConsoleText) -> [String: Any]? {
        var view: [String: Any] = [:]
        if let face = result.face {
            let (word, tone): (String, String) = switch face.outcome {
            case .match: (text["faceMatch"], "ok")
            case .noMatch: (text["faceNoMatch"], "bad")
            case .cannotTell: (text["faceCannotTell"], "warn")
            }
            var faceView: [String: Any] = [
                "outcomeWord": word, "tone": tone, "threshold": String(format: "%.2f", face.threshold),
                "time": String(format: "%.0f ms", face.ms),
            ]
            if let distance = face.distance { faceView["distance"] = String(format: "%.2f", distance) }
            if face.outcome == .noMatch { faceView["advice"] = text["faceNoMatchAdvice"] }
            if face.outcome == .cannotTell {
                let why = face.reason.map { text["faceReason_\($0)"] } ?? ""
                let image = face.image.map { text["faceImage_\($0)"] } ?? ""
                faceView["reason"] = [image, why].filter { !$0.isEmpty }.joined(separator: ": ")
            }
            view["face"] = faceView
            view["hasFacePanel"] = true
        }
        if let plate = result.plateRead {
            let hit = result.hits.contains { $0.category == "stolen_vehicle" }
            view["plate"] = [
                "text": plate.text, "country": plate.country,
                "confidence": String(format: "%.0f %%", plate.confidence * 100),
                "watchlist": hit ? text["plateWatchlistHit"] : text["plateWatchlistClear"], "hit": hit,
            ] as [String: Any]
        }
        return view.isEmpty ? nil : view
    }

    /// A `data:` URL of an uploaded JPEG or PNG for the card (this response only; never stored). Nil for
    /// formats browsers do not show (JPEG 2000) or anything else.
    static func photoURL(_ image: Data?) -> String? {
        guard let image, image.count >= 8 else { return nil }
        let head = [UInt8](image.prefix(8))
        let type: String
        if head.starts(with: [0xFF, 0xD8, 0xFF]) {
            type = "image/jpeg"
        } else if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            type = "image/png"
        } else {
            return nil
        }
        return "data:\(type);base64,\(image.base64EncodedString())"
    }
}
