import Foundation

/// Writes N realistic Phase 1 submissions of varying quality into a folder, deterministically
/// for a seed: the cohort for batch tests and the batch benchmark. Quality moves how many
/// bounded contexts a learner finds, which sections they write, whether the context map agrees
/// with the list, and whether their domain layer leaks an adapter import.
public struct CohortGenerator: Sendable {
    static let contexts = [
        "Catalog", "Pricing", "Inventory", "Ordering", "Payments", "Fulfilment", "Shipping", "Customer Accounts",
        "Notifications", "Reviews", "Search", "Loyalty",
    ]

    public var seed: UInt64

    public init(seed: UInt64 = 42) {
        self.seed = seed
    }

    /// Writes submissions `learner-0001` … into `folder`; returns their ids.
    @discardableResult
    public func write(count: Int, into folder: String) throws -> [String] {
        var random = SplitMix64(seed: seed)
        var ids: [String] = []
        for index in 1...max(1, count) {
            let id = String(format: "learner-%04d", index)
            let quality = Double(random.next() % 1000) / 1000
            try write(id: id, quality: quality, random: &random, into: folder + "/" + id)
            ids.append(id)
        }
        return ids
    }

    func write(id: String, quality: Double, random: inout SplitMix64, into root: String) throws {
        let count = 4 + Int(quality * 8.99)
        let names = Array(Self.contexts.prefix(count))
        var design =
            "# \(id): decomposing the shop\n\nThe monolith is split along the bounded contexts below.\n\n## Bounded Contexts\n\n"
        design +=
            names.map { "- **\($0)**: owns its own data and publishes events about it to the others." }.joined(
                separator: "\n") + "\n\n"
        design +=
            "## Context Map\n\nOrdering is customer/supplier to Payments; Payments hides the provider behind an anti-corruption layer;\n"
        design +=
            "Catalog is an open host service with a published language. Every arrow below is one of those relationships.\n\n"
        let drawn = quality > 0.3 ? names : Array(names.dropLast(2)) + ["Gateway"]
        design += "```mermaid\nflowchart LR\n"
        for (a, b) in zip(drawn, drawn.dropFirst()) {
            design +=
                "    \(a.replacingOccurrences(of: " ", with: "")) --> \(b.replacingOccurrences(of: " ", with: ""))\n"
        }
        design += "```\n\n## Service Boundaries\n\n| Service | Owns | API | Publishes |\n| --- | --- | --- | --- |\n"
        for name in names {
            let slug = name.lowercased().replacingOccurrences(of: " ", with: "-")
            design +=
                "| \(slug) | \(slug) records | `GET /v1/\(slug)` | \(name.replacingOccurrences(of: " ", with: ""))Changed |\n"
        }
        if quality > 0.2 {
            design +=
                "\n## API Strategy\n\nAPIs are contract-first in OpenAPI. Paths carry the major version (`/v1/orders`) and info.version follows semantic versioning. "
            design +=
                "Within a version we make only backward compatible changes; an old version gets a deprecation notice and a sunset date.\n"
        }
        if quality > 0.45 {
            design +=
                "\n## Testing Strategy\n\nWe follow the test pyramid: unit tests for the domain, integration tests for each adapter against real dependencies, "
            design +=
                "contract tests with Pact for every consumer, a few end-to-end tests, and fault injection for resilience.\n"
        }
        design +=
            "\n## Migration\n\nWe strangle the monolith route by route behind the gateway, keeping data in step with change data capture until each cut-over, "
        design +=
            "one context per release, starting with the one that has the fewest writers and the clearest boundary.\n"
        if quality < 0.15 { design += "\nTODO: finish the migration plan.\n" }
        try put(root + "/design.md", design)
        try put(root + "/assess.yaml", "rubric: phase1-service-design\nlearner: \(id)\n")
        let src = root + "/services/ordering/src"
        try put(src + "/domain/money.ts", "export class Money {\n  constructor(readonly cents: number) {}\n}\n")
        let leak = quality < 0.4 ? "import { Pool } from '../adapters/db';\n" : ""
        try put(
            src + "/domain/order.ts",
            "import { Money } from './money';\n\(leak)export class Order {\n  constructor(readonly id: string, readonly total: Money) {}\n}\n"
        )
        try put(
            src + "/application/place-order.ts",
            "import { Order } from '../domain/order';\nexport const placeOrder = (id: string) => id;\n")
        try put(
            src + "/adapters/db.ts",
            "import { Order } from '../domain/order';\nimport { Pool } from 'pg';\nexport { Pool };\n")
        let adrs = Int(quality * 3.99)
        for n in 0..<adrs {
            try put(
                root + String(format: "/docs/adr/%04d-decision-%d.md", n + 1, n + 1),
                "# \(n + 1). Decision \(n + 1)\n\n## Status\n\nAccepted\n\n## Context\n\nWhy.\n\n## Decision\n\nWhat.\n\n## Consequences\n\nSo what.\n"
            )
        }
        _ = random.next()
    }

    func put(_ path: String, _ text: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }
}

/// A small, fast, seedable generator (Steele, Lea and Flood's SplitMix64), so a cohort is the
/// same on every machine (and a generated test corpus the same on every run).
public struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
