// swift-tools-version:6.1
// Kordon: border and migration management information system.
// Layers (STYLE.md §1): domain cores (pure) → Store → Services → HTTPAPI → kordon CLI.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Kordon",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "kordon", targets: ["kordon"]),
        .library(name: "TravelDocuments", targets: ["TravelDocuments"]),
        .library(name: "Screening", targets: ["Screening"]),
        .library(name: "StayRules", targets: ["StayRules"]),
        .library(name: "Edifact", targets: ["Edifact"]),
        .library(name: "Access", targets: ["Access"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/vapor/sql-kit", from: "3.36.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/vapor/sqlite-kit", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit", from: "2.17.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        // The client generated from the OpenAPI document, which drives the two-installation test (issue 12 item 5).
        .package(url: "https://github.com/apple/swift-openapi-generator", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
        .package(url: "https://github.com/swift-server/swift-openapi-async-http-client", from: "1.5.0"),
    ],
    targets: [
        // MARK: - Domain cores: pure Swift, no I/O
        .target(name: "TravelDocuments", swiftSettings: swiftSettings),
        .target(name: "Screening", dependencies: ["TravelDocuments"], swiftSettings: swiftSettings),
        .target(name: "StayRules", swiftSettings: swiftSettings),
        .target(name: "Edifact", swiftSettings: swiftSettings),
        // The need-to-know policy as data, and its evaluation (DESIGN.md "Trust").
        .target(name: "Access", resources: [.copy("Resources/policy.json")], swiftSettings: swiftSettings),

        // MARK: - Storage
        .target(
            name: "Store",
            dependencies: [
                "TravelDocuments", "Access", "StayRules",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: - Application services
        .target(
            name: "Services",
            dependencies: [
                "TravelDocuments", "Screening", "StayRules", "Edifact", "Store",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                // The audit checkpointer runs beside the server until graceful shutdown.
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                // Webhook and partner deliveries (issue 12).
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: - HTTP API and web console
        .target(
            name: "HTTPAPI",
            dependencies: [
                "Services", "Store", "TravelDocuments", "Edifact",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),

        // MARK: - The command-line tool
        .executableTarget(
            name: "kordon",
            dependencies: [
                "HTTPAPI", "Services", "Store", "TravelDocuments", "Screening", "StayRules", "Edifact", "Access",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                // The HTTP client of `kordon bench checks`.
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                // Its event loops as Swift Concurrency's executor (`Kordon.main`).
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: - Test helpers (a product of their own, STYLE.md §1)
        .target(
            name: "KordonTesting",
            dependencies: [
                "Store", "Services", .product(name: "Logging", package: "swift-log"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: swiftSettings
        ),

        // A client generated at build time from Tests/KordonAPIClient/openapi.json, the document the server serves
        // (OpenAPIContractTests keeps the two equal): tests that call the API through it cannot drift from it.
        .target(
            name: "KordonAPIClient",
            dependencies: [
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIAsyncHTTPClient", package: "swift-openapi-async-http-client"),
            ],
            path: "Tests/KordonAPIClient",
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),

        // MARK: - Tests
        .testTarget(
            name: "TravelDocumentsTests",
            dependencies: ["TravelDocuments", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ScreeningTests",
            dependencies: ["Screening", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StayRulesTests",
            dependencies: ["StayRules", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "EdifactTests", dependencies: ["Edifact"], swiftSettings: swiftSettings),
        .testTarget(name: "AccessTests", dependencies: ["Access"], swiftSettings: swiftSettings),
        .testTarget(
            name: "StoreTests",
            dependencies: [
                "Store", "KordonTesting", .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ServicesTests",
            dependencies: [
                "Services", "Store", "KordonTesting", "TravelDocuments", "Screening", "Edifact",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HTTPAPITests",
            dependencies: [
                "HTTPAPI", "Services", "Store", "KordonTesting", "Edifact", "KordonAPIClient",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
