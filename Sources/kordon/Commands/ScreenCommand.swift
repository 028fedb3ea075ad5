import ArgumentParser
import Foundation
import Screening

/// `kordon screen`: screens benchmark-format travellers against benchmark-format alerts.
///
/// Reads `--alerts` (JSON Lines, `shared/bench/screening/README.md`), builds the in-memory
/// ``ScreeningIndex``, then writes one `{"query","alert","score"}` line per hit for each line of
/// `--queries`: the predictions `score.py` grades. Line parsing is `BenchmarkFormat`, tested in
/// ScreeningTests; this command only reads files.
struct ScreenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screen",
        abstract: "Screen travellers (JSON lines) against a watchlist (JSON lines); print one line per hit.",
        discussion: """
            A bad alert line stops the command before anything is screened (error with its line number); \
            a bad query line is reported on standard error and skipped.
            """
    )

    @Option(help: "Watchlist: one alert per line (benchmark format).")
    var alerts: String

    @Option(help: "Travellers: one query per line (benchmark format).")
    var queries: String

    @Option(help: "Lowest score reported, in [0, 1]. Default: the engine's operating point.")
    var threshold: Double?

    @Option(help: "Most hits per traveller.")
    var limit = 20

    func validate() throws {
        if let threshold, !(0...1).contains(threshold) { throw ValidationError("--threshold must be in [0, 1]") }
        guard limit > 0 else { throw ValidationError("--limit must be positive") }
    }

    func run() throws {
        let index = ScreeningIndex(alerts: try ScreeningFiles.readAlerts(path: alerts))
        var output = BufferedOutput()
        var bad = 0
        try ScreeningFiles.forEachLine(path: queries) { number, line in
            do throws(ScreeningError) {
                let query = try BenchmarkFormat.query(fromLine: line)
                for hit in index.screen(query.person, threshold: threshold, limit: limit) {
                    output.write(BenchmarkFormat.predictionLine(query: query.id, alert: hit.alertID, score: hit.score))
                }
            } catch {
                bad += 1
                FileHandle.standardError.write(Data("\(queries): \(error.at(line: number))\n".utf8))
            }
        }
        output.flush()
        if bad > 0 { FileHandle.standardError.write(Data("\(bad) query lines skipped\n".utf8)) }
    }
}

/// File reading for the screening commands: whole lines of a JSON Lines file, numbered from 1.
enum ScreeningFiles {
    static let maximumFileBytes = 8 << 30

    static func forEachLine(path: String, _ body: (Int, Substring) throws -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ScreeningFileError(message: "cannot open \(path)") }
        defer { try? handle.close() }
        var pending: [UInt8] = []
        var number = 0
        func emit(_ bytes: ArraySlice<UInt8>) throws {
            number += 1
            let text = String(decoding: bytes, as: UTF8.self)
            if text.contains(where: { !$0.isWhitespace }) { try body(number, text[...]) }
        }
        while true {
            let chunk = handle.readData(ofLength: 4 << 20)
            if chunk.isEmpty { break }
            pending.append(contentsOf: chunk)
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                try emit(pending[start..<newline])
                start = newline + 1
            }
            pending.removeSubrange(pending.startIndex..<start)
        }
        if !pending.isEmpty { try emit(pending[...]) }
    }

    /// All alerts of a file, or the first bad line's error: nothing is screened half-loaded.
    static func readAlerts(path: String) throws -> [Alert] {
        var alerts: [Alert] = []
        try forEachLine(path: path) { number, line in
            do throws(ScreeningError) {
                alerts.append(try BenchmarkFormat.alert(fromLine: line))
            } catch {
                throw ScreeningFileError(message: "\(path): \(error.at(line: number))")
            }
        }
        return alerts
    }
}

/// Standard output in 1 MiB writes.
struct BufferedOutput {
    private var buffer: [UInt8] = []

    mutating func write(_ line: String) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count >= 1 << 20 { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}

/// A file the screening commands cannot use: which file, which line, which field (no usage text).
struct ScreeningFileError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
