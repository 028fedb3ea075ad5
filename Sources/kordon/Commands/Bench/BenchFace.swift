import ArgumentParser
import Foundation
import Services

/// `kordon bench face --pairs FILE`: false match and false non-match rates of the face worker on a labelled
/// set of image pairs, the threshold that meets a target false match rate, and the time per verification.
///
/// The pairs file has one pair a line, tab-separated: `live-image  reference-image  same|different`, paths
/// relative to the file. An agency calibrates on its own cameras and documents: a threshold is only as good as
/// the pairs it was chosen on. `Biometrics/tools/make_face_pairs.py` builds a small demonstration set from the
/// face_recognition 1.3.0 test photos (two people: enough to see it work, far too few to promise a rate).
struct BenchFace: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "face",
        abstract: "Benchmark face verification: FMR/FNMR on labelled pairs, threshold for a target FMR, ms per pair."
    )

    @Option(help: "Pairs file: live<TAB>reference<TAB>same|different per line, paths relative to the file.")
    var pairs: String

    @Option(help: "The threshold to report rates at (default: the service's, dlib's published 0.6).")
    var threshold = BiometricsService.defaultThreshold

    @Option(help: "The false match rate to find a threshold for.")
    var targetFmr = 0.001

    @Option(help: "Passes over the pairs (the time figure is over all).")
    var passes = 1

    func validate() throws {
        guard (0.2...1.0).contains(threshold) else { throw ValidationError("--threshold must be in 0.2...1.0") }
        guard (0.0..<1.0).contains(targetFmr) else { throw ValidationError("--target-fmr must be in [0, 1)") }
        guard (1...100).contains(passes) else { throw ValidationError("--passes must be in 1...100") }
    }

    struct Pair {
        var live: String
        var reference: String
        var same: Bool
    }

    func run() async throws {
        let folder = URL(fileURLWithPath: pairs).deletingLastPathComponent()
        let text = try String(contentsOfFile: pairs, encoding: .utf8)
        var list: [Pair] = []
        for (number, line) in text.split(separator: "\n").enumerated() where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t").map(String.init)
            guard fields.count == 3, ["same", "different"].contains(fields[2]) else {
                throw ValidationError("\(pairs):\(number + 1): expected live<TAB>reference<TAB>same|different")
            }
            list.append(Pair(
                live: folder.appendingPathComponent(fields[0]).path, reference: folder.appendingPathComponent(fields[1]).path,
                same: fields[2] == "same"
            ))
        }
        let worker = BiometricsWorker.fromEnvironment()
        // Start the worker (model load) before timing.
        _ = try? await worker.send(.ping, images: [], as: Pong.self)
        var genuine: [Double] = [], impostor: [Double] = [], cannotTell: [String: Int] = [:]
        var workerMs: [Double] = [], wallMs: [Double] = []
        let clock = ContinuousClock()
        for pass in 0..<passes {
            for pair in list {
                let live = try Data(contentsOf: URL(fileURLWithPath: pair.live))
                let reference = try Data(contentsOf: URL(fileURLWithPath: pair.reference))
                var face: FaceVerification?
                let elapsed = try await clock.measure {
                    face = try await worker.send(.face, images: [live, reference], threshold: threshold, as: FaceVerification.self)
                }
                guard let face else { continue }
                wallMs.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
                workerMs.append(face.ms)
                guard pass == 0 else { continue }
                if let distance = face.distance {
                    if pair.same { genuine.append(distance) } else { impostor.append(distance) }
                } else {
                    cannotTell["\(face.image ?? "?"):\(face.reason ?? "?")", default: 0] += 1
                }
            }
        }
        await worker.shutdown()
        print("pairs: \(list.count) (\(genuine.count) genuine and \(impostor.count) impostor compared, "
            + "\(cannotTell.values.reduce(0, +)) cannot tell\(cannotTell.isEmpty ? "" : ": " + cannotTell.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")))")
        let fmr = impostor.isEmpty ? 0 : Double(impostor.filter { $0 < threshold }.count) / Double(impostor.count)
        let fnmr = genuine.isEmpty ? 0 : Double(genuine.filter { $0 >= threshold }.count) / Double(genuine.count)
        print(String(format: "at threshold %.3f: FMR %.4f (%d impostor pairs), FNMR %.4f (%d genuine pairs)",
                     threshold, fmr, impostor.count, fnmr, genuine.count))
        if let lowest = impostor.min(), let highest = genuine.max() {
            print(String(format: "genuine distance max %.3f, impostor distance min %.3f", highest, lowest))
        }
        // The largest threshold whose FMR on these pairs is at most the target.
        let sorted = impostor.sorted()
        let allowed = Int((targetFmr * Double(sorted.count)).rounded(.down))
        if sorted.isEmpty {
            print("no impostor pairs: no threshold can be chosen for a false match rate")
        } else {
            let chosen = sorted[min(allowed, sorted.count - 1)]
            let fnmrAt = genuine.isEmpty ? 0 : Double(genuine.filter { $0 >= chosen }.count) / Double(genuine.count)
            print(String(format: "threshold for FMR <= %.4f: %.3f (FNMR there %.4f)%@", targetFmr, chosen, fnmrAt,
                         Double(sorted.count) * targetFmr < 1 ? " — too few impostor pairs to measure this rate" : ""))
        }
        if !wallMs.isEmpty {
            let wall = Percentiles(wallMs), inWorker = Percentiles(workerMs)
            print(String(format: "ms per verification (two images decoded, detected, embedded): worker p50 %.1f p95 %.1f, "
                + "round trip p50 %.1f p95 %.1f (n = %d)", inWorker.at(0.5), inWorker.at(0.95), wall.at(0.5), wall.at(0.95), wall.count))
        }
    }
}

struct Pong: Decodable, Sendable { var ok: Bool }
