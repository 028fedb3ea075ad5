import Foundation

/// Calls `body` with each non-empty line of a (large) JSON Lines file, read 4 MiB at a time: what both the
/// analysis driver and the timing tool read their sets with.
public func forEachLine(path: String, _ body: (Substring) throws -> Void) throws {
    guard let handle = FileHandle(forReadingAtPath: path) else { fatalError("cannot open \(path)") }
    var pending: [UInt8] = []
    while true {
        let chunk = handle.readData(ofLength: 4 << 20)
        if chunk.isEmpty { break }
        pending.append(contentsOf: chunk)
        var start = pending.startIndex
        while let nl = pending[start...].firstIndex(of: 0x0A) {
            let t = String(decoding: pending[start..<nl], as: UTF8.self)
            if !t.isEmpty { try body(t[...]) }
            start = nl + 1
        }
        pending.removeSubrange(pending.startIndex..<start)
    }
    if !pending.isEmpty { try body(String(decoding: pending, as: UTF8.self)[...]) }
}
