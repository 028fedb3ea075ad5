import EvalLines
import Foundation
@testable import Screening

// screening-analysis: see Package.swift. Usage: screening-analysis DIR OUT.jsonl [analysisThreshold]
// Builds the index, screens every query at the default threshold (latency), then writes for analysis:
// every hit >= analysisThreshold (default 0.6), and for each truth pair not found, its full score via a
// one-alert delta index (no candidate generation), with explanations.
func mem() -> String {
    guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return "" }
    return s.split(separator: "\n").filter { $0.hasPrefix("VmRSS") || $0.hasPrefix("VmHWM") }.map { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ") }.joined(separator: ", ")
}
func cpuNow() -> Double { var t = timespec(); clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9 }
let args = CommandLine.arguments
let dir = args[1], out = args[2]
let analysis = args.count > 3 ? Double(args[3])! : 0.6
var alerts: [Alert] = []
var byID: [String: Alert] = [:]
try forEachLine(path: dir + "/alerts.jsonl") { line in alerts.append(try BenchmarkFormat.alert(fromLine: line)) }
for a in alerts { byID[a.id] = a }
let clock = ContinuousClock()
var index: ScreeningIndex?
let build = clock.measure { index = ScreeningIndex(alerts: alerts) }
let idx = index!
print("alerts \(idx.count) build \(build) \(mem())")
var queries: [BenchmarkFormat.Query] = []
try forEachLine(path: dir + "/queries.jsonl") { queries.append(try BenchmarkFormat.query(fromLine: $0)) }
var truth: Set<BenchmarkFormat.Pair> = []
var variation: [BenchmarkFormat.Pair: String] = [:]
try forEachLine(path: dir + "/truth.jsonl") { line in
    let p = try BenchmarkFormat.truthPair(fromLine: line)
    truth.insert(p)
    if let r = line.range(of: "\"variation\": \"") ?? line.range(of: "\"variation\":\"") {
        variation[p] = String(line[r.upperBound...].prefix { $0 != "\"" })
    }
}
var lat: [Double] = [], cpu: [Double] = []
var predicted: Set<BenchmarkFormat.Pair> = []
var scores: [BenchmarkFormat.Pair: Double] = [:]
for q in queries {
    let c0 = cpuNow(); let t0 = clock.now
    let hits = idx.screen(q.person)
    let d = clock.now - t0
    cpu.append(cpuNow() - c0)
    lat.append(Double(d.components.attoseconds) * 1e-15 + Double(d.components.seconds) * 1000)
    for h in hits { predicted.insert(.init(query: q.id, alert: h.alertID)); scores[.init(query: q.id, alert: h.alertID)] = h.score }
}
lat.sort(); cpu.sort()
func pct(_ a: [Double], _ p: Double) -> Double { a[min(a.count - 1, Int(Double(a.count) * p))] }
let ev = BenchmarkFormat.Evaluation(truth: truth, predictions: predicted)
print(String(format: "wall p50 %.3f ms p99 %.3f ms max %.2f | cpu p50 %.3f ms p99 %.3f ms", pct(lat, 0.5), pct(lat, 0.99), lat.last ?? 0, pct(cpu, 0.5) * 1000, pct(cpu, 0.99) * 1000))
print(String(format: "TP %d FP %d FN %d recall %.4f precision %.4f", ev.truePositives, ev.falsePositives, ev.falseNegatives, ev.recall, ev.precision))
// predictions file for score.py
var pl: [String] = []
for (p, s) in scores { pl.append(BenchmarkFormat.predictionLine(query: p.query, alert: p.alert, score: s)) }
try (pl.joined(separator: "\n") + "\n").write(toFile: out + ".pred.jsonl", atomically: true, encoding: .utf8)
// analysis
func esc(_ s: String) -> String { s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") }
func namesakes(_ q: PersonQuery, _ id: String) -> Int {
    guard let pos = idx.base.positions[id] else { return -1 }
    let alert = idx.base.alerts[Int(pos)]
    let name = PreparedQueryName(surname: q.surname, givenNames: q.givenNames, isKnown: { idx.base.nameKeys.contains($0) },
                                 isListed: { idx.base.vocabulary.id(of: String(decoding: $0, as: UTF8.self)) != nil })
    guard let c = NameMatcher.compare(name, with: alert.names, vocabulary: idx.vocabulary) else { return -1 }
    let n = idx.namesakes(of: c, vocabulary: idx.vocabulary)
    return n == Int.max ? -1 : n
}
func explain(_ h: Hit) -> String {
    h.explanation.fields.map { f in
        "\(f.field.rawValue):\(f.how) [\(esc(f.alertValue))|\(esc(f.queryValue))] s=\(String(format: "%.3f", f.similarity)) c=\(String(format: "%.3f", f.contribution))\(f.corroborated ? " CORR" : "")\(f.swapped ? " SW" : "")"
    }.joined(separator: "; ")
}
func alertText(_ a: Alert) -> String {
    guard let p = a.person else { return "" }
    let names = p.names.map { "\($0.surname)/\($0.givenNames)\($0.patronymic.map { "/" + $0 } ?? "")" }.joined(separator: " | ")
    return "\(names) b=\(p.birthDate?.description ?? "-") n=\(p.nationality ?? "-") s=\(p.sex.rawValue)"
}
func queryText(_ q: PersonQuery) -> String { "\(q.surname)/\(q.givenNames) b=\(q.birthDate?.description ?? "-") n=\(q.nationality ?? "-") s=\(q.sex.rawValue)" }
var lines: [String] = []
let qByID = Dictionary(uniqueKeysWithValues: queries.map { ($0.id, $0) })
let truthByQuery = Dictionary(grouping: truth, by: \.query)
for q in queries {
    let hits = idx.screen(q.person, threshold: analysis, limit: 50)
    let found = Set(hits.map(\.alertID))
    for h in hits {
        let p = BenchmarkFormat.Pair(query: q.id, alert: h.alertID)
        let isTrue = truth.contains(p)
        let kind = isTrue ? (h.score >= 0.8 ? "TP" : "FN") : (h.score >= 0.8 ? "FP" : "TN")
        lines.append("{\"kind\":\"\(kind)\",\"query\":\"\(q.id)\",\"alert\":\"\(h.alertID)\",\"score\":\(h.score),\"var\":\"\(variation[p] ?? "")\",\"candidate\":true,\"namesakes\":\(namesakes(q.person, h.alertID)),\"q\":\"\(esc(queryText(q.person)))\",\"a\":\"\(esc(byID[h.alertID].map(alertText) ?? ""))\",\"why\":\"\(explain(h))\"}")
    }
    for p in truthByQuery[q.id] ?? [] where !found.contains(p.alert) {
        guard let a = byID[p.alert] else { continue }
        var one = ScreeningIndex(alerts: [])
        one.upsert(a)
        let h = one.screen(q.person, threshold: 0).first
        lines.append("{\"kind\":\"FN\",\"query\":\"\(q.id)\",\"alert\":\"\(p.alert)\",\"score\":\(h?.score ?? 0),\"var\":\"\(variation[p] ?? "")\",\"candidate\":false,\"q\":\"\(esc(queryText(q.person)))\",\"a\":\"\(esc(alertText(a)))\",\"why\":\"\(h.map(explain) ?? "no name match")\"}")
    }
}
_ = qByID
try (lines.joined(separator: "\n") + "\n").write(toFile: out, atomically: true, encoding: .utf8)
print(mem())
