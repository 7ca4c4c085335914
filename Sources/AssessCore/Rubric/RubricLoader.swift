import Crypto
import Foundation

/// Reads a rubric file (and the files it `extends`), checks everything a grader will need,
/// and returns a `Rubric` — or a `RubricError` listing every problem found, each with its
/// file, line and column. A rubric is never half-loaded.
public struct RubricLoader: Sendable {
    public var registry: GraderRegistry
    public var limits: YAMLLimits
    /// Runs `plugin:` graders; without one, a rubric that uses a plugin is an error that says so.
    public var plugins: (any PluginHost)?
    /// Ask each plugin to check its options (`describe`) while loading: what `rubric lint` does.
    public var describePlugins = false
    /// Load a shared part (a file other rubrics `extends`) on its own, for linting: it needs no
    /// `rubric` id or pass mark, and the inputs its criteria read may be declared by the
    /// rubrics that extend it (they are listed in `Rubric.expectedInputs`).
    public var fragment = false

    public init(registry: GraderRegistry, limits: YAMLLimits = .default, plugins: (any PluginHost)? = nil) {
        self.registry = registry
        self.limits = limits
        self.plugins = plugins
    }

    static let topLevelKeys = [
        "format", "rubric", "title", "version", "stage", "description", "pass", "bands", "extends", "inputs",
        "plugins", "objectives", "criteria", "timeout",
    ]
    /// A file named in `extends` shares criteria, inputs, plugins and objectives; it carries no
    /// pass mark or identity of its own.
    static let fragmentKeys = ["title", "description", "extends", "inputs", "plugins", "objectives", "criteria"]
    static let criterionKeys = [
        "id", "title", "description", "weight", "required", "visibility", "hint", "grader", "input", "with",
        "timeout", "covers",
    ]
    static let inputKeys = ["paths", "format", "required", "many", "max_size"]
    static let pluginKeys = ["exec", "wasm", "timeout"]

    /// Loads the rubric at `path`.
    public func load(file path: String) throws(RubricError) -> Rubric {
        let data = try readBounded(path)
        return try load(text: String(decoding: data, as: UTF8.self), file: path)
    }

    /// The bytes of a rubric file, refused by its size before it is read: a 200 MB "rubric"
    /// took 7 s and 611 MB to be refused after reading.
    func readBounded(_ path: String) throws(RubricError) -> Data {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        guard size <= limits.maxBytes else {
            throw RubricError([
                .error(at: nil, "rubric '\(path)' is \(size) bytes, over the \(limits.maxBytes)-byte limit; not read")
            ])
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RubricError([.error(at: nil, "cannot read rubric '\(path)'")])
        }
        return data
    }

    /// Loads a file for `assess rubric lint`: a rubric, or — when its top level names no
    /// `rubric` id and no pass mark — a shared part that other rubrics `extends`, loaded as such.
    public func lint(file path: String) throws(RubricError) -> Rubric {
        let data = try readBounded(path)
        let text = String(decoding: data, as: UTF8.self)
        var loader = self
        if let root = try? YAMLParser(limits: limits).parse(text, file: path) {
            loader.fragment = root.mapping != nil && root["rubric"] == nil && root["pass"] == nil
        }
        return try loader.load(text: text, file: path)
    }

    /// Loads a rubric from text; `extends` paths are relative to `file`'s directory.
    public func load(text: String, file: String) throws(RubricError) -> Rubric {
        var session = LoadSession(loader: self)
        return try session.run(text: text, file: file)
    }
}

/// The state of one load: the files read, their hashes, and every diagnostic so far.
private struct LoadSession {
    let loader: RubricLoader
    let log = DiagnosticLog()
    var sources: [String: String] = [:]
    var hasher = SHA256()
    /// Collected from the extended files first, then the rubric itself.
    var inputNodes: [YAMLNode.Pair] = []
    /// Each plugin declaration with the folder of the file that declared it.
    var pluginNodes: [(pair: YAMLNode.Pair, directory: String)] = []
    var objectiveNodes: [YAMLNode] = []
    var criterionNodes: [YAMLNode] = []
    /// A fragment's inputs that the rubrics extending it must declare.
    var expectedInputs: [String] = []

