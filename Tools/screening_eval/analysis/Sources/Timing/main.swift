import Dispatch
import EvalLines
import Foundation
import Screening

// screening-timing: manifest-shaped latency of person screening (issue 14). Usage:
//   screening-timing DIR [batches=1000] [batchSize=500] [threads=2] [--out HITS.txt]
// Builds the index from DIR/alerts.jsonl, reads DIR/queries.jsonl, then screens `batches` batches of `batchSize`
// consecutive queries (cycling through the file), each batch split over `threads` threads as
// ManifestScreening splits a manifest over the cooperative pool. Prints per-batch wall time p50/p99/max and
// the process CPU time per query (mean over all batches: every thread's work, not only the slowest chunk's).
// With --out, writes every hit of the first pass over the queries (query, alert, score, explanation) so two
// builds can be compared hit for hit.

func processCPU() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

var positional: [String] = []
var outPath: String?
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    if argument == "--out" { outPath = arguments.next() } else { positional.append(argument) }
}
let dir = positional[0]
let batches = positional.count > 1 ? Int(positional[1])! : 1000
let batchSize = positional.count > 2 ? Int(positional[2])! : 500
let threads = positional.count > 3 ? Int(positional[3])! : 2

var alerts: [Alert] = []
try forEachLine(path: dir + "/alerts.jsonl") { alerts.append(try BenchmarkFormat.alert(fromLine: $0)) }
let clock = ContinuousClock()
var built: ScreeningIndex?
let buildTime = clock.measure { built = ScreeningIndex(alerts: alerts) }
let index = built!
alerts = []
var queries: [PersonQuery] = []
var queryIDs: [String] = []
try forEachLine(path: dir + "/queries.jsonl") { line in
    let query = try BenchmarkFormat.query(fromLine: line)
    queries.append(query.person)
    queryIDs.append(query.id)
}
print("alerts \(index.count) build \(buildTime), queries \(queries.count)")

if let outPath {
    var lines: [String] = []
    for (position, query) in queries.enumerated() {
        for hit in index.screen(query) {
            let why = hit.explanation.fields.map {
                "\($0.field.rawValue):\($0.how) [\($0.alertValue)|\($0.queryValue)] s=\(String(format: "%.4f", $0.similarity)) c=\(String(format: "%.4f", $0.contribution))\($0.corroborated ? " CORR" : "")\($0.weakened ? " WEAK" : "")\($0.swapped ? " SW" : "")"
            }.joined(separator: "; ")
            lines.append("\(queryIDs[position]) \(hit.alertID) \(String(format: "%.6f", hit.score)) name=\(hit.explanation.nameIndex ?? -1) swapped=\(hit.explanation.swappedOrder) \(why)")
        }
    }
    try (lines.joined(separator: "\n") + "\n").write(toFile: outPath, atomically: true, encoding: .utf8)
    print("wrote \(lines.count) hits to \(outPath)")
}

/// Hits found, so the optimiser cannot drop the work.
final class Counter: @unchecked Sendable {
    var values: [Int]
    init(_ count: Int) { values = Array(repeating: 0, count: count) }
}
let found = Counter(threads)
let screened = queries
let slice = (batchSize + threads - 1) / threads
// One warm-up batch, not timed.
var wall: [Double] = []
let cpuStart = processCPU()
for batch in -1..<batches {
    let first = (max(batch, 0) * batchSize) % queries.count
    let start = clock.now
    DispatchQueue.concurrentPerform(iterations: threads) { thread in
        var hits = 0
        for offset in (thread * slice)..<min((thread + 1) * slice, batchSize) {
            hits += index.screen(screened[(first + offset) % screened.count]).count
        }
        found.values[thread] += hits
    }
    let elapsed = clock.now - start
    if batch >= 0 { wall.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) * 1e-15) }
}
let cpu = processCPU() - cpuStart
wall.sort()
let sorted = wall
func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
print(String(format: "batches %d x %d queries on %d threads: wall p50 %.1f ms p99 %.1f ms max %.1f ms; CPU %.1f us per query (mean); hits %d",
             batches, batchSize, threads, percentile(0.5), percentile(0.99), wall.last ?? 0,
             cpu / Double((batches + 1) * batchSize) * 1e6, found.values.reduce(0, +)))
