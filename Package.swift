// swift-tools-version: 6.2
import PackageDescription

/// The project's own targets build with warnings as errors: zero warnings is kept by every
/// build, CI's included, not by a review (dependencies are not affected).
let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)]

let package = Package(
    name: "assess",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "assess", targets: ["assess"]),
        .library(name: "AssessYAML", targets: ["AssessYAML"]),
        .library(name: "AssessCore", targets: ["AssessCore"]),
        .library(name: "AssessFormats", targets: ["AssessFormats"]),
        .library(name: "AssessGraders", targets: ["AssessGraders"]),
        .library(name: "AssessReporters", targets: ["AssessReporters"]),
        .library(name: "AssessBatch", targets: ["AssessBatch"]),
        .library(name: "AssessServer", targets: ["AssessServer"]),
        .library(name: "AssessTestSupport", targets: ["AssessTestSupport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swiftwasm/WasmKit", from: "0.4.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        // Pinned to the minor version: `OpenAPIValidationScreen` mirrors what each of its default
        // validations checks, which a minor release may change (its tests hold the screened and the
        // full readings side by side, so a change shows there first).
        .package(url: "https://github.com/mattpolzin/OpenAPIKit", .upToNextMinor(from: "6.4.0")),
        .package(url: "https://github.com/GraphQLSwift/GraphQL", from: "4.3.0"),
        // `assess serve`: the review app's HTTP server, password hashing and SQLite store.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibYAML", pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]),
        .systemLibrary(
            name: "CCmarkGFM", pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"]), .brew(["cmark-gfm"])]),
        .systemLibrary(
            name: "CLibArchive", pkgConfig: "libarchive",
            providers: [.apt(["libarchive-dev"]), .brew(["libarchive"])]),
        // The simdjson walk of Debezium records (C++ behind a C header); simdjson from the system.
        .target(name: "CMemberWalk", linkerSettings: [.linkedLibrary("simdjson")]),
        .target(name: "AssessYAML", dependencies: ["CLibYAML"], swiftSettings: strict),
        .target(
            name: "AssessCore",
            dependencies: ["AssessYAML", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),
        .target(
            name: "AssessFormats",
            dependencies: [
                "AssessYAML", "CCmarkGFM", "CMemberWalk", .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "OpenAPIKit", package: "OpenAPIKit"),
                .product(name: "OpenAPIKit30", package: "OpenAPIKit"),
                .product(name: "OpenAPIKitCompat", package: "OpenAPIKit"),
                .product(name: "GraphQL", package: "GraphQL"),
            ], swiftSettings: strict),
        .target(name: "AssessGraders", dependencies: ["AssessCore", "AssessFormats"], swiftSettings: strict),
        .target(name: "AssessReporters", dependencies: ["AssessCore"], swiftSettings: strict),
        .target(
            name: "AssessPlugins",
            dependencies: [
                "AssessCore", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "WasmKit", package: "WasmKit"), .product(name: "WasmKitWASI", package: "WasmKit"),
                .product(name: "WAT", package: "WasmKit"),
            ], swiftSettings: strict),
        .target(
            name: "AssessBatch",
            dependencies: [
                "AssessCore", "AssessFormats", "AssessReporters", "CLibArchive",
                .product(name: "Crypto", package: "swift-crypto"),
            ], swiftSettings: strict),
        .target(
            name: "AssessServer",
            dependencies: [
                "AssessCore", "AssessFormats", "AssessReporters", "AssessBatch",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ], swiftSettings: strict),
        .executableTarget(
            name: "assess",
            dependencies: [
                "AssessCore", "AssessFormats", "AssessGraders", "AssessReporters", "AssessBatch", "AssessPlugins",
                "AssessServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ], swiftSettings: strict),
        .target(
            name: "AssessTestSupport", dependencies: ["AssessCore", "AssessGraders", "CLibArchive"],
            path: "Tests/AssessTestSupport", swiftSettings: strict),
        .testTarget(name: "AssessYAMLTests", dependencies: ["AssessYAML"], swiftSettings: strict),
        .testTarget(
            name: "AssessCoreTests", dependencies: ["AssessCore", "AssessTestSupport"], exclude: ["Fixtures"],
            swiftSettings: strict),
        .testTarget(
            name: "AssessFormatsTests", dependencies: ["AssessFormats", "AssessTestSupport"],
            exclude: ["Traces/Fixtures", "LoadTests/Fixtures", "Data/Fixtures"], swiftSettings: strict),
        .testTarget(
            name: "AssessGradersTests", dependencies: ["AssessGraders", "AssessCore", "AssessTestSupport"],
            exclude: ["Golden"], swiftSettings: strict),
        .testTarget(
            name: "AssessReportersTests", dependencies: ["AssessReporters", "AssessCore", "AssessTestSupport"],
            exclude: ["Schemas", "Golden"], swiftSettings: strict),
        .testTarget(name: "AssessCLITests", dependencies: ["assess", "AssessTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "AssessPluginsTests",
            dependencies: [
                "AssessPlugins", "AssessGraders", "AssessTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(
            name: "AssessBatchTests", dependencies: ["AssessBatch", "AssessGraders", "AssessTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "AssessServerTests",
            dependencies: [
                "AssessServer", "AssessBatch", "AssessGraders", "AssessTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6],
    cxxLanguageStandard: .cxx17
)
