// swift-tools-version:6.1
// libFuzzer harness for the TravelDocuments MRZ parser (strict and lenient) and transliteration.
// Build and run: see README.md. Sources/TravelDocuments is a symlink to the library's sources.
import PackageDescription

let package = Package(
    name: "FuzzMRZ",
    targets: [
        .target(name: "TravelDocuments", swiftSettings: [.enableUpcomingFeature("ExistentialAny")]),
        .executableTarget(
            name: "FuzzMRZ",
            dependencies: ["TravelDocuments"],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
    ],
    swiftLanguageModes: [.v6]
)
