// swift-tools-version:6.1
// libFuzzer harness for the Screening JSON Lines reader, name normaliser and matcher (STYLE.md §7).
// Build and run (Sources/Screening and Sources/TravelDocuments are symlinks to the library sources):
//   swift build -c release -Xswiftc -sanitize=fuzzer,address --scratch-path /work/dev/fuzz-screening-build
//   mkdir -p /tmp/screening-corpus && cp Corpus/* /tmp/screening-corpus/
//   /work/dev/fuzz-screening-build/release/FuzzScreening /tmp/screening-corpus -max_len=400 -max_total_time=60
// (libFuzzer adds inputs to the first corpus folder: keep Corpus/ to the seeds.)
// A crash found becomes a row of Tests/ScreeningTests/BenchmarkFormatTests.swift or NormalizationTests.swift.
import PackageDescription

let swiftSettings: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "FuzzScreening",
    platforms: [.macOS(.v14)],
    targets: [
        .target(name: "TravelDocuments", swiftSettings: swiftSettings),
        .target(name: "Screening", dependencies: ["TravelDocuments"], swiftSettings: swiftSettings),
        .executableTarget(
            name: "FuzzScreening",
            dependencies: ["Screening"],
            swiftSettings: swiftSettings + [.unsafeFlags(["-parse-as-library"])]
        ),
    ],
    swiftLanguageModes: [.v6]
)