    init(loader: RubricLoader) {
        self.loader = loader
    }

    mutating func run(text: String, file: String) throws(RubricError) -> Rubric {
        guard let root = parse(text: text, file: file) else { throw error() }
        guard let top = MappingReader(root, keys: RubricLoader.topLevelKeys, context: "the rubric", log: log) else {
            throw error()
        }
        if let format = top.node("format"), format.int != Rubric.formatVersion {
            log.error(
                at: format.location,
                "unsupported rubric format \(format.found); this assess reads format \(Rubric.formatVersion)")
        }
        collectExtends(top, file: file, chain: [canonical(file)])
        let extendedCriteria = criterionNodes
        criterionNodes = []
        collectParts(top, file: file)
        criterionNodes += extendedCriteria  // the rubric's own criteria read first

        let id = top.string("rubric", required: !loader.fragment)
        if let id, let node = top.node("rubric") { checkIdentifier(id, at: node.location, what: "rubric id") }
        let title = top.string("title") ?? id ?? "Untitled rubric"
        let pass = top.double("pass", required: !loader.fragment)
        if let pass, !(0...100).contains(pass) {
            log.error(at: top.node("pass")?.location, "pass mark must be a percent in 0…100, found \(pass.compact)")
        }
        let bands = readBands(top, pass: pass)
        let defaultTimeout = top.node("timeout").flatMap { readDuration($0, key: "timeout") }
        let inputs = readInputs()
        let plugins = readPlugins()
        let objectives = readObjectives()
        let criteria = readCriteria(
            inputs: inputs, plugins: plugins, objectives: objectives, defaultTimeout: defaultTimeout)
        if criteria.isEmpty, !log.hasErrors {
            log.error(at: top.node("criteria")?.location ?? root.location, "a rubric needs at least one criterion")
        }
        for objective in objectives where !criteria.contains(where: { $0.covers.contains(objective.id) }) {
            let node = objectiveNodes.first { $0["id"]?.string == objective.id }
            log.warning(at: node?.location, "objective '\(objective.id)' is not covered by any criterion")
        }

        if log.hasErrors { throw error() }
        let digest = hasher.finalize().hexString
        let used = Set(criteria.map(\.graderKind).filter { $0.hasPrefix("plugin:") }.map { String($0.dropFirst(7)) })
        var rubric = Rubric(
            id: id ?? "", title: title, version: top.node("version")?.scalarText, stage: top.string("stage"),
            pass: pass ?? 0, bands: bands, inputs: inputs, plugins: plugins, objectives: objectives,
            criteria: criteria, file: file, sha256: digest, warnings: log.diagnostics.sortedByLocation())
        rubric.sources = sources
        rubric.expectedInputs = expectedInputs
        rubric.pluginDigests = plugins.filter { used.contains($0.name) }.compactMap { loader.plugins?.digest(of: $0) }
        return rubric
    }

    /// The files beside the rubric that a criterion's options name (`reference: v1.yaml`), read
    /// now so a missing one rejects the rubric, and added to its digest so a changed reference
    /// regrades a batch. Graders get the text and never open a file themselves.
    mutating func readRubricFiles(for description: GraderDescription, in options: YAMLNode) -> RubricFiles {
        var files = RubricFiles()
        for option in description.options where option.type == .rubricFile {
            guard let value = options[option.name], let relative = value.string else { continue }
            let folder = (value.location.file as NSString).deletingLastPathComponent
            let path = folder.isEmpty || relative.hasPrefix("/") ? relative : folder + "/" + relative
            guard let data = FileManager.default.contents(atPath: path) else {
                log.error(at: value.location, "cannot read the file '\(path)' that '\(option.name)' names")
                continue
            }
            hasher.update(data: data)
            files[option.name] = RubricFile(path: path, text: String(decoding: data, as: UTF8.self))
        }
        return files
    }

