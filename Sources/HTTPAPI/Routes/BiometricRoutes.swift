import Foundation
import Hummingbird
import NIOCore
import Services

extension APIBuilder {
    /// Face verification of a check and plate reading from a camera frame (issue 13). Images travel as base64
    /// strings in JSON, like every other body of this API; the worker behind them may be absent, which these
    /// routes answer with 503 `/problems/biometrics-unavailable` naming the reason.
    func addBiometricRoutes() {
        let services = self.services
        let image: JSONValue = ["type": "string", "contentEncoding": "base64"]
        add(
            .post, "/v1/checks/{id}/face",
            summary: "Compare the live face with the document's (chip DG2 or data page): match, no_match or cannot_tell",
            access: .policy(.create, .check), purpose: "border_control",
            body: Schemas.object(
                [
                    ("live", image), ("reference", image), ("referenceSource", ["type": "string", "enum": ["chip", "page"]]),
                    ("threshold", ["type": "number", "minimum": .number(0.2), "maximum": 1]),
                ],
                required: ["live", "reference"]
            ),
            // The check, its card updated with the comparison (`BiometricsService.verifyFace` answers a `CheckResult`).
            response: Schemas.checkResult
        ) { request, context, access in
            let id = try context.uuid("id")
            let data = try await ImageUpload.body(request, context: context, limit: ImageUpload.faceBodyLimit)
            let input = try ImageUpload.decode(FaceInput.self, data)
            let face = BiometricsService.FaceRequest(
                live: try ImageUpload.base64(input.live, field: "live"),
                reference: try ImageUpload.base64(input.reference, field: "reference"),
                referenceSource: input.referenceSource ?? "chip", threshold: input.threshold
            )
            return try JSONCoding.response(try await services.biometrics.verifyFace(checkId: id, face, context: access))
        }
        add(
            .post, "/v1/plates/read", summary: "Read a Ukrainian or Moldovan number plate from a camera frame",
            access: .policy(.create, .check), purpose: "border_control",
            body: Schemas.object([("frame", image)], required: ["frame"]),
            response: Schemas.plateReading
        ) { request, context, access in
            let data = try await ImageUpload.body(request, context: context, limit: ImageUpload.frameBodyLimit)
            let input = try ImageUpload.decode(FrameInput.self, data)
            let frame = try ImageUpload.base64(input.frame, field: "frame")
            return try JSONCoding.response(try await services.biometrics.readPlate(frame, context: access))
        }
    }
}

struct FaceInput: Decodable {
    var live: String
    var reference: String
    var referenceSource: String?
    var threshold: Double?
}

struct PlateFrameInput: Decodable {
    var plateFrame: String?
}

struct FrameInput: Decodable {
    var frame: String
}

/// Bodies that carry images: larger than the API's 1 MiB, read once, decoded with the API's field-naming errors.
enum ImageUpload {
    /// Two images of up to 8 MiB each, in base64, plus the JSON around them.
    static let faceBodyLimit = 24 << 20
    static let frameBodyLimit = 12 << 20

    static func body(_ request: Request, context: KordonRequestContext, limit: Int) async throws -> Data {
        var request = request
        do {
            let buffer = try await request.collectBody(upTo: limit)
            guard buffer.readableBytes > 0 else {
                throw ProblemDetails.badRequest(nil, "the request body is empty; send JSON")
            }
            return Data(buffer: buffer)
        } catch is NIOTooManyBytesError {
            throw ProblemDetails(
                type: "/problems/body-too-large", title: "Body too large", status: 413,
                detail: "the request body is larger than \(limit >> 20) MiB"
            )
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ data: Data) throws -> T {
        do {
            return try JSONCoding.decoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw JSONCoding.problem(for: error)
        }
    }

    /// Standard base64 (RFC 4648 §4), whitespace tolerated; a `data:` URL prefix is accepted from browsers.
    static func base64(_ text: String, field: String) throws(ServiceError) -> Data {
        var payload = Substring(text)
        if payload.hasPrefix("data:"), let comma = payload.firstIndex(of: ",") {
            payload = payload[payload.index(after: comma)...]
        }
        guard let data = Data(base64Encoded: String(payload), options: .ignoreUnknownCharacters), !data.isEmpty else {
            throw ServiceError.invalid(field, "must be a base64-encoded JPEG, PNG or JPEG 2000 image")
        }
        return data
    }
}

extension ProblemDetails {
    /// Biometric failures: 503 when the worker is absent or failed (retry later, or elsewhere), 422 when the
    /// image itself was refused, naming the image and the worker's reason code.
    init(_ error: BiometricsError) {
        switch error.code {
        case .unavailable, .timeout, .workerFailed:
            self.init(
                type: "/problems/biometrics-unavailable", title: "Biometrics not available", status: 503,
                detail: error.detail, field: error.image
            )
        case .badImage:
            self.init(
                type: "/problems/bad-image", title: "Image refused", status: 422,
                detail: "\(error.image ?? "image"): \(error.reason ?? "refused"): \(error.detail)", field: error.image
            )
        case .noPlate:
            self.init(
                type: "/problems/no-plate", title: "No plate found", status: 422,
                detail: "\(error.image ?? "frame"): \(error.detail)", field: error.image
            )
        }
    }
}
