import Foundation

/// Finds `shared/testdata/paxlst` at test time: `$KORDON_SHARED` (the shared folder), else the first directory
/// above this file whose parent holds `shared/testdata`. The files are read in place, never copied.
enum SharedTestData {
    static let paxlst: URL? = {
        let fm = FileManager.default
        if let shared = ProcessInfo.processInfo.environment["KORDON_SHARED"] {
            let url = URL(fileURLWithPath: shared).appendingPathComponent("testdata/paxlst")
            if fm.fileExists(atPath: url.path) { return url }
        }
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        for _ in 0..<12 {
            let parent = dir.deletingLastPathComponent()
            let candidate = parent.appendingPathComponent("shared/testdata/paxlst")
            if fm.fileExists(atPath: candidate.path) { return candidate }
            dir = parent
        }
        return nil
    }()

    /// What a sample's expected JSON asks for (shared/testdata/paxlst/README.md).
    enum Kind: String, CaseIterable, Sendable {
        /// `gtas-*`, `syn-*`: read exactly, no problem reported.
        case clean
        /// `flawed-*`: read, with `expectProblems` reported and `complete` as given.
        case flawed
        /// `bad-*`: rejected, `expectError` with `error.kind`.
        case bad
    }

    /// Every sample base name (without `.edi`), sorted.
    static var allSamples: [String] {
        guard let dir = paxlst,
            let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path)
        else { return [] }
        return names.filter { $0.hasSuffix(".edi") }.map { String($0.dropLast(4)) }.sorted()
    }

    /// Sample base names of one kind, told apart by what the expected JSON holds (not by file name, so a
    /// hidden set named otherwise sorts the same way).
    static func samples(_ kind: Kind) -> [String] {
        allSamples.filter { name in
            guard let data = try? bytes(name + ".expected.json"), let json = try? JSONValue.parse(Data(data)) else {
                return false
            }
            if json["expectError"] == .bool(true) { return kind == .bad }
            if json["expectProblems"] != nil || json["complete"] != nil { return kind == .flawed }
            return kind == .clean
        }
    }

    /// Samples that are read (clean and flawed) or rejected (bad).
    static func samples(bad: Bool) -> [String] { bad ? samples(.bad) : samples(.clean) + samples(.flawed) }

    static func bytes(_ name: String) throws -> [UInt8] {
        guard let dir = paxlst else { throw MissingData() }
        return Array(try Data(contentsOf: dir.appendingPathComponent(name)))
    }

    struct MissingData: Error {}
}

/// A JSON value compared semantically (key order and number spelling do not matter).
enum JSONValue: Decodable, Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let n = try? c.decode(Double.self) {
            self = .number(n)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSONValue].self))
        }
    }

    static func parse(_ data: Data) throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: data) }

    /// The value without the given top-level keys (the samples' `file`, `source`, `notes`).
    func removing(_ keys: Set<String>) -> JSONValue {
        guard case .object(let dict) = self else { return self }
        return .object(dict.filter { !keys.contains($0.key) })
    }

    subscript(key: String) -> JSONValue? {
        guard case .object(let dict) = self else { return nil }
        return dict[key]
    }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let b): "\(b)"
        case .number(let n): "\(n)"
        case .string(let s): "\"\(s)\""
        case .array(let a): "[" + a.map(\.description).joined(separator: ",") + "]"
        case .object(let o): "{" + o.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }
            .joined(separator: ",") + "}"
        }
    }
}
