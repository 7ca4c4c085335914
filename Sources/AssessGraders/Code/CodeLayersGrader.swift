public import AssessCore
import AssessFormats
import Foundation

/// Hexagonal / clean-architecture layering: the rubric names layers by path and says which
/// may depend on which; every import that crosses a line it should not is a finding at its
/// file, line and column.
public struct CodeLayersGrader: Grader {
    public struct Options: Sendable, Hashable {
        var layers: [Layer]
        /// Layer → the layers it may import (besides itself).
        var allow: [String: [String]]

        struct Layer: Sendable, Hashable {
            var name: String
            var paths: [Glob]
            /// Patterns for module-style imports (`com.shop.orders.domain.*` → path-like `com/shop/orders/domain/*`).
            var imports: [Glob]
            /// Folder names that identify the layer inside an import when `imports` is not given:
            /// the last literal folder of each path glob (`services/*/src/domain/**` → `domain`)
            /// and the layer's name.
            var keys: [String]
        }
    }

    public static let description = GraderDescription(
        kind: "code.layers",
        summary:
            "Reads the import/using/require lines of Swift, Java, Kotlin, C#, Go, TypeScript/JavaScript and Python files in the input, assigns each file and each import to a layer (files by `paths`; relative imports by where they resolve; module imports by `imports` patterns or the layer's folder name appearing in them) and reports every import of a layer that `allow` does not permit. Score: the share of layered files with no forbidden import.",
        options: [
            OptionDescription(
                "layers", "mapping of layer → {paths, imports}",
                "Each layer's files as globs, e.g. `domain: { paths: ['src/domain/**'] }`; `imports` optionally gives globs over module names with `.` read as `/`."
            ),
            OptionDescription(
                "allow", "mapping of layer → list of layers",
                "Which layers each may import; a layer may always import itself, and a layer not listed may import no other."
            ),
        ],
        examples: [
            GraderExample(
                "Adapters depend inward only",
                with:
                    "layers: { domain: { paths: ['src/domain/**'] }, adapters: { paths: ['src/adapters/**'] } }\nallow: { adapters: [domain] }",
                paths: ["src/**"],
                files: [
                    "src/domain/order.ts": "export class Order {}\n",
                    "src/adapters/order-repo.ts":
                        "import { Order } from '../domain/order';\nimport { Pool } from 'pg';\n",
                ], .passes),
            GraderExample(
                "The domain imports an adapter",
                with:
                    "layers: { domain: { paths: ['src/domain/**'] }, adapters: { paths: ['src/adapters/**'] } }\nallow: { adapters: [domain] }",
                paths: ["src/**"],
                files: [
                    "src/domain/order.py": "from ..adapters.db import session\n",
                    "src/adapters/db.py": "import sqlalchemy\n",
                ], .fails),
        ])

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public static func options(from node: YAMLNode?) throws(RubricError) -> Options {
        try OptionsReader.read(node, for: description) { reader in
            var layers: [Options.Layer] = []
            if let map = reader.require("layers") {
                for pair in map.mapping ?? [] {
                    guard let name = pair.key.string,
                        let sub = MappingReader(
                            pair.value, keys: ["paths", "imports"], context: "layer '\(name)'", log: reader.log)
                    else { continue }
                    let paths = (sub.strings("paths", required: true) ?? []).map(Glob.init)
                    for glob in paths {
                        if let problem = glob.problem { reader.log.error(at: sub.node("paths")?.location, problem) }
                    }
                    let lastLiterals = paths.compactMap { glob in
                        glob.pattern.split(separator: "/").last { !$0.contains(where: { "*?[{".contains($0) }) }.map {
                            $0.lowercased()
                        }
                    }
                    let keys = Set(lastLiterals + [name.lowercased()]).sorted()
                    layers.append(
                        .init(
                            name: name, paths: paths, imports: (sub.strings("imports") ?? []).map(Glob.init), keys: keys
                        ))
                }
                if map.mapping == nil {
                    reader.log.error(
                        at: map.location, "expected a mapping of layer names for 'layers', found \(map.found)")
                }
                if layers.count < 2, map.mapping != nil {
                    reader.log.error(at: map.location, "'layers' needs at least two layers")
                }
            }
            var allow: [String: [String]] = [:]
            let names = layers.map(\.name)
            if let map = reader.node("allow") {
                for pair in map.mapping ?? [] {
                    guard let name = pair.key.string else { continue }
                    if !names.contains(name) {
                        reader.log.error(
                            at: pair.key.location,
                            "'allow' names unknown layer '\(name)'\(Suggestion.didYouMean(name, in: names))")
                    }
                    let targets = pair.value.isNull ? [] : (pair.value.expectStrings(for: name, log: reader.log) ?? [])
                    for target in targets where !names.contains(target) {
                        reader.log.error(
                            at: pair.value.location,
                            "layer '\(name)' is allowed unknown layer '\(target)'\(Suggestion.didYouMean(target, in: names))"
                        )
                    }
                    allow[name] = targets
                }
            }
            return Options(layers: layers, allow: allow)
        }
    }

