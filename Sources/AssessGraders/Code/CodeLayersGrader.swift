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
            /// Folder names that make a layer wherever they sit under a service (see `LayerFolders`);
            /// the first is the layer's usual name.
            var folders: [String] = []
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
            "Reads the import/using/require lines of Swift, Java, Kotlin, C#, Go, TypeScript/JavaScript and Python files in the input, assigns each file and each import to a layer (files by `paths`, or by `folders` found anywhere under a service: Gradle/Maven `src/main/<lang>/<package>/domain`, Go `internal/core`, .NET `Ordering.Domain`, Python packages; relative imports by where they resolve; module imports by `imports` patterns, the package folders of the input, or the layer's folder name appearing in them) and reports every import of a layer that `allow` does not permit. `layers: hexagonal` gives the conventional layers (domain: domain, core, model; application: application, usecases, ports; adapters: adapters, infrastructure, web, persistence, api) and their rule (the domain imports no other layer, the application only the domain). Test folders and files are left out of folder layers. Score: the share of layered files with no forbidden import.",
        options: [
            OptionDescription(
                "layers", .structure("`hexagonal` or mapping of layer → {paths, folders, imports}"),
                "`hexagonal` for the conventional layers found by folder name, or each layer's files as globs, e.g. `domain: { paths: ['src/domain/**'] }`, or as folder names anywhere under a service, e.g. `domain: { folders: [domain, core] }`; `imports` optionally gives globs over module names with `.` read as `/`."
            ),
            OptionDescription(
                "allow", .map(.list(.string)),
                "Which layers each may import; a layer may always import itself, and a layer not listed may import no other. With `layers: hexagonal` it defaults to domain: [], application: [domain], adapters: [application, domain]."
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
            GraderExample(
                "A Gradle-layout Kotlin service, layers found by folder",
                with: "layers: hexagonal",
                paths: ["services/*/**"],
                files: [
                    "services/ordering/src/main/kotlin/com/acme/ordering/domain/Order.kt":
                        "package com.acme.ordering.domain\n\nclass Order\n",
                    "services/ordering/src/main/kotlin/com/acme/ordering/application/PlaceOrder.kt":
                        "package com.acme.ordering.application\n\nimport com.acme.ordering.domain.Order\n",
                    "services/ordering/src/main/kotlin/com/acme/ordering/adapters/web/OrderController.kt":
                        "package com.acme.ordering.adapters.web\n\nimport com.acme.ordering.application.PlaceOrder\nimport org.springframework.web.bind.annotation.RestController\n",
                ], .passes),
        ])

    /// The conventional hexagonal layers, by folder name, and which may import which.
    static let hexagonal: (layers: [Options.Layer], allow: [String: [String]]) = (
        [
            .init(name: "domain", paths: [], folders: ["domain", "core", "model"], imports: [], keys: ["domain"]),
            .init(
                name: "application", paths: [], folders: ["application", "usecases", "usecase", "ports", "port"],
                imports: [], keys: ["application"]),
            .init(
                name: "adapters", paths: [],
                folders: ["adapters", "adapter", "infrastructure", "infra", "web", "persistence", "api", "http"],
                imports: [], keys: ["adapters"]),
        ],
        ["domain": [], "application": ["domain"], "adapters": ["application", "domain"]]
    )

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public static func options(from reader: MappingReader) -> Options? {
        var layers: [Options.Layer] = []
        var preset = false
        if let map = reader.require("layers") {
            if let name = map.string {
                if name == "hexagonal" {
                    layers = hexagonal.layers
                    preset = true
                } else {
                    reader.log.error(
                        at: map.location,
                        "'layers' is 'hexagonal' or a mapping of layer names; found '\(name)'\(Suggestion.didYouMean(name, in: ["hexagonal"]))"
                    )
                }
            }
            for pair in map.mapping ?? [] {
                guard let name = pair.key.string,
                    let sub = MappingReader(
                        pair.value, keys: ["paths", "folders", "imports"], context: "layer '\(name)'",
                        log: reader.log)
                else { continue }
                let folders = sub.strings("folders") ?? []
                let paths = (sub.strings("paths", required: folders.isEmpty) ?? []).map(Glob.init)
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
                        name: name, paths: paths, folders: folders,
                        imports: (sub.strings("imports") ?? []).map(Glob.init), keys: keys))
            }
            if map.mapping == nil, map.string == nil {
                reader.log.error(
                    at: map.location,
                    "expected 'hexagonal' or a mapping of layer names for 'layers', found \(map.found)")
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
        if preset, reader.node("allow") == nil { allow = hexagonal.allow }
        return Options(layers: layers, allow: allow)
    }

    public func grade(_ job: GradingJob) async throws -> Outcome {
        let byPath = Dictionary(job.files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        return try judge(paths: job.files.map(\.path)) { path, language in
            guard let file = byPath[path] else { return [] }
            return ImportScanner.imports(in: try job.text(file), language: language, file: path)
        }
    }

    /// The import lines of every source file in a layer (read through `imports`, only for the
    /// files that are in one) against the layers each may depend on.
    func judge(paths: [String], imports importsOf: (String, SourceLanguage) throws -> [SourceImport]) rethrows
        -> Outcome
    {
        var findings: [Finding] = []
        var layeredFiles = 0
        var badFiles = 0
        var importsChecked = 0
        let folders = folderLayers(files: paths)
        for path in paths {
            guard let language = SourceLanguage(path: path),
                let home = layer(ofFile: path, folders: folders)
            else { continue }
            layeredFiles += 1
            let imports = try importsOf(path, language)
            var bad = false
            for item in imports {
                guard let target = layer(of: item, in: path, language: language, folders: folders),
                    target.name != home.name
                else {
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
            let globs = options.layers.flatMap { $0.paths.map(\.pattern) + $0.folders.map { "…/\($0)/" } }
                .joined(separator: ", ")
            return .failed(
                "no source files in the declared layers",
                findings: [
                    .error(
                        "no Swift, Java, Kotlin, C#, Go, TypeScript, JavaScript or Python file matches the layers' paths (\(globs))"
                    )
                ])
        }
        if let folders {
            findings.append(
                .info(
                    "layers found by folder under \(folders.rootPaths.map { "'\($0)'" }.joined(separator: ", "))"))
        }
        let forbidden = findings.filter { $0.severity == .error }.count
        let summary =
            forbidden == 0
            ? "\(plural(layeredFiles, "file")) in \(plural(options.layers.count, "layer")), no forbidden import"
            : "\(plural(forbidden, "forbidden import")) in \(plural(badFiles, "file")) of \(layeredFiles)"
        return .scored(
            Double(layeredFiles - badFiles) / Double(layeredFiles), summary, findings: findings,
            measurements: [
                MeasuredValue("forbidden imports", Double(forbidden), limit: "0"),
                MeasuredValue("cross-layer imports", Double(importsChecked)),
            ])
    }

    /// Where the folder layers are in these files; nil when every layer is given by path.
    func folderLayers(files: [String]) -> LayerFolders? {
        let named = options.layers.filter { !$0.folders.isEmpty }
        guard !named.isEmpty else { return nil }
        return LayerFolders(
            layers: named.map { ($0.name, $0.folders) },
            files: files.filter { path in SourceLanguage(path: path) != nil && layer(byPath: path) == nil })
    }

    func layer(byPath path: String) -> Options.Layer? {
        options.layers.first { $0.paths.contains { $0.matches(path) } }
    }

    func layer(ofFile path: String, folders: LayerFolders?) -> Options.Layer? {
        if let byPath = layer(byPath: path) { return byPath }
        guard let name = folders?.layer(ofPath: path) else { return nil }
        return options.layers.first { $0.name == name }
    }

    /// The layer an import lands in, if any.
    func layer(of item: SourceImport, in file: String, language: SourceLanguage, folders: LayerFolders?)
        -> Options.Layer?
    {
        if let resolved = Self.resolveRelative(item.target, from: file, language: language) {
            // A relative import names a file without its extension, or a folder (its index or
            // __init__); layer globs may spell the extension (`src/domain/**/*.ts`).
            let candidates = [resolved, resolved + "/index", resolved + "/__init__"].flatMap { base in
                [base] + language.fileExtensions.map { base + "." + $0 }
            }
            if let byPath = options.layers.first(where: { layer in
                layer.paths.contains { glob in candidates.contains { glob.matches($0) } }
            }) {
                return byPath
            }
            guard let folders else { return nil }
            let name = folders.layer(ofPath: resolved, isDirectory: true) ?? folders.layer(ofPath: resolved)
            return options.layers.first { $0.name == name }
        }
        let pathLike =
            language == .go || language == .typescript || language == .javascript
            ? item.target : item.target.replacingOccurrences(of: ".", with: "/")
        if let explicit = options.layers.first(where: { layer in layer.imports.contains { $0.matches(pathLike) } }) {
            return explicit
        }
        if let folders {
            // Folder layers know the input's own packages: an import lands in a layer only when it
            // names one of them.
            let name = folders.layer(ofModule: pathLike)
            if let name { return options.layers.first { $0.name == name } }
            if options.layers.allSatisfy({ !$0.folders.isEmpty }) { return nil }
        }
        // The deepest folder name of the import that names a layer wins.
        let segments = pathLike.lowercased().split(separator: "/").map(String.init)
        var best: (Options.Layer, Int)?
        for layer in options.layers where layer.imports.isEmpty && layer.folders.isEmpty {
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

extension CodeLayersGrader: Explaining {
    public var requirements: [String] {
        let layers = options.layers.map { layer in
            let places = layer.paths.map { "`\($0.pattern)`" } + layer.folders.map { "`\($0)/`" }
            return "\(layer.name) (\(places.joined(separator: ", ")))"
        }
        let rules = options.layers.map { layer in
            let allowed = options.allow[layer.name] ?? []
            return "\(layer.name) may import \(allowed.isEmpty ? "no other layer" : allowed.joined(separator: ", "))"
        }
        return [
            "Layers: " + layers.joined(separator: "; ")
                + (options.layers.contains { !$0.folders.isEmpty }
                    ? ", as folders side by side anywhere under a service (tests left out)." : "."),
            rules.joined(separator: "; ") + ".",
        ]
    }
}
