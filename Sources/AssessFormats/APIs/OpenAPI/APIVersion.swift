public import AssessYAML

/// The version an API announces: its semantic `info.version` and the `/vN` prefix its paths share.
public enum APIVersion {
    /// The major version: from a `/vN` path prefix shared by every path, else from `info.version`.
    public static func major(of root: YAMLNode) -> Int? {
        let prefixes = Set((root["paths"]?.mapping ?? []).compactMap { pathMajor($0.key.scalarText ?? "") })
        if prefixes.count == 1 { return prefixes.first }
        return root["info"]?["version"]?.scalarText.flatMap(Semver.init)?.major
    }

    /// `3` for `/v3/orders` or `/api/v3/orders`.
    public static func pathMajor(_ path: String) -> Int? {
        for segment in path.split(separator: "/").prefix(3) {
            if segment.count > 1, segment.first == "v" || segment.first == "V", let n = Int(segment.dropFirst()) {
                return n
            }
        }
        return nil
    }
}

/// `MAJOR.MINOR.PATCH[-pre][+build]` (semver.org 2.0.0).
public struct Semver: Sendable, Hashable {
    public var major: Int
    public var minor: Int
    public var patch: Int

    public init?(_ text: String) {
        var core = Substring(text)
        if let cut = core.firstIndex(where: { $0 == "-" || $0 == "+" }) { core = core[..<cut] }
        let parts = core.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let a = Int(parts[0]), let b = Int(parts[1]), let c = Int(parts[2]),
            parts.allSatisfy({ $0 == "0" || !$0.hasPrefix("0") })
        else { return nil }
        (major, minor, patch) = (a, b, c)
    }
}
