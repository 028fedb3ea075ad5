/// What can go wrong with a face verification or a plate read: a stable code, the image it concerns
/// (`live`, `reference`, `frame`) and a sentence for a person. Never image content or personal data.
public struct BiometricsError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Equatable {
        /// The worker is not installed or cannot start on this machine (HTTP 503).
        case unavailable
        /// The image was refused: not an image, truncated, too large, corrupt (HTTP 422).
        case badImage
        /// The frame holds no readable plate (HTTP 422).
        case noPlate
        /// The worker did not answer in time; it is restarted for the next request (HTTP 503).
        case timeout
        /// The worker crashed or answered out of protocol; it is restarted for the next request (HTTP 503).
        case workerFailed
    }

    public let code: Code
    /// The image concerned, or nil for the worker itself.
    public let image: String?
    /// The worker's own reason code when it gave one (`truncated`, `too_large`, `not_an_image`, …).
    public let reason: String?
    public let detail: String

    public init(_ code: Code, image: String? = nil, reason: String? = nil, _ detail: String) {
        self.code = code
        self.image = image
        self.reason = reason
        self.detail = detail
    }

    public var description: String {
        var parts = [code.rawValue]
        if let image { parts.append(image) }
        if let reason { parts.append(reason) }
        parts.append(detail)
        return parts.joined(separator: ": ")
    }
}
