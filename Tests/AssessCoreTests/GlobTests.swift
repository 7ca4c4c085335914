import AssessCore
import Testing

@Suite struct GlobTests {
    @Test(arguments: [
        ("design.md", "design.md", true),
        ("*.md", "design.md", true),
        ("*.md", "docs/design.md", false),
        ("**/*.md", "design.md", true),
        ("**/*.md", "docs/adr/0001.md", true),
        ("api/**/*.yaml", "api/v1/orders.yaml", true),
        ("api/**/*.yaml", "api/orders.yaml", true),
        ("api/**/*.yaml", "apis/orders.yaml", false),
        ("results/*summary*.json", "results/k6-summary-final.json", true),
        ("adr/000?-*.md", "adr/0007-use-kafka.md", true),
        ("adr/000?-*.md", "adr/0010-x.md", false),
        ("*.{yaml,yml}", "spec.yml", true),
        ("{docs,design}/*.md", "design/a.md", true),
        ("{docs,design}/*.md", "other/a.md", false),
        ("[a-c]*.txt", "b1.txt", true),
        ("[!a-c]*.txt", "b1.txt", false),
    ])
    func matches(_ pattern: String, _ path: String, _ expected: Bool) {
        #expect(Glob(pattern).matches(path) == expected, "\(pattern) vs \(path)")
    }

    @Test func patternsThatLeaveTheSubmissionAreProblems() {
        #expect(Glob("../x.md").problem != nil)
        #expect(Glob("/etc/passwd").problem != nil)
        #expect(Glob("docs/{a,../b}.md").problem != nil)
        #expect(Glob("docs/*.md").problem == nil)
    }
}