    public func grade(_ job: GradingJob) async throws -> Outcome {
        var findings: [Finding] = []
        var layeredFiles = 0
        var badFiles = 0
        var importsChecked = 0
        for file in job.files {
            guard let language = SourceLanguage(path: file.path), let home = layer(ofFile: file.path) else { continue }
            layeredFiles += 1
            let imports = ImportScanner.imports(in: try job.text(file), language: language, file: file.path)
            var bad = false
            for item in imports {
                guard let target = layer(of: item, in: file.path, language: language), target.name != home.name else {
                    continue
                }
                importsChecked += 1
                let allowed = options.allow[home.name] ?? []
                if !allowed.contains(target.name) {
                    bad = true
                    let may = allowed.isEmpty ? "no other layer" : allowed.joined(separator: ", ")
                    findings.append(
                        .error(
                            "\(home.name) imports \(target.name) ('\(item.target)'); \(home.name) may depend on \(may)",
                            at: item.location))
                }
            }
            if bad { badFiles += 1 }
        }
        guard layeredFiles > 0 else {
            let globs = options.layers.flatMap { $0.paths.map(\.pattern) }.joined(separator: ", ")
            return .failed(
                "no source files in the declared layers",
                findings: [
                    .error(
                        "no Swift, Java, Kotlin, C#, Go, TypeScript, JavaScript or Python file matches the layers' paths (\(globs))"
                    )
                ])
        }
        let summary =
            findings.isEmpty
            ? "\(plural(layeredFiles, "file")) in \(plural(options.layers.count, "layer")), no forbidden import"
            : "\(plural(findings.count, "forbidden import")) in \(plural(badFiles, "file")) of \(layeredFiles)"
        return .scored(
            Double(layeredFiles - badFiles) / Double(layeredFiles), summary, findings: findings,
            measurements: [
                MeasuredValue("forbidden imports", Double(findings.count), limit: "0"),
                MeasuredValue("cross-layer imports", Double(importsChecked)),
            ])
    }

    func layer(ofFile path: String) -> Options.Layer? {
        options.layers.first { $0.paths.contains { $0.matches(path) } }
    }

    /// The layer an import lands in, if any.
    func layer(of item: SourceImport, in file: String, language: SourceLanguage) -> Options.Layer? {
        if let resolved = Self.resolveRelative(item.target, from: file, language: language) {
            // A relative import names a file without its extension, or a folder (its index or
            // __init__); layer globs may spell the extension (`src/domain/**/*.ts`).
            let candidates = [resolved, resolved + "/index", resolved + "/__init__"].flatMap { base in
                [base] + language.fileExtensions.map { base + "." + $0 }
            }
            return options.layers.first { layer in
                layer.paths.contains { glob in candidates.contains { glob.matches($0) } }
            }
        }
        let pathLike =
            language == .go || language == .typescript || language == .javascript
            ? item.target : item.target.replacingOccurrences(of: ".", with: "/")
        if let explicit = options.layers.first(where: { layer in layer.imports.contains { $0.matches(pathLike) } }) {
            return explicit
        }
        // The deepest folder name of the import that names a layer wins.
        let segments = pathLike.lowercased().split(separator: "/").map(String.init)
        var best: (Options.Layer, Int)?
        for layer in options.layers where layer.imports.isEmpty {
            for (index, segment) in segments.enumerated()
            where layer.keys.contains(where: {
                segment == $0 || (segment.count > $0.count + 2 && segment.hasSuffix($0))
            }) {
                if index >= (best?.1 ?? -1) { best = (layer, index) }
            }
        }
        return best?.0
    }

    /// `../domain/order` from `src/adapters/repo.ts` → `src/domain/order`; Python `..domain.model`
    /// from `app/adapters/db.py` → `app/domain/model`. Nil for non-relative imports.
    static func resolveRelative(_ target: String, from file: String, language: SourceLanguage) -> String? {
        var directory = file.split(separator: "/").dropLast().map(String.init)
        switch language {
        case .typescript, .javascript:
            guard target.hasPrefix("./") || target.hasPrefix("../") || target == "." || target == ".." else {
                return nil
            }
            for segment in target.split(separator: "/") {
                if segment == ".." {
                    _ = directory.popLast()
                } else if segment != "." {
                    directory.append(String(segment))
                }
            }
            return directory.joined(separator: "/")
        case .python:
            guard target.hasPrefix(".") else { return nil }
            let dots = target.prefix { $0 == "." }.count
            for _ in 1..<max(1, dots) { _ = directory.popLast() }
            let rest = target.dropFirst(dots).split(separator: ".").map(String.init)
            return (directory + rest).joined(separator: "/")
        default:
            return nil
        }
    }
}
