// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "SwapWatchFuzzing",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "SwapWatch", path: "..")],
    targets: [
        .executableTarget(
            name: "swapwatch-fuzz",
            dependencies: [
                .product(name: "ClaimExtraction", package: "SwapWatch"),
                .product(name: "SwapWatchMessages", package: "SwapWatch"),
                .product(name: "ExpectationRules", package: "SwapWatch"),
                .product(name: "ReportText", package: "SwapWatch"),
                .product(name: "FeedReading", package: "SwapWatch"),
            ]
        )
    ]
)
