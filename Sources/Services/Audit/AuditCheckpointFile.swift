import Foundation
import Store

/// The published copy of the checkpoints: JSON Lines, one `AuditCheckpoint` a line, oldest first.
///
/// It is kept outside the database (another disk, a log shipper, a partner's inbox) so that checkpoint
/// rows deleted from the database are still known when the trail is verified.
public enum AuditCheckpointFile {
    /// Every checkpoint in the file at `path`; a line that is not one is an error naming its number.
    public static func read(path: String) throws(ServiceError) -> [AuditCheckpoint] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ServiceError(.notFound, field: "checkpoints", "cannot read \(path)")
        }
        let decoder = JSONDecoder()
        var checkpoints: [AuditCheckpoint] = []
        for (index, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() {
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) { continue }
            guard let checkpoint = try? decoder.decode(AuditCheckpoint.self, from: Data(line)) else {
                throw ServiceError(.validation, field: "checkpoints", "\(path) line \(index + 1) is not a checkpoint")
            }
            checkpoints.append(checkpoint)
        }
        return checkpoints
    }

    /// The number of the file's last checkpoint, read from its tail; nil when the file is missing or empty.
    static func lastNumber(path: String) throws(ServiceError) -> Int64? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let tail: Data
        do {
            let size = try handle.seekToEnd()
            try handle.seek(toOffset: size > 8192 ? size - 8192 : 0)
            tail = try handle.readToEnd() ?? Data()
        } catch {
            throw ServiceError(.validation, field: "checkpoints", "cannot read \(path)")
        }
        guard let line = tail.split(separator: UInt8(ascii: "\n")).last else { return nil }
        guard let checkpoint = try? JSONDecoder().decode(AuditCheckpoint.self, from: Data(line)) else {
            throw ServiceError(.validation, field: "checkpoints", "the last line of \(path) is not a checkpoint")
        }
        return checkpoint.number
    }

    /// Appends `checkpoints` to the file at `path` (created with mode 0644 when missing) and syncs it.
    static func append(_ checkpoints: [AuditCheckpoint], path: String) throws(ServiceError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var bytes = Data()
        for checkpoint in checkpoints {
            guard let line = try? encoder.encode(checkpoint) else { continue }
            bytes.append(line)
            bytes.append(UInt8(ascii: "\n"))
        }
        if !FileManager.default.fileExists(atPath: path) {
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty {
                try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            let readable = [FileAttributeKey.posixPermissions: 0o644]
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: readable) else {
                throw ServiceError(.validation, field: "checkpoints", "cannot create \(path)")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw ServiceError(.validation, field: "checkpoints", "cannot open \(path) for appending")
        }
        do {
            try handle.seekToEnd()
            try handle.write(contentsOf: bytes)
            try handle.synchronize()
            try handle.close()
        } catch {
            try? handle.close()
            throw ServiceError(.validation, field: "checkpoints", "cannot append to \(path)")
        }
    }
}
