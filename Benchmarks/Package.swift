// swift-tools-version: 6.1
// Benchmarks run on demand (`make bench`), never in the test suite: see README.md here.
import PackageDescription

let package = Package(
    name: "AssessBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "assess", path: "..")],
    targets: [
        .executableTarget(
            name: "AssessBenchmarks",
            dependencies: [
                .product(name: "AssessCore", package: "assess"),
                .product(name: "AssessFormats", package: "assess"),
                .product(name: "AssessGraders", package: "assess"),
                .product(name: "AssessReporters", package: "assess"),
                .product(name: "AssessTestSupport", package: "assess"),
            ])
    ],
    swiftLanguageModes: [.v6]
)
