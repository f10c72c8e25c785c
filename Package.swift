// swift-tools-version: 6.2
import PackageDescription

/// SwapWatch: separate executables that talk over ZeroMQ.
///
/// `Shared/` holds the libraries every process links (libzmq binding, message library,
/// extraction and expectation rules); `Services/` holds one folder per executable, each a
/// thin `main` over a library target the tests import.
let package = Package(
    name: "SwapWatch",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "swapwatch", targets: ["swapwatch"]),
        .executable(name: "swapwatch-bus", targets: ["swapwatch-bus"]),
        .executable(name: "swapwatch-ingest", targets: ["swapwatch-ingest"]),
        .executable(name: "swapwatch-store", targets: ["swapwatch-store"]),
        .executable(name: "swapwatch-notifier", targets: ["swapwatch-notifier"]),
        .executable(name: "swapwatch-feeds", targets: ["swapwatch-feeds"]),
        .executable(name: "swapwatch-bench", targets: ["swapwatch-bench"]),
        // For the fuzzing package in Fuzzing/, which depends on this one by path.
        .library(name: "SwapWatchMessages", targets: ["SwapWatchMessages"]),
        .library(name: "ClaimExtraction", targets: ["ClaimExtraction"]),
        .library(name: "ExpectationRules", targets: ["ExpectationRules"]),
        .library(name: "ReportText", targets: ["ReportText"]),
        .library(name: "FeedReading", targets: ["FeedReading"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0", traits: ["CommandLineArguments"]),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // MARK: Shared libraries
        .systemLibrary(
            name: "CZeroMQ",
            path: "Shared/CZeroMQ",
            pkgConfig: "libzmq",
            providers: [.apt(["libzmq3-dev"])]
        ),
        .systemLibrary(
            name: "CLibXML2",
            path: "Shared/CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(
            name: "FeedReading",
            dependencies: ["CLibXML2", "SwapWatchMessages"],
            path: "Shared/FeedReading"
        ),
        .target(
            name: "ZeroMQ",
            dependencies: ["CZeroMQ"],
            path: "Shared/ZeroMQ"
        ),
        .target(
            name: "SwapWatchMessages",
            path: "Shared/SwapWatchMessages"
        ),
        .target(
            name: "ReportText",
            dependencies: ["SwapWatchMessages", .product(name: "Crypto", package: "swift-crypto")],
            path: "Shared/ReportText"
        ),
        .target(
            name: "ClaimExtraction",
            dependencies: ["SwapWatchMessages"],
            path: "Shared/ClaimExtraction"
        ),
        .target(
            name: "ExpectationRules",
            dependencies: ["SwapWatchMessages", "ReportText"],
            path: "Shared/ExpectationRules"
        ),
        .target(
            name: "StreamReplay",
            dependencies: ["ClaimExtraction", "ExpectationRules", "ReportText"],
            path: "Shared/StreamReplay"
        ),
        .target(
            name: "AlertSigning",
            dependencies: ["SwapWatchMessages", .product(name: "Crypto", package: "swift-crypto")],
            path: "Shared/AlertSigning"
        ),
        .target(
            name: "AlertFollowing",
            dependencies: ["ServiceSupport", "AlertSigning", "ZeroMQ"],
            path: "Shared/AlertFollowing"
        ),
        .target(
            name: "ServiceDatabase",
            dependencies: ["ServiceSupport", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Shared/ServiceDatabase"
        ),
        .target(
            name: "ServiceSupport",
            dependencies: [
                "ZeroMQ",
                "SwapWatchMessages",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Configuration", package: "swift-configuration"),
            ],
            path: "Shared/ServiceSupport"
        ),

        // MARK: Services
        .target(
            name: "BusService",
            dependencies: ["ServiceSupport"],
            path: "Services/Bus/BusService"
        ),
        .executableTarget(
            name: "swapwatch-bus",
            dependencies: ["BusService"],
            path: "Services/Bus/swapwatch-bus"
        ),
        .target(
            name: "IngestWorker",
            dependencies: ["ServiceSupport", "ClaimExtraction", "ReportText"],
            path: "Services/Ingest/IngestWorker"
        ),
        .executableTarget(
            name: "swapwatch-ingest",
            dependencies: ["IngestWorker"],
            path: "Services/Ingest/swapwatch-ingest"
        ),
        .target(
            name: "ClaimStore",
            dependencies: ["ServiceSupport", "ServiceDatabase", "ExpectationRules", "ReportText", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Services/Store/ClaimStore"
        ),
        .executableTarget(
            name: "swapwatch-store",
            dependencies: ["ClaimStore"],
            path: "Services/Store/swapwatch-store"
        ),
        .target(
            name: "Notifier",
            dependencies: ["ServiceSupport", "ServiceDatabase", "AlertSigning", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Services/Notifier/Notifier"
        ),
        .executableTarget(
            name: "swapwatch-notifier",
            dependencies: ["Notifier"],
            path: "Services/Notifier/swapwatch-notifier"
        ),
        .target(
            name: "FeedsService",
            dependencies: [
                "ServiceSupport", "ServiceDatabase", "FeedReading", "ReportText", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Services/Feeds/FeedsService"
        ),
        .executableTarget(
            name: "swapwatch-feeds",
            dependencies: ["FeedsService"],
            path: "Services/Feeds/swapwatch-feeds"
        ),
        .target(
            name: "WebService",
            dependencies: [
                "ServiceSupport", "ServiceDatabase", "AlertFollowing", "AlertSigning", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Services/Web/WebService"
        ),
        .executableTarget(
            name: "swapwatch-web",
            dependencies: ["WebService"],
            path: "Services/Web/swapwatch-web"
        ),
        .target(
            name: "SwapWatchCLI",
            dependencies: [
                "ServiceSupport", "ClaimExtraction", "ExpectationRules", "ReportText", "StreamReplay", "AlertSigning", "AlertFollowing",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Services/CLI/SwapWatchCLI"
        ),
        .executableTarget(
            name: "swapwatch",
            dependencies: ["SwapWatchCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Services/CLI/swapwatch"
        ),

        // MARK: Benchmarks
        .executableTarget(
            name: "swapwatch-bench",
            dependencies: [
                "ClaimExtraction", "ClaimStore", "ReportText", "SwapWatchTesting", "ServiceSupport", "ZeroMQ",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Benchmarks/swapwatch-bench"
        ),

        // MARK: Tests
        .target(
            name: "SwapWatchTesting",
            dependencies: [
                "SwapWatchMessages", "ReportText", "ServiceSupport", "AlertSigning",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/SwapWatchTesting"
        ),
        .testTarget(name: "ZeroMQTests", dependencies: ["ZeroMQ"]),
        .testTarget(name: "SwapWatchMessagesTests", dependencies: ["SwapWatchMessages"]),
        .testTarget(name: "ReportTextTests", dependencies: ["ReportText"]),
        .testTarget(name: "FeedReadingTests", dependencies: ["FeedReading"], resources: [.copy("Fixtures")]),
        .testTarget(name: "FeedsServiceTests", dependencies: ["FeedsService", "FeedReading"]),
        .testTarget(
            name: "WebServiceTests",
            dependencies: [
                "WebService", "FeedReading", "SwapWatchMessages", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"), .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Fixtures/languages: labelled Ukrainian and Russian streams, scored by `swapwatch score` (CI).
        .testTarget(name: "ClaimExtractionTests", dependencies: ["ClaimExtraction", "ReportText", "SwapWatchTesting"], exclude: ["Fixtures"]),
        .testTarget(
            name: "ExpectationRulesTests",
            dependencies: [
                "ExpectationRules", "ClaimExtraction", "SwapWatchTesting", .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "ClaimStoreTests",
            dependencies: ["ClaimStore", "ClaimExtraction", "ReportText", "SwapWatchTesting", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "AlertSigningTests", dependencies: ["AlertSigning", "SwapWatchTesting"]),
        .testTarget(name: "StreamReplayTests", dependencies: ["StreamReplay", "SwapWatchTesting"]),
        .testTarget(
            name: "NotifierTests", dependencies: ["Notifier", "ServiceDatabase", "SwapWatchTesting", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "ServiceSupportTests",
            dependencies: ["ServiceSupport", "ReportText", "SwapWatchTesting", "ZeroMQ", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "SwapWatchMessages", "SwapWatchTesting", "AlertSigning", "ZeroMQ", "FeedReading", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Fixtures")]
        ),
    ]
)

// Zero warnings: a new one in our code fails the build (and so CI). Dependencies keep theirs.
for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + [.treatAllWarnings(as: .error)]
}
