import ArgumentParser
import AssessCore
import AssessReporters
import Foundation

/// What the shell completes for Assess's options: folders for a submission or cohort, the
/// format names for `--format`, and for `--rubric` the rubric ids found under the rubrics
/// folder (`--rubrics`, default `Rubrics/`) as well as YAML files.
enum ShellCompletion {
    static let formats = CompletionKind.list(ReporterCatalogue.identifiers)

    static let rubric = CompletionKind.custom { words, _, prefix in
        rubricIds(in: rubricsFolder(words)).filter { $0.hasPrefix(prefix) }
            + yamlFiles(matching: prefix)
    }

    /// The value of `--rubrics` on the command line so far, else `Rubrics`.
    static func rubricsFolder(_ words: [String]) -> String {
        if let index = words.firstIndex(of: "--rubrics"), index + 1 < words.count { return words[index + 1] }
        if let joined = words.first(where: { $0.hasPrefix("--rubrics=") }) {
            return String(joined.dropFirst("--rubrics=".count))
        }
        return "Rubrics"
    }

    /// The `rubric:` id of every `.yaml`/`.yml` file under `folder`, sorted. Only each file's
    /// top-level `rubric:` line is read: completion must answer at once.
    static func rubricIds(in folder: String) -> [String] {
        let files = FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? []
        var ids = Set<String>()
        for file in files where file.hasSuffix(".yaml") || file.hasSuffix(".yml") {
            guard let text = try? String(contentsOfFile: folder + "/" + file, encoding: .utf8) else { continue }
            for line in text.lines.prefix(80) where line.hasPrefix("rubric:") {
                let value = line.dropFirst("rubric:".count).split(separator: "#").first ?? ""
                let id = value.trimmingCharacters(in: .whitespaces).trimmingCharacters(
                    in: CharacterSet(charactersIn: "\"'"))
                if !id.isEmpty { ids.insert(id) }
            }
        }
        return ids.sorted()
    }

    /// Folders (with a trailing `/`) and YAML files that start with `prefix`.
    static func yamlFiles(matching prefix: String) -> [String] {
        let folder = prefix.contains("/") ? String(prefix[..<prefix.lastIndex(of: "/")!]) : ""
        let listing = (try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder)) ?? []
        return listing.sorted().compactMap { name -> String? in
            let path = folder.isEmpty ? name : folder + "/" + name
            guard path.hasPrefix(prefix), !name.hasPrefix(".") || prefix.hasSuffix(".") else { return nil }
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            if isDirectory.boolValue { return path + "/" }
            return name.hasSuffix(".yaml") || name.hasSuffix(".yml") ? path : nil
        }
    }
}
