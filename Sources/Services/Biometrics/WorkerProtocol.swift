import Foundation

/// The framing spoken with `kordon-biometrics` (Biometrics/PROTOCOL.md): one ASCII header line naming the
/// operation, a request id and the byte length of each image, then the images; one JSON line back.
/// Pure functions, so the framing is tested without a worker.
public enum WorkerProtocol {
    /// The longest response line accepted from the worker; anything longer is a protocol failure.
    public static let maximumResponseLine = 64 * 1024

    public enum Operation: String, Sendable {
        case ping, face, plate, probe, preview
    }

    /// The header line and payload of one request.
    public static func request(
        _ operation: Operation, id: String, images: [Data], threshold: Double? = nil
    ) -> Data {
        var header = "\(operation.rawValue) \(id)"
        for image in images { header += " \(image.count)" }
        if let threshold { header += " " + String(format: "%.4f", threshold) }
        var data = Data(header.utf8)
        data.append(0x0A)
        for image in images { data.append(image) }
        return data
    }

    /// Splits the first complete line off `buffer`; nil when no newline has arrived yet.
    public static func takeLine(from buffer: inout Data) throws(BiometricsError) -> Data? {
        guard let newline = buffer.firstIndex(of: 0x0A) else {
            if buffer.count > maximumResponseLine {
                throw BiometricsError(.workerFailed, "the worker sent a line longer than 64 KiB")
            }
            return nil
        }
        let line = buffer[buffer.startIndex..<newline]
        buffer = Data(buffer[buffer.index(after: newline)...])
        return Data(line)
    }

    /// The fields every response carries.
    struct Envelope: Decodable {
        var id: String
        var ok: Bool
        var error: WorkerError?
    }

    struct WorkerError: Decodable {
        var code: String
        var image: String
        var detail: String
    }

    /// Decodes a response line for request `id`: the payload when `ok`, else the worker's refusal as a typed error.
    public static func decode<T: Decodable>(_ type: T.Type, line: Data, id: String) throws(BiometricsError) -> T {
        let envelope: Envelope
        do {
            envelope = try JSONDecoder().decode(Envelope.self, from: line)
        } catch {
            throw BiometricsError(.workerFailed, "the worker answered with something other than a JSON object")
        }
        guard envelope.id == id else {
            throw BiometricsError(.workerFailed, "the worker answered another request")
        }
        if !envelope.ok {
            let failure = envelope.error
            let image = failure.flatMap { $0.image.isEmpty ? nil : $0.image }
            let code: BiometricsError.Code
            switch failure?.code {
            case "unavailable": code = .unavailable
            case "bad_request", "internal", nil: code = .workerFailed
            default: code = .badImage
            }
            throw BiometricsError(code, image: image, reason: failure?.code, failure?.detail ?? "refused")
        }
        do {
            return try JSONDecoder().decode(T.self, from: line)
        } catch {
            throw BiometricsError(.workerFailed, "the worker's answer lacks fields Kordon needs")
        }
    }
}
