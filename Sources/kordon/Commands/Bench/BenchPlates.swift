import ArgumentParser
import Foundation
import Screening
import Services

/// `kordon bench plates`: exact-read accuracy and time per frame of the plate reader on the rendered sets
/// (`Biometrics/tools/render_plates.py OUT`: OUT/easy and OUT/hard, each with labels.tsv). Exact means the
/// normalised text equals the label's, so a plate read with a spacing difference still counts, a wrong
/// character does not.
struct BenchPlates: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plates",
        abstract: "Benchmark plate reading on rendered frames: exact accuracy and ms per frame, easy and hard."
    )

    @Option(help: "Folder with easy/ and hard/ sets (default: Biometrics/testdata/plates).")
    var set = "Biometrics/testdata/plates"

    @Option(help: "Show up to this many misreads per level.")
    var show = 5

    func run() async throws {
        let worker = BiometricsWorker.fromEnvironment()
        _ = try? await worker.send(.ping, images: [], as: Pong.self)
        let clock = ContinuousClock()
        var anyLevel = false
        for level in ["easy", "hard"] {
            let folder = URL(fileURLWithPath: set).appendingPathComponent(level)
            guard let labels = try? String(contentsOf: folder.appendingPathComponent("labels.tsv"), encoding: .utf8) else {
                continue
            }
            anyLevel = true
            var exact = 0, total = 0, noPlate = 0
            var workerMs: [Double] = [], wallMs: [Double] = []
            var misreads: [String] = []
            for line in labels.split(separator: "\n") {
                let fields = line.split(separator: "\t").map(String.init)
                guard fields.count == 2 else { continue }
                let frame = try Data(contentsOf: folder.appendingPathComponent(fields[0]))
                total += 1
                var read: Reading?
                let elapsed = try await clock.measure {
                    read = try await worker.send(.plate, images: [frame], as: Reading.self)
                }
                wallMs.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
                guard let read else { continue }
                workerMs.append(read.ms)
                guard read.found, let text = read.text else {
                    noPlate += 1
                    if misreads.count < show { misreads.append("\(fields[0]): \(fields[1]) → no plate") }
                    continue
                }
                if PlateNormalizer.normalize(text) == PlateNormalizer.normalize(fields[1]) {
                    exact += 1
                } else if misreads.count < show {
                    misreads.append("\(fields[0]): \(fields[1]) → \(text)")
                }
            }
            guard total > 0 else { continue }
            let wall = Percentiles(wallMs), inWorker = Percentiles(workerMs)
            let mean = workerMs.reduce(0, +) / Double(max(1, workerMs.count))
            print(String(format: "%@: %d/%d exact (%.1f %%), %d no plate found; ms per frame: worker mean %.1f p50 %.1f p95 %.1f, round trip p50 %.1f (n = %d)",
                         level, exact, total, 100 * Double(exact) / Double(total), noPlate, mean,
                         inWorker.at(0.5), inWorker.at(0.95), wall.at(0.5), wall.count))
            for misread in misreads { print("  \(misread)") }
        }
        await worker.shutdown()
        if !anyLevel {
            throw ValidationError("no easy/ or hard/ set under \(set): run /usr/bin/python3 Biometrics/tools/render_plates.py \(set)")
        }
    }

    struct Reading: Decodable, Sendable {
        var found: Bool
        var text: String?
        var ms: Double
    }
}