    func error() -> RubricError {
        RubricError(log.diagnostics, sources: sources)
    }

    mutating func parse(text: String, file: String) -> YAMLNode? {
        sources[file] = text
        hasher.update(data: Data(text.utf8))
        do {
            return try YAMLParser(limits: loader.limits).parse(text, file: file)
        } catch {
            log.append(contentsOf: error.diagnostics)
            return nil
        }
    }

    func canonical(_ path: String) -> String {
        Submission.realPath(path) ?? URL(fileURLWithPath: path).standardized.path
    }

    // MARK: extends

    mutating func collectExtends(_ reader: MappingReader, file: String, chain: [String]) {
        guard let node = reader.node("extends") else { return }
        let entries = node.sequence ?? [node]
        let directory = URL(fileURLWithPath: file).deletingLastPathComponent()
        for entry in entries {
            guard let relative = entry.expectString(for: "extends", log: log) else { continue }
            let path = relative.hasPrefix("/") ? relative : directory.appendingPathComponent(relative).path
            let shown = Self.displayPath(path)
            let key = canonical(path)
            if chain.contains(key) {
                let names = (chain + [key]).map { URL(fileURLWithPath: $0).lastPathComponent }
                log.error(at: entry.location, "'extends' makes a cycle: \(names.joined(separator: " → "))")
                continue
            }
            // Only YAML files are read: `extends: /etc/passwd` would otherwise be parsed and its
            // lines quoted back in the errors.
            guard path.hasSuffix(".yaml") || path.hasSuffix(".yml") else {
                log.error(at: entry.location, "'extends' names '\(relative)', which is not a .yaml file; not read")
                continue
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                log.error(at: entry.location, "cannot read '\(relative)' named in 'extends' (looked for \(shown))")
                continue
            }
            guard let root = parse(text: String(decoding: data, as: UTF8.self), file: shown),
                let base = MappingReader(root, keys: RubricLoader.fragmentKeys, context: "an extended rubric", log: log)
            else { continue }
            collectExtends(base, file: path, chain: chain + [key])
            collectParts(base, file: path)
        }
    }

    /// `./Rubrics/common/x.yaml` → `Rubrics/common/x.yaml`, relative to the working directory when inside it.
    static func displayPath(_ path: String) -> String {
        let standard = URL(fileURLWithPath: path).standardized.path
        let cwd = FileManager.default.currentDirectoryPath
        if standard.hasPrefix(cwd + "/") { return String(standard.dropFirst(cwd.count + 1)) }
        return standard
    }

    mutating func collectParts(_ reader: MappingReader, file: String) {
        if let inputs = reader.node("inputs") {
            if let pairs = inputs.mapping {
                inputNodes += pairs
            } else {
                log.error(at: inputs.location, "expected a mapping of input names for 'inputs', found \(inputs.found)")
            }
        }
        if let plugins = reader.node("plugins") {
            if let pairs = plugins.mapping {
                let directory = URL(fileURLWithPath: file).deletingLastPathComponent().path
                pluginNodes += pairs.map { ($0, directory) }
            } else {
                log.error(
                    at: plugins.location, "expected a mapping of plugin names for 'plugins', found \(plugins.found)")
            }
        }
        if let objectives = reader.node("objectives") {
            if let items = objectives.sequence {
                objectiveNodes += items
            } else {
                log.error(at: objectives.location, "expected a list for 'objectives', found \(objectives.found)")
            }
        }
        if let criteria = reader.node("criteria") {
            if let items = criteria.sequence {
                criterionNodes += items
            } else {
                log.error(at: criteria.location, "expected a list of criteria for 'criteria', found \(criteria.found)")
            }
        }
    }

    // MARK: parts

