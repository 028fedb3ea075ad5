import Foundation
import Testing

/// Finds `shared/testdata` beside the repository (`../shared/testdata` from the package root), also when the
/// tests are compiled through a symlinked package: walks up from this file (as written and with symlinks
/// resolved), or uses `KORDON_SHARED` (a path to the `shared` folder).
enum SharedTestData {
    static let directory: URL? = {
        if let shared = ProcessInfo.processInfo.environment["KORDON_SHARED"] {
            let url = URL(fileURLWithPath: shared).appendingPathComponent("testdata")
            if FileManager.default.fileExists(atPath: url.path) { return url }
        }
        let file = URL(fileURLWithPath: #filePath)
        for start in [file, file.resolvingSymlinksInPath()] {
            var directory = start.deletingLastPathComponent()
            for _ in 0..<8 {
                let candidate = directory.appendingPathComponent("../shared/testdata").standardizedFileURL
                if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("mrz").path) {
                    return candidate
                }
                directory = directory.deletingLastPathComponent()
            }
        }
        return nil
    }()

    /// Decodes every non-empty line of `testdata/<path>` as `T`.
    static func jsonLines<T: Decodable>(_ path: String, as type: T.Type) throws -> [T] {
        guard let directory else { throw LoadError.notFound }
        let text = try String(contentsOf: directory.appendingPathComponent(path), encoding: .utf8)
        let decoder = JSONDecoder()
        return try text.split(separator: "\n").map { try decoder.decode(T.self, from: Data($0.utf8)) }
    }

    enum LoadError: Error { case notFound }
}

/// One case of `shared/testdata/mrz/vectors.jsonl` (see its README).
struct MRZVector: Decodable, Sendable, CustomTestStringConvertible {
    struct Expected: Decodable, Sendable {
        let format: String
        let documentCode: String
        let issuingState: String
        let surname: String
        let givenNames: String
        let documentNumber: String
        let nationality: String
        let birthDate: String
        let sex: String
        let expiryDate: String
        let optionalData: String
        let optionalData2: String?
        let checks: [String: Bool]
    }

    let id: String
    let mrz: [String]
    let valid: Bool
    let expected: Expected?
    let problems: [String]
    let lenientRepair: [String]?

    var testDescription: String { id }

    static let all: [MRZVector] = (try? SharedTestData.jsonLines("mrz/vectors.jsonl", as: MRZVector.self)) ?? []
}

/// One case of `shared/testdata/translit/*.jsonl`.
struct TranslitVector: Decodable, Sendable, CustomTestStringConvertible {
    let input: String
    let expected: String
    let standard: String
    let note: String?

    var testDescription: String { "\(standard): \(input)" }

    static let icao: [TranslitVector] =
        (try? SharedTestData.jsonLines("translit/icao9303_part3.jsonl", as: TranslitVector.self)) ?? []
    static let ukrainian: [TranslitVector] =
        (try? SharedTestData.jsonLines("translit/ukrainian_kmu55_2010.jsonl", as: TranslitVector.self)) ?? []
}
