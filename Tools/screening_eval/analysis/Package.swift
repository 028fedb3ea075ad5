// swift-tools-version:6.1
import PackageDescription

// Error analysis of the screening engine (issue 14), outside the main package so it builds only the pure
// Screening and TravelDocuments modules (symbolic links to ../../../Sources), in release, in about a minute:
//   swift build -c release && .build/release/screening-analysis DIR OUT.jsonl [0.6]
// DIR as written by generate.py or make_eval.py. Prints index build time and memory, per-query latency (wall and
// thread CPU) and recall/precision at the default threshold; writes OUT.jsonl.pred.jsonl (score.py format) and
// OUT.jsonl: every hit at or above the analysis threshold and every missed truth pair scored against its alert
// alone (so a miss that is no candidate still shows its explanation), each with kind (TP, FP, FN, TN), the
// variation, the namesakes count and the explanation field by field. `list.py OUT.jsonl FP,FN` prints them;
// `compare.py BEFORE.jsonl AFTER.jsonl` lists the pairs that crossed the threshold. Internal access
// (`-enable-testing`) only for the namesakes count.
let s: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]
let package = Package(
    name: "ScreeningAnalysis",
    targets: [
        .target(name: "TravelDocuments", swiftSettings: s),
        .target(name: "Screening", dependencies: ["TravelDocuments"], swiftSettings: s + [.unsafeFlags(["-enable-testing"])]),
        .target(name: "EvalLines", swiftSettings: s),
        .executableTarget(name: "screening-analysis", dependencies: ["Screening", "EvalLines"], path: "Sources/Driver", swiftSettings: s),
        // Manifest-shaped timing: 500-query batches on 2 threads, p50/p99 per batch and CPU per query.
        // The spellings a word gets, as alert and as traveller.
        .executableTarget(name: "screening-pair", dependencies: ["Screening"], path: "Sources/Pair", swiftSettings: s),
        .executableTarget(name: "screening-timing", dependencies: ["Screening", "EvalLines"], path: "Sources/Timing", swiftSettings: s),
    ]
)
