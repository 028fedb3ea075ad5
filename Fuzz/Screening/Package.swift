// swift-tools-version:6.1
// libFuzzer harness for the Screening parsers and normalisers (STYLE.md §7). Build and run:
//   swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
//   .build/release/FuzzScreening -max_total_time=60 Corpus/
// Sources/Screening and Sources/TravelDocuments are links to the main package's folders.
import PackageDescription

let package = Package(
    name: "FuzzScreening",
    platforms: [.macOS(.v14)],
    targets: [
        .target(name: "TravelDocuments"),
        .target(name: "Screening", dependencies: ["TravelDocuments"]),
        .executableTarget(name: "FuzzScreening", dependencies: ["Screening"]),
    ],
    swiftLanguageModes: [.v6]
)
