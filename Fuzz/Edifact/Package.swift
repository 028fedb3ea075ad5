// swift-tools-version:6.1
// libFuzzer harness for the Edifact PAXLST parser (EDIFACT and JSON manifests). Build and run: see README.md.
// Sources/Edifact is a symlink to the library's sources, so the harness always fuzzes the current code.
import PackageDescription

let package = Package(
    name: "FuzzEdifact",
    platforms: [.macOS(.v14)],
    targets: [
        .target(name: "Edifact", swiftSettings: [.enableUpcomingFeature("ExistentialAny")]),
        .executableTarget(
            name: "FuzzEdifact",
            dependencies: ["Edifact"],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
    ],
    swiftLanguageModes: [.v6]
)
