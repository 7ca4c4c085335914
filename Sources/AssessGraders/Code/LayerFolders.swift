import AssessFormats

/// Where a service's layers are when a rubric names them by folder rather than by path: a
/// layer is a folder with one of its names anywhere under a service, as Gradle and Maven
/// (`src/main/kotlin/com/acme/ordering/domain`), Go (`internal/core/domain`), .NET
/// (`Ordering.Domain/`) and Python packages (`ordering/domain/`) lay them out.
///
/// A reviewer finds the layers where they sit side by side: a *layer root* is a folder that
/// holds the folders of at least two different layers (`…/ordering/` holding `domain/`,
/// `application/` and `adapters/`). A file belongs to the layer of the folder just below the
/// shallowest layer root above it, so `adapters/web/dto/model/` stays in the adapters however
/// its deeper folders are named. Only where no folder holds two layers does a single layer
/// folder count on its own.
struct LayerFolders: Sendable {
    /// Layer name → its folder names, normalised (`usecases` for `use-cases`, `use_cases`).
    let folders: [(layer: String, names: Set<String>)]
    /// Layer roots, as normalised folder-segment lists, shallowest first.
    let roots: [[String]]
    /// Every folder of the input with dotted names split (`src/Ordering.Domain` → `src/ordering/domain`),
    /// mapped to the folder as written: where module imports are looked up.
    let directories: [String: String]
    /// Each layer root as written in the submission, for messages.
    let rootPaths: [String]

    /// Folders that hold tests, whose imports (fixtures, fakes) are not the layering, and
    /// folders of dependencies and build output, which are no one's design.
    static let leftOutFolders: Set<String> = [
        "test", "tests", "__tests__", "testfixtures", "integrationtest", "androidtest", "spec", "specs", "testing",
        "nodemodules", "vendor", "build", "target", "bin", "obj", "dist", "venv", "gradle",
    ]

    init(layers: [(name: String, folders: [String])], files: [String]) {
        let folders = layers.map { (layer: $0.name, names: Set($0.folders.map(Self.normalize))) }
        self.folders = folders
        var children: [[String]: Set<String>] = [:]
        var written: [[String]: String] = [:]
        var directories: [String: String] = [:]
        for file in files where !Self.isTest(file) {
            let original = file.split(separator: "/").dropLast().map(String.init)
            let segments = original.map(Self.normalize)
            for depth in segments.indices {
                let parent = Array(segments[..<depth])
                written[parent] = original[..<depth].joined(separator: "/")
                let folder = original[...depth].joined(separator: "/")
                let expanded = original[...depth].flatMap { $0.split(separator: ".").map { Self.normalize(String($0)) } }
                directories[expanded.joined(separator: "/")] = folder
                if let layer = Self.layer(named: segments[depth], in: folders) {
                    children[parent, default: []].insert(layer)
                }
            }
        }
        var roots = children.filter { $0.value.count >= 2 }.map(\.key)
        if roots.isEmpty { roots = Array(children.keys) }
        // A root inside another (`internal/core` holding `domain/` and `ports/` within `internal/`)
        // never decides a file's layer: the outer one is met first.
        let sorted = roots.sorted { $0.count != $1.count ? $0.count < $1.count : $0.lexicographicallyPrecedes($1) }
            .reduce(into: [[String]]()) { kept, root in
                if !kept.contains(where: { root.count > $0.count && Array(root[..<$0.count]) == $0 }) { kept.append(root) }
            }
        self.roots = sorted
        rootPaths = sorted.map { written[$0].map { $0.isEmpty ? "." : $0 } ?? "." }
        self.directories = directories
    }

    /// The layer of a file (or of a folder, or of a path without its extension), nil when it
    /// lies in no layer or is left out (a test, a dependency, build output).
    func layer(ofPath path: String, isDirectory: Bool = false) -> String? {
        guard !Self.isTest(path) else { return nil }
        let segments = isDirectory ? Self.segments(path) : Self.directorySegments(path)
        for root in roots where segments.count > root.count && Array(segments[..<root.count]) == root {
            if let layer = Self.layer(named: segments[root.count], in: folders) { return layer }
        }
        return nil
    }

    /// The layer a module import (`com.acme.ordering.domain.Order`, `github.com/acme/shop/internal/core`)
    /// lands in: the shallowest of its names that is a layer folder of this input, found with
    /// the name before it (`ordering/domain`), so a library's `javax.persistence` or
    /// `org.springframework.web` is no adapter of ours.
    func layer(ofModule pathLike: String) -> String? {
        let segments = pathLike.split(separator: "/").flatMap { $0.split(separator: ".") }.map {
            Self.normalize(String($0))
        }
        for index in segments.indices where Self.layer(named: segments[index], in: folders) != nil {
            let run = segments[max(0, index - 1)...index].joined(separator: "/")
            let holder = directories.keys.filter { $0 == run || $0.hasSuffix("/" + run) }.min {
                $0.count != $1.count ? $0.count < $1.count : $0 < $1
            }
            if let holder, let folder = directories[holder], let layer = layer(ofPath: folder, isDirectory: true) {
                return layer
            }
        }
        return nil
    }

    static func layer(named segment: String, in folders: [(layer: String, names: Set<String>)]) -> String? {
        folders.first { $0.names.contains(segment) }?.layer
    }

    static func isTest(_ path: String) -> Bool {
        let parts = path.split(separator: "/").map { $0.lowercased() }
        if parts.dropLast().contains(where: { leftOutFolders.contains(normalize($0)) }) { return true }
        let name = parts.last ?? ""
        return name.hasSuffix("_test.go") || name.contains(".test.") || name.contains(".spec.")
            || name.hasPrefix("test_") || name.hasSuffix("_test.py")
    }

    /// A folder name as layers are compared: lower case, `-` and `_` dropped, and of a dotted
    /// .NET project name (`Ordering.Domain`) its last part.
    static func normalize(_ segment: String) -> String {
        let last = segment.split(separator: ".").last.map(String.init) ?? segment
        return last.lowercased().filter { $0 != "-" && $0 != "_" }
    }

    static func segments(_ path: String) -> [String] {
        path.split(separator: "/").map { normalize(String($0)) }
    }

    static func directorySegments(_ path: String) -> [String] {
        Array(segments(path).dropLast())
    }
}