    func checkIdentifier(_ id: String, at location: SourceLocation, what: String) {
        let allowed = id.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)
        }
        if id.isEmpty || !allowed {
            log.error(at: location, "\(what) '\(id)' may hold only letters, digits, '-', '_' and '.'")
        }
    }

    func readBands(_ top: MappingReader, pass: Double?) -> [Band] {
        guard let node = top.node("bands") else { return [] }
        guard let pairs = node.mapping else {
            log.error(
                at: node.location, "expected a mapping of band names to percents for 'bands', found \(node.found)")
            return []
        }
        var bands: [Band] = []
        for pair in pairs {
            guard let name = pair.key.string, let minimum = pair.value.expectDouble(for: name, log: log) else {
                continue
            }
            if let pass, minimum < pass {
                log.error(
                    at: pair.value.location,
                    "band '\(name)' starts at \(minimum.compact), below the pass mark \(pass.compact)")
            } else if minimum > 100 {
                log.error(at: pair.value.location, "band '\(name)' starts at \(minimum.compact), above 100")
            }
            bands.append(Band(name: name, minimum: minimum))
        }
        return bands.sorted { $0.minimum > $1.minimum }
    }

    func readDuration(_ node: YAMLNode, key: String) -> Duration? {
        if let seconds = node.double, seconds.isFinite, seconds > 0, seconds <= 86_400 {
            return .milliseconds(Int64(seconds * 1000))
        }
        if let text = node.string, let duration = Self.parseDuration(text) { return duration }
        log.error(
            at: node.location,
            "expected a duration like '30s', '500ms' or '2m' (at most a day) for '\(key)', found \(node.found)")
        return nil
    }

    static func parseDuration(_ text: String) -> Duration? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            // At most a day: anything longer is a typo, and .inf would not fit a Duration.
            guard let value = Double(text.dropLast(suffix.count)), value.isFinite, value > 0, value * scale <= 86_400
            else {
                return nil
            }
            return .milliseconds(Int64((value * scale * 1000).rounded()))
        }
        return nil
    }

    /// `2GB`, `512MB`, `64KiB` or plain bytes; powers of 1024 either way, as people mean them for files.
    static func byteSize(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let units: [(String, Double)] = [
            ("GiB", 1_073_741_824), ("MiB", 1_048_576), ("KiB", 1024), ("GB", 1_073_741_824), ("MB", 1_048_576),
            ("KB", 1024), ("B", 1),
        ]
        for (suffix, scale) in units where trimmed.hasSuffix(suffix) {
            guard let value = Double(trimmed.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)),
                value > 0, value * scale <= 1_099_511_627_776
            else { return nil }
            return Int(value * scale)
        }
        guard let value = Int(trimmed), value > 0 else { return nil }
        return value
    }

    func readInputs() -> [InputSpec] {
        var inputs: [InputSpec] = []
        for pair in inputNodes {
            guard let name = pair.key.string else { continue }
            checkIdentifier(name, at: pair.key.location, what: "input name")
            var spec = InputSpec(name: name, paths: [], location: pair.key.location)
            if pair.value.mapping == nil {
                // Shorthand: `design: design.md` or `specs: [api/a.yaml, api/b.yaml]`.
                spec.paths = pair.value.expectStrings(for: name, log: log) ?? []
            } else if let reader = MappingReader(
                pair.value, keys: RubricLoader.inputKeys, context: "input '\(name)'", log: log)
            {
                spec.paths = reader.strings("paths", required: true) ?? []
                spec.format = reader.string("format") ?? "auto"
                let formats = loader.registry.formats
                if !formats.isEmpty, !formats.contains(spec.format) {
                    log.error(
                        at: reader.node("format")?.location,
                        "unknown format '\(spec.format)'\(Suggestion.didYouMean(spec.format, in: formats, orList: formats))"
                    )
                }
                spec.required = reader.bool("required") ?? true
                spec.many = reader.bool("many") ?? false
                if let node = reader.node("max_size") {
                    if let bytes = node.string.flatMap(LoadSession.byteSize) {
                        spec.maxBytes = bytes
                    } else {
                        log.error(
                            at: node.location,
                            "expected a size such as '2GB', '512MB' or a number of bytes for 'max_size', found '\(node.string ?? "")'"
                        )
                    }
                }
            }
            for pattern in spec.paths {
                if let problem = Glob(pattern).problem { log.error(at: pair.value.location, problem) }
            }
            if let index = inputs.firstIndex(where: { $0.name == name }) {
                inputs[index] = spec  // the rubric's own declaration overrides an extended one
            } else {
                inputs.append(spec)
            }
        }
        return inputs
    }

    /// One plugin per name; the rubric's own declaration replaces an extended one, as for inputs.
    func readPlugins() -> [PluginSpec] {
        var byName: [String: PluginSpec] = [:]
        var order: [String] = []
        for spec in readPluginDeclarations() {
            if byName[spec.name] == nil { order.append(spec.name) }
            byName[spec.name] = spec
        }
        return order.compactMap { byName[$0] }
    }

    func readPluginDeclarations() -> [PluginSpec] {
        pluginNodes.compactMap { pair, directory in
            guard let name = pair.key.string,
                let reader = MappingReader(
                    pair.value, keys: RubricLoader.pluginKeys, context: "plugin '\(name)'", log: log)
            else { return nil }
            let exec = reader.strings("exec")
            let wasm = reader.string("wasm")
            if (exec == nil) == (wasm == nil) {
                log.error(at: pair.value.location, "plugin '\(name)' needs exactly one of 'exec' or 'wasm'")
            }
            if let exec, exec.isEmpty {
                log.error(at: reader.node("exec")?.location, "'exec' of plugin '\(name)' is empty")
            }
            return PluginSpec(
                name: name, exec: exec, wasm: wasm,
                timeout: reader.node("timeout").flatMap { readDuration($0, key: "timeout") },
                location: pair.key.location, directory: directory)
        }
    }

    func readObjectives() -> [Objective] {
        var objectives: [Objective] = []
        for node in objectiveNodes {
            guard let reader = MappingReader(node, keys: ["id", "text"], context: "an objective", log: log),
                let id = reader.string("id", required: true), let text = reader.string("text", required: true)
            else { continue }
            if objectives.contains(where: { $0.id == id }) {
                log.error(at: reader.node("id")?.location, "duplicate objective id '\(id)'")
            }
            objectives.append(Objective(id: id, text: text))
        }
        return objectives
    }

    mutating func readCriteria(
        inputs: [InputSpec], plugins: [PluginSpec], objectives: [Objective],
        defaultTimeout: Duration?
    ) -> [Criterion] {
        var criteria: [Criterion] = []
        var seen: [String: SourceLocation] = [:]
        for node in criterionNodes {
            let label = node["id"]?.string.map { "criterion '\($0)'" } ?? "a criterion"
            guard let reader = MappingReader(node, keys: RubricLoader.criterionKeys, context: label, log: log) else {
                continue
            }
            let id = reader.string("id", required: true)
            if let id, let idNode = reader.node("id") {
                checkIdentifier(id, at: idNode.location, what: "criterion id")
                if let first = seen[id] {
                    log.error(
                        at: idNode.location,
                        "duplicate criterion id '\(id)' (first used at \(first.file):\(first.line):\(first.column))")
                } else {
                    seen[id] = idNode.location
                }
            }
            let weight = reader.double("weight") ?? 1
            if weight <= 0 {
                log.error(at: reader.node("weight")?.location, "weight must be above 0, found \(weight.compact)")
            }
            let visibility: Visibility
            if let text = reader.string("visibility") {
                visibility = Visibility(rawValue: text) ?? .visible
                if Visibility(rawValue: text) == nil {
                    log.error(
                        at: reader.node("visibility")?.location,
                        "visibility must be one of visible, hidden, after_due_date, after_published; found '\(text)'\(Suggestion.didYouMean(text, in: Visibility.allCases.map(\.rawValue)))"
                    )
                }
            } else {
                visibility = .visible
            }
            let covers = reader.strings("covers") ?? []
            if let coversNode = reader.node("covers") {
                for objective in covers where !objectives.contains(where: { $0.id == objective }) {
                    log.error(
                        at: coversNode.location,
                        "criterion covers unknown objective '\(objective)'\(Suggestion.didYouMean(objective, in: objectives.map(\.id)))"
                    )
                }
            }
            let timeout = reader.node("timeout").flatMap { readDuration($0, key: "timeout") } ?? defaultTimeout
            let input = reader.string("input")
            if let input, inputs.first(where: { $0.name == input }) == nil, loader.fragment {
                if !expectedInputs.contains(input) { expectedInputs.append(input) }
            } else if let input, inputs.first(where: { $0.name == input }) == nil {
                let names = inputs.map(\.name)
                log.error(
                    at: reader.node("input")?.location,
                    "\(label) reads input '\(input)', which 'inputs' does not declare\(Suggestion.didYouMean(input, in: names))"
                )
            }
            if reader.node("hint") == nil {
                log.warning(at: node.location, "\(label) has no 'hint' to tell a learner what to do")
            }
            guard let kind = reader.string("grader", required: true), let graderNode = reader.node("grader") else {
                continue
            }
            guard
                let grader = makeGrader(
                    kind: kind, at: graderNode, options: reader.node("with"), plugins: plugins, label: label,
                    criterion: CriterionInfo(id: id ?? "", title: reader.string("title") ?? id ?? "", weight: weight))
            else { continue }
            let type = Swift.type(of: grader)
            if type.description.needsInput, input == nil {
                log.error(at: graderNode.location, "grader '\(kind)' reads files: \(label) needs an 'input'")
            }
            guard let id else { continue }
            criteria.append(
                Criterion(
                    id: id, title: reader.string("title") ?? id, description: reader.string("description"),
                    weight: weight,
                    required: reader.bool("required") ?? false, visibility: visibility, hint: reader.string("hint"),
                    input: input, covers: covers, timeout: timeout, graderKind: kind, grader: grader,
                    location: node.location, options: reader.node("with")))
        }
        return criteria
    }

    mutating func makeGrader(
        kind: String, at node: YAMLNode, options: YAMLNode?, plugins: [PluginSpec], label: String,
        criterion: CriterionInfo
    ) -> (any Grader)? {
        if kind.hasPrefix("plugin:") {
            let name = String(kind.dropFirst("plugin:".count))
            if let spec = plugins.first(where: { $0.name == name }) {
                guard let host = loader.plugins else {
                    log.error(at: node.location, "plugin graders ('\(kind)') need a plugin host; this program has none")
                    return nil
                }
                if loader.describePlugins {
                    for problem in host.describe(spec, options: options, criterion: criterion) {
                        log.error(at: (options ?? node).location, "plugin '\(name)': \(problem)")
                    }
                }
                do {
                    return try host.grader(for: spec, options: options, criterion: criterion)
                } catch {
                    log.append(
                        contentsOf: error.diagnostics.map { diagnostic in
                            var located = diagnostic
                            if located.location == nil { located.location = (options ?? node).location }
                            return located
                        })
                    return nil
                }
            } else {
                log.error(
                    at: node.location,
                    "unknown plugin '\(name)': declare it under 'plugins'\(Suggestion.didYouMean(name, in: plugins.map(\.name)))"
                )
            }
            return nil
        }
        guard let type = loader.registry[kind] else {
            log.error(
                at: node.location, "unknown grader '\(kind)'\(Suggestion.didYouMean(kind, in: loader.registry.kinds))")
            return nil
        }
        // With no `with:`, graders get an empty mapping placed at the `grader:` line, so that a
        // missing required option points there.
        let optionsNode = options ?? YAMLNode(.mapping([], .flow), at: node.location)
        let files = readRubricFiles(for: type.description, in: optionsNode)
        do {
            return try type.configured(from: optionsNode, files: files)
        } catch {
            log.append(contentsOf: error.diagnostics)
            return nil
        }
    }
}
