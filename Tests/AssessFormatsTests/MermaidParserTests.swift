import AssessFormats
import AssessYAML
import Testing

/// Diagrams start at line 10 of `doc.md`, column 1, so every location below is `doc.md:<10 + line index>:<column>`.
private func parse(_ source: String, line: Int = 10, column: Int = 1) -> MermaidDiagram {
    MermaidParser.parse(source, start: SourceLocation(file: "doc.md", line: line, column: column))
}

private func at(_ line: Int, _ column: Int) -> String { "doc.md:\(line):\(column)" }

/// Edges as `from>to` strings, for compact exact comparisons.
private func pairs(_ diagram: MermaidDiagram) -> [String] { diagram.edges.map { "\($0.from)>\($0.to)" } }

/// All Mermaid parser suites, so `--filter MermaidParserTests` runs them together.
@Suite struct MermaidParserTests {}

extension MermaidParserTests {
    @Suite struct Header {
        @Test(arguments: [
            ("graph TD", MermaidDiagram.Kind.flowchart, "graph"),
            ("graph", .flowchart, "graph"),
            ("flowchart LR", .flowchart, "flowchart"),
            ("flowchart-elk TB", .flowchart, "flowchart-elk"),
            ("sequenceDiagram", .sequence, "sequenceDiagram"),
            ("C4Context", .c4, "C4Context"),
            ("C4Container", .c4, "C4Container"),
            ("C4Component", .c4, "C4Component"),
            ("C4Dynamic", .c4, "C4Dynamic"),
            ("C4Deployment", .c4, "C4Deployment"),
            ("erDiagram", .other, "erDiagram"),
            ("stateDiagram-v2", .other, "stateDiagram-v2"),
        ])
        func headerKeywordChoosesTheKind(_ header: String, _ kind: MermaidDiagram.Kind, _ type: String) {
            let diagram = parse(header + "\n")
            #expect(diagram.kind == kind)
            #expect(diagram.type == type)
            #expect(diagram.isParsed == (kind != .other))
            #expect(diagram.problems.isEmpty)
            #expect(diagram.location == SourceLocation(file: "doc.md", line: 10, column: 1))
        }

        @Test func unknownDiagramTypeIsKeptUnparsed() {
            let diagram = parse(
                """
                erDiagram
                    CUSTOMER ||--o{ ORDER : places
                    ORDER ||--|{ LINE-ITEM : contains
                """)
            #expect(diagram.kind == .other)
            #expect(diagram.type == "erDiagram")
            #expect(!diagram.isParsed)
            #expect(diagram.nodes.isEmpty && diagram.edges.isEmpty && diagram.groups.isEmpty)
            #expect(diagram.problems.isEmpty)
        }

        @Test func frontMatterDirectivesAndCommentsBeforeTheHeaderAreSkipped() {
            let diagram = parse(
                """

                ---
                title: Checkout
                config:
                  theme: forest
                ---
                %%{init: {"flowchart": {"curve": "basis"}}}%%
                %%{
                  init: {"theme": "dark"}
                }%%
                %% the checkout flow
                flowchart LR
                    Cart --> Pay
                """)
            #expect(diagram.kind == .flowchart)
            #expect(diagram.type == "flowchart")
            #expect(diagram.nodes.map(\.id) == ["Cart", "Pay"])
            #expect(diagram.edges.first?.location.description == at(22, 5))
            #expect(diagram.problems.isEmpty)
        }

        @Test func emptySourceIsOtherWithAProblem() {
            let diagram = parse("\n  \n%% only a comment\n")
            #expect(diagram.kind == .other)
            #expect(diagram.type == "")
            #expect(!diagram.isParsed)
            #expect(
                diagram.problems.map(\.description) == [
                    "doc.md:10:1: warning: the diagram is empty: no diagram type line"
                ])
        }

        @Test func unclosedFrontMatterIsAProblem() {
            let diagram = parse("---\ntitle: x\nflowchart LR\nA-->B\n")
            #expect(diagram.kind == .other)
            #expect(
                diagram.problems.map(\.description) == [
                    "doc.md:10:1: warning: front matter opened with '---' is never closed"
                ])
        }
    }
}

extension MermaidParserTests {
    @Suite struct Flowchart {
        @Test(arguments: [
            ("A", "default", "A"),
            ("A[Label]", "rect", "Label"),
            ("A(Label)", "round", "Label"),
            ("A([Label])", "stadium", "Label"),
            ("A[[Label]]", "subroutine", "Label"),
            ("A[(Label)]", "cylinder", "Label"),
            ("A((Label))", "circle", "Label"),
            ("A>Label]", "asymmetric", "Label"),
            ("A{Label}", "rhombus", "Label"),
            ("A{{Label}}", "hexagon", "Label"),
            ("A[/Label/]", "parallelogram", "Label"),
            (#"A[\Label\]"#, "parallelogram-alt", "Label"),
            (#"A[/Label\]"#, "trapezoid", "Label"),
            (#"A[\Label/]"#, "trapezoid-alt", "Label"),
            ("A(((Label)))", "double-circle", "Label"),
            ("A[ Spaced  label ]", "rect", "Spaced label"),
            (#"A["Label with (parens)"]"#, "rect", "Label with (parens)"),
            (#"A(["Quoted [stadium]"])"#, "stadium", "Quoted [stadium]"),
            (#"A["Line one<br/>line two<br>three<BR />four"]"#, "rect", "Line one line two three four"),
            ("A[Unquoted<br/>break]", "rect", "Unquoted break"),
            (#"A["`**Bold** text`"]"#, "rect", "Bold text"),
            (#"A["A #quot;quote#quot; and #35;1"]"#, "rect", #"A "quote" and #1"#),
            (#"A@{ shape: cyl, label: "Orders, DB" }"#, "cylinder", "Orders, DB"),
            ("A@{ shape: docs }", "docs", ""),
            ("A:::hot", "default", "A"),
            ("A[Label]:::hot", "rect", "Label"),
            ("A[/Label]", "rect", "/Label"),
        ])
        func nodeShapes(_ statement: String, _ kind: String, _ label: String) throws {
            let diagram = parse("flowchart TD\n    \(statement)\n")
            #expect(diagram.problems.isEmpty)
            let node = try #require(diagram.nodes.first)
            #expect(diagram.nodes.count == 1)
            #expect(node.id == "A")
            #expect(node.kind == kind)
            #expect(node.label == label)
            #expect(node.location.description == at(11, 5))
        }

        @Test func markdownStringMaySpanLines() throws {
            let diagram = parse(
                """
                flowchart LR
                    A["`The **cat**
                      in the hat`"] --> B
                    B --> C
                """)
            #expect(diagram.problems.isEmpty)
            #expect(diagram.node(named: "A")?.label == "The cat in the hat")
            #expect(diagram.edges.map(\.location.description) == [at(11, 5), at(13, 5)])
        }

        @Test(arguments: [
            ("-->", true), ("---", true), ("-.->", true), ("-.-", true), ("==>", true), ("===", true), ("--o", true),
            ("--x", true), ("<-->", true), ("o--o", false), ("x--x", false), ("~~~", true), ("--->", true),
            ("====>", true), ("-..->", true), ("<-.->", true), ("<==>", true), ("---->", true), ("----", true),
        ])
        func arrows(_ arrow: String, _ alsoWithoutSpaces: Bool) throws {
            var forms = ["A \(arrow) B"]
            if alsoWithoutSpaces { forms.append("A\(arrow)B") }
            for form in forms {
                let diagram = parse("graph LR\n\(form)\n")
                #expect(diagram.problems.isEmpty, "\(form)")
                #expect(diagram.nodes.map(\.id) == ["A", "B"], "\(form)")
                let edge = try #require(diagram.edges.first)
                #expect(diagram.edges.count == 1)
                #expect(edge.from == "A" && edge.to == "B", "\(form)")
                #expect(edge.arrow == arrow, "\(form)")
                #expect(edge.label == nil, "\(form)")
                #expect(edge.location.description == at(11, 1))
            }
        }

        @Test(arguments: [
            ("A -->|calls| B", "-->", "calls"),
            ("A-->|calls|B", "-->", "calls"),
            ("A --> |calls| B", "-->", "calls"),
            (#"A -->|"uses (HTTP)"| B"#, "-->", "uses (HTTP)"),
            ("A ---|plain| B", "---", "plain"),
            ("A -.->|maybe| B", "-.->", "maybe"),
            ("A -- sends events --> B", "-->", "sends events"),
            ("A--sends-->B", "-->", "sends"),
            ("A -- read-only --- B", "---", "read-only"),
            ("A -- fails --x B", "--x", "fails"),
            ("A -. maybe later .-> B", "-.->", "maybe later"),
            ("A -. optional .- B", "-.-", "optional"),
            ("A == main path ==> B", "==>", "main path"),
            ("A == strong === B", "===", "strong"),
            ("A <-- both ways --> B", "<-->", "both ways"),
            ("A -->|a<br/>b| B", "-->", "a b"),
        ])
        func edgeText(_ statement: String, _ arrow: String, _ label: String) throws {
            let diagram = parse("flowchart LR\n  \(statement)\n")
            #expect(diagram.problems.isEmpty)
            #expect(diagram.nodes.map(\.id) == ["A", "B"])
            let edge = try #require(diagram.edges.first)
            #expect(diagram.edges.count == 1)
            #expect(edge.from == "A" && edge.to == "B")
            #expect(edge.arrow == arrow)
            #expect(edge.label == label)
            #expect(edge.location.description == at(11, 3))
        }

        @Test func chainsAndAmpersands() {
            let diagram = parse(
                """
                flowchart LR
                    A --> B --> C
                    A & B --> C & D
                    E -->|x| F & G -.-> H
                """)
            #expect(diagram.problems.isEmpty)
            #expect(diagram.nodes.map(\.id) == ["A", "B", "C", "D", "E", "F", "G", "H"])
            #expect(pairs(diagram) == ["A>B", "B>C", "A>C", "A>D", "B>C", "B>D", "E>F", "E>G", "F>H", "G>H"])
            #expect(diagram.edges.map(\.label) == [nil, nil, nil, nil, nil, nil, "x", "x", nil, nil])
            #expect(
                diagram.edges.map(\.arrow) == ["-->", "-->", "-->", "-->", "-->", "-->", "-->", "-->", "-.->", "-.->"])
            #expect(diagram.edges.map(\.location.line) == [11, 11, 12, 12, 12, 12, 13, 13, 13, 13])
            #expect(diagram.edges.allSatisfy { $0.location.column == 5 })
        }

        @Test func aLabelIsKeptAcrossBareMentionsAndReplacedByALaterShape() throws {
            let diagram = parse(
                """
                flowchart LR
                    A[Gateway] --> B
                    B --> A
                    A
                    B(Orders)
                """)
            #expect(diagram.problems.isEmpty)
            let a = try #require(diagram.node(named: "A"))
            let b = try #require(diagram.node(named: "b"))
            #expect(
                a
                    == MermaidNode(
                        id: "A", label: "Gateway", kind: "rect",
                        location: SourceLocation(file: "doc.md", line: 11, column: 5)))
            #expect(
                b
                    == MermaidNode(
                        id: "B", label: "Orders", kind: "round",
                        location: SourceLocation(file: "doc.md", line: 11, column: 5)))
            #expect(diagram.node(named: " gateway ")?.id == "A")
            #expect(diagram.node(named: "orders")?.id == "B")
            #expect(diagram.node(named: "nowhere") == nil)
        }

        @Test func idsWithHyphensDotsAndNoSpaces() {
            let diagram = parse(
                """
                graph TD
                    api-gateway-->order-service
                    order-service-.->events.bus
                    x1==>y_2;y_2---z-3
                """)
            #expect(diagram.problems.isEmpty)
            #expect(diagram.nodes.map(\.id) == ["api-gateway", "order-service", "events.bus", "x1", "y_2", "z-3"])
            #expect(pairs(diagram) == ["api-gateway>order-service", "order-service>events.bus", "x1>y_2", "y_2>z-3"])
            #expect(diagram.edges.map(\.arrow) == ["-->", "-.->", "==>", "---"])
        }

        @Test func semicolonsSplitStatementsAndEachKeepsItsColumn() {
            let diagram = parse("graph TD;A-->B;\nB-->C;C-->D[a;b]\n")
            #expect(diagram.problems.isEmpty)
            #expect(pairs(diagram) == ["A>B", "B>C", "C>D"])
            #expect(diagram.edges.map(\.location.description) == [at(10, 10), at(11, 1), at(11, 7)])
            #expect(diagram.node(named: "D")?.label == "a;b")
        }

        @Test func locationsStartFromTheGivenColumn() {
            let diagram = parse("flowchart LR\n  A --> B\n", line: 37, column: 5)
            #expect(diagram.edges.first?.location.description == at(38, 7))
            #expect(diagram.location.description == at(37, 5))
        }

        @Test func styleClassClickAndDirectionLinesAreIgnored() {
            let diagram = parse(
                """
                flowchart LR
                    %% a comment line
                    A:::hot --> B
                    style A fill:#f9f,stroke:#333;
                    classDef hot fill:#f96,stroke:#333
                    class A,B hot
                    click A "https://example.com" "Open"
                    click B callback
                    linkStyle 0 stroke:#ff3,stroke-width:4px
                    linkStyle default interpolate basis
                    accTitle: The title
                    accDescr: A description
                    accDescr {
                        A multi-line description --> not an edge
                    }
                    subgraph S
                        direction TB
                        C
                    end
                    A --> C %% trailing comment
                """)
            #expect(diagram.problems.isEmpty)
            #expect(diagram.nodes.map(\.id) == ["A", "B", "C"])
            #expect(pairs(diagram) == ["A>B", "A>C"])
            #expect(diagram.groups.map(\.members) == [["C"]])
        }

        @Test func subgraphsNestedAndTitled() throws {
            let diagram = parse(
                """
                flowchart TB
                    c1-->a2
                    subgraph one
                    a1-->a2
                    end
                    subgraph two [Second Group]
                    b1-->b2
                    end
                    subgraph three["Third (3)"]
                    c1-->c2
                    end
                    subgraph Title with spaces
                      subgraph inner
                        d1
                      end
                      d2 --> d1
                    end
                    one --> two
                    three --> two
                    two --> c2
                """)
            #expect(diagram.problems.isEmpty)
            #expect(diagram.nodes.map(\.id) == ["c1", "a2", "a1", "b1", "b2", "c2", "d1", "d2"])
            #expect(pairs(diagram) == ["c1>a2", "a1>a2", "b1>b2", "c1>c2", "d2>d1", "one>two", "three>two", "two>c2"])
            #expect(diagram.groups.map(\.id) == ["one", "two", "three", "subGraph4", "inner"])
            #expect(diagram.groups.map(\.title) == ["one", "Second Group", "Third (3)", "Title with spaces", "inner"])
            #expect(
                diagram.groups.map(\.members) == [
                    ["a1", "a2"], ["b1", "b2"], ["c1", "c2"], ["inner", "d2"], ["d1"],
                ])
            #expect(
                diagram.groups.map(\.location.description) == [at(12, 5), at(15, 5), at(18, 5), at(21, 5), at(22, 7)])
            let outer = try #require(diagram.group(named: "title with spaces"))
            #expect(diagram.allMembers(of: outer) == ["d1", "d2"])
            #expect(diagram.group(named: "Second Group")?.id == "two")
        }

        @Test func aNodeBelongsToTheFirstSubgraphThatClaimsIt() {
            let diagram = parse(
                """
                flowchart LR
                  subgraph a
                    A --> B
                  end
                  subgraph b
                    B --> C
                  end
                """)
            #expect(diagram.groups.map(\.members) == [["A", "B"], ["C"]])
        }

        @Test func unclosedSubgraphAndStrayEndAreProblems() {
            let diagram = parse(
                """
                flowchart LR
                  end
                  subgraph open
                    A --> B
                """)
            #expect(pairs(diagram) == ["A>B"])
            #expect(diagram.groups.map(\.members) == [["A", "B"]])
            #expect(
                diagram.problems.map(\.description) == [
                    "doc.md:11:3: warning: 'end' without an open subgraph",
                    "doc.md:12:3: warning: subgraph is not closed with 'end'",
                ])
        }

        @Test func edgeIDsAndEdgePropertyLines() {
            let diagram = parse(
                """
                flowchart LR
                  A e1@--> B
                  e1@{ animate: true }
                """)
            #expect(diagram.problems.isEmpty)
            #expect(diagram.nodes.map(\.id) == ["A", "B"])
            #expect(pairs(diagram) == ["A>B"])
        }

        @Test func oneBadLineYieldsTheRestAndOneProblem() {
            let diagram = parse(
                """
                flowchart LR
                    A --> B
                    C -->
                    B --> D
                """)
            #expect(diagram.nodes.map(\.id) == ["A", "B", "D"])
            #expect(pairs(diagram) == ["A>B", "B>D"])
            #expect(
                diagram.problems.map(\.description) == [
                    "doc.md:12:5: warning: could not read flowchart statement 'C -->': expected a node after the arrow '-->'"
                ])
            #expect(diagram.problems.first?.severity == .warning)
        }

        @Test(arguments: [
            ("A[open --> B", "the shape opened at '[open --> B' is not closed"),
            ("A -- text B", "the edge text after '--' is not closed with an arrow such as '-->'"),
            ("A -->|text B", "the edge text opened with '|' is not closed"),
            ("A B", "expected an arrow such as '-->' at 'B'"),
            ("--> B", "expected a node id at '--> B'"),
        ])
        func badStatementsSayWhy(_ statement: String, _ message: String) {
            let diagram = parse("flowchart LR\n\(statement)\n")
            #expect(diagram.nodes.isEmpty && diagram.edges.isEmpty)
            #expect(
                diagram.problems.map(\.description) == [
                    "doc.md:11:1: warning: could not read flowchart statement '\(statement)': \(message)"
                ])
        }

        /// The first diagram of the project's curriculum (seed/microservices-architect-learning-path.md,
        /// fence at line 36, its lines indented by 4 inside a list item).
        @Test func curriculumFlowchart() throws {
            let diagram = parse(curriculumSource, line: 37, column: 5)
            #expect(diagram.kind == .flowchart)
            #expect(diagram.problems.isEmpty)
            #expect(diagram.nodes.count == 10)
            #expect(
                diagram.nodes.map(\.id) == [
                    "Start", "Phase1", "Phase2", "Phase3", "Phase4", "F1", "C1", "D1", "O1", "Outcomes",
                ])
            #expect(diagram.nodes.allSatisfy { $0.kind == "rect" })
            #expect(
                pairs(diagram) == [
                    "Start>Phase1", "Phase1>Phase2", "Phase2>Phase3", "Phase3>Phase4",
                    "Phase1>F1", "Phase2>C1", "Phase3>D1", "Phase4>O1", "Phase4>Outcomes",
                ])
            #expect(diagram.edges.allSatisfy { $0.arrow == "-->" && $0.label == nil })
            let start = try #require(diagram.node(named: "Start"))
            #expect(start.label == "Assessment Microservices Readiness")
            #expect(start.location.description == "doc.md:38:9")
            #expect(diagram.node(named: "Phase3")?.label == "📊 Phase 3: Data & State 🟣 Expert Weeks 7-8")
            #expect(diagram.node(named: "Distributed Data & Consistency")?.id == "D1")
            #expect(
                diagram.node(named: "Outcomes")?.label
                    == "Expert Outcomes Lead 100+ Service Ecosystems Sub-100ms P99 Latency 99.99% Service Availability")
            #expect(diagram.edges.last?.location.description == "doc.md:50:9")
        }
    }
}

extension MermaidParserTests {
    @Suite struct Sequence {
        @Test func participantsMessagesAndBlocks() throws {
            let diagram = parse(
                """
                sequenceDiagram
                    autonumber
                    participant A as Alice
                    actor B as Bob<br/>Builder
                    participant C
                    A->>B: Hello
                    B-->>A: Hi
                    A->B: solid
                    A-->B: dotted
                    A-xB: cross
                    A--xB: dotted cross
                    A-)B: async
                    A--)B: dotted async
                    A->>+C: activate
                    C-->>-A: done
                    loop Every minute
                        A->>D: ping
                    end
                    alt ok
                        D->>A: pong
                    else failed
                        D-xA: error
                    end
                    Note right of A: a note
                    note over A,B: another
                    activate A
                    deactivate A
                    create participant E as Eve
                    A->>E: created
                    rect rgb(0, 255, 0)
                    A->>A: self
                    end
                    par first
                        A ->> B : spaced
                    and second
                        B->>A
                    end
                    title: Greeting
                """)
            #expect(diagram.kind == .sequence)
            #expect(diagram.problems.isEmpty)
            #expect(diagram.nodes.map(\.id) == ["A", "B", "C", "D", "E"])
            #expect(diagram.nodes.map(\.label) == ["Alice", "Bob Builder", "C", "D", "Eve"])
            #expect(diagram.nodes.map(\.kind) == ["participant", "actor", "participant", "participant", "participant"])
            #expect(
                diagram.nodes.map(\.location.description) == [at(12, 5), at(13, 5), at(14, 5), at(26, 9), at(37, 5)])
            #expect(
                pairs(diagram) == [
                    "A>B", "B>A", "A>B", "A>B", "A>B", "A>B", "A>B", "A>B", "A>C", "C>A", "A>D", "D>A", "D>A", "A>E",
                    "A>A",
                    "A>B", "B>A",
                ])
            #expect(
                diagram.edges.map(\.arrow) == [
                    "->>", "-->>", "->", "-->", "-x", "--x", "-)", "--)", "->>", "-->>", "->>", "->>", "-x", "->>",
                    "->>",
                    "->>", "->>",
                ])
            #expect(
                diagram.edges.map(\.label) == [
                    "Hello", "Hi", "solid", "dotted", "cross", "dotted cross", "async", "dotted async", "activate",
                    "done",
                    "ping", "pong", "error", "created", "self", "spaced", nil,
                ])
            #expect(diagram.edges[10].location.description == at(26, 9))
            #expect(diagram.groups.isEmpty)
        }

        @Test func boxesGroupTheirParticipants() {
            let diagram = parse(
                """
                sequenceDiagram
                    box Aqua Frontend Team
                    participant W as Web
                    actor U
                    end
                    box Backend
                    participant API
                    end
                    box rgb(33,66,99)
                    participant DB
                    end
                    box transparent Aqua
                    participant Q
                    end
                    W->>API: call
                """)
            #expect(diagram.problems.isEmpty)
            #expect(diagram.groups.map(\.id) == ["Frontend Team", "Backend", "box3", "Aqua"])
            #expect(diagram.groups.map(\.title) == ["Frontend Team", "Backend", "", "Aqua"])
            #expect(diagram.groups.map(\.members) == [["W", "U"], ["API"], ["DB"], ["Q"]])
            #expect(diagram.groups.map(\.location.line) == [11, 15, 18, 21])
            #expect(pairs(diagram) == ["W>API"])
        }

        @Test func participantDeclaredAfterUseTakesItsLabelAndKind() {
            let diagram = parse(
                "sequenceDiagram\nA->>B: hi\nactor B as Bob\nparticipant A@{ \"type\": \"database\" } as Store\n")
            #expect(diagram.problems.isEmpty)
            #expect(diagram.nodes.map(\.label) == ["Store", "Bob"])
            #expect(diagram.nodes.map(\.kind) == ["participant", "actor"])
            #expect(diagram.nodes.map(\.location.line) == [11, 11])
        }

        @Test func entityCodesAndSemicolons() {
            let diagram = parse("sequenceDiagram\nA->>B: I #9829; you#59; really;B->>A: ok\n")
            #expect(diagram.problems.isEmpty)
            #expect(diagram.edges.map(\.label) == ["I ♥ you; really", "ok"])
            #expect(diagram.edges.map(\.location.description) == [at(11, 1), at(11, 32)])
        }

        @Test func oneBadLineYieldsTheRestAndOneProblem() {
            let diagram = parse(
                """
                sequenceDiagram
                    A->>B: one
                    this is not a message
                    B->>A: two
                    end
                """)
            #expect(pairs(diagram) == ["A>B", "B>A"])
            #expect(
                diagram.problems.map(\.description) == [
                    "doc.md:12:5: warning: could not read sequence statement 'this is not a message': expected a message such as 'A->>B: text'",
                    "doc.md:14:5: warning: 'end' without an open block or box",
                ])
        }

        @Test func unclosedBlockIsAProblemButItsMessagesCount() {
            let diagram = parse("sequenceDiagram\nloop forever\nA->>B: ping\n")
            #expect(pairs(diagram) == ["A>B"])
            #expect(diagram.problems.map(\.description) == ["doc.md:11:1: warning: block is not closed with 'end'"])
        }
    }
}

extension MermaidParserTests {
    @Suite struct C4 {
        @Test func contextDiagramWithNestedBoundaries() throws {
            let diagram = parse(
                """
                C4Context
                  title System Context diagram for Internet Banking System
                  Enterprise_Boundary(b0, "BankBoundary0") {
                    Person(customerA, "Banking Customer A", "A customer of the bank, with personal bank accounts.")
                    Person_Ext(customerC, "Banking Customer C", "desc", $sprite="users")
                    System(SystemAA, "Internet Banking System", "Allows customers to view information, and make payments.")
                    Enterprise_Boundary(b1, "BankBoundary") {
                      SystemDb_Ext(SystemE, "Mainframe Banking System", "Stores all of the core banking information.")
                      System_Boundary(b2, "BankBoundary2") {
                        System(SystemA, "Banking System A")
                      }
                      Boundary(b3, "BankBoundary3", "boundary") {
                        SystemQueue(SystemF, "Banking System F Queue", "A system of the bank.")
                      }
                    }
                  }
                  BiRel(customerA, SystemAA, "Uses")
                  Rel(SystemAA, SystemE, "Uses")
                  Rel_Back(SystemE, SystemA, "Sends e-mails", "SMTP")
                  Rel_U(customerC, SystemAA, "Uses, daily", $tags="x")
                  Rel(SystemA, SystemF)
                  UpdateElementStyle(customerA, $fontColor="red", $bgColor="grey", $borderColor="red")
                  UpdateRelStyle(customerA, SystemAA, $textColor="blue", $lineColor="blue", $offsetX="5")
                  UpdateLayoutConfig($c4ShapeInRow="3", $c4BoundaryInRow="1")
                """)
            #expect(diagram.kind == .c4)
            #expect(diagram.type == "C4Context")
            #expect(diagram.problems.isEmpty)
            #expect(diagram.nodes.map(\.id) == ["customerA", "customerC", "SystemAA", "SystemE", "SystemA", "SystemF"])
            #expect(
                diagram.nodes.map(\.kind) == [
                    "Person", "Person_Ext", "System", "SystemDb_Ext", "System", "SystemQueue",
                ])
            #expect(diagram.nodes.map(\.label).first == "Banking Customer A")
            #expect(
                diagram.nodes.map(\.location.description) == [
                    at(13, 5), at(14, 5), at(15, 5), at(17, 7), at(19, 9), at(22, 9),
                ])
            #expect(diagram.groups.map(\.id) == ["b0", "b1", "b2", "b3"])
            #expect(diagram.groups.map(\.title) == ["BankBoundary0", "BankBoundary", "BankBoundary2", "BankBoundary3"])
            #expect(
                diagram.groups.map(\.members) == [
                    ["customerA", "customerC", "SystemAA", "b1"], ["SystemE", "b2", "b3"], ["SystemA"], ["SystemF"],
                ])
            #expect(diagram.groups.map(\.location.description) == [at(12, 3), at(16, 5), at(18, 7), at(21, 7)])
            #expect(
                diagram.allMembers(of: diagram.groups[0]) == [
                    "customerA", "customerC", "SystemAA", "SystemE", "SystemA", "SystemF",
                ])
            #expect(
                diagram.edges == [
                    MermaidEdge(
                        from: "customerA", to: "SystemAA", label: "Uses", arrow: "BiRel",
                        location: SourceLocation(file: "doc.md", line: 26, column: 3)),
                    MermaidEdge(
                        from: "SystemAA", to: "SystemE", label: "Uses", arrow: "Rel",
                        location: SourceLocation(file: "doc.md", line: 27, column: 3)),
                    MermaidEdge(
                        from: "SystemE", to: "SystemA", label: "Sends e-mails", arrow: "Rel_Back",
                        location: SourceLocation(file: "doc.md", line: 28, column: 3)),
                    MermaidEdge(
                        from: "customerC", to: "SystemAA", label: "Uses, daily", arrow: "Rel_U",
                        location: SourceLocation(file: "doc.md", line: 29, column: 3)),
                    MermaidEdge(
                        from: "SystemA", to: "SystemF", label: nil, arrow: "Rel",
                        location: SourceLocation(file: "doc.md", line: 30, column: 3)),
                ])
        }

        @Test func containerAndComponentMacros() {
            let diagram = parse(
                """
                C4Container
                    Person(user, User)
                    Container_Boundary(shop, "Shop") {
                        Container(spa, "Single-Page App", "JavaScript, Angular", "The UI")
                        ContainerDb(db, "Database", "PostgreSQL")
                        ContainerQueue(events, "Events", "Kafka")
                        Container_Ext(pay, "Payments")
                        Component(ctrl, "Sign In Controller", "Spring MVC")
                        ComponentDb(cache, "Cache")
                        SystemDb(legacy, "Legacy (old)")
                    }
                    Rel_D(user, spa, "Uses", "HTTPS")
                    Rel_Down(spa, ctrl, "Calls")
                    Rel_L(ctrl, db, "Reads")
                    Rel_Left(ctrl, cache, "")
                    Rel_R(ctrl, events, "Publishes")
                    Rel_Right(events, pay, "Triggers")
                    Rel_Up(pay, spa, "Notifies")
                    RelIndex(1, user, legacy, "Looks up")
                """)
            #expect(diagram.problems.isEmpty)
            #expect(
                diagram.nodes.map(\.kind) == [
                    "Person", "Container", "ContainerDb", "ContainerQueue", "Container_Ext", "Component", "ComponentDb",
                    "SystemDb",
                ])
            #expect(
                diagram.nodes.map(\.label) == [
                    "User", "Single-Page App", "Database", "Events", "Payments", "Sign In Controller", "Cache",
                    "Legacy (old)",
                ])
            #expect(diagram.groups.map(\.members) == [["spa", "db", "events", "pay", "ctrl", "cache", "legacy"]])
            #expect(
                diagram.edges.map(\.arrow) == [
                    "Rel_D", "Rel_Down", "Rel_L", "Rel_Left", "Rel_R", "Rel_Right", "Rel_Up", "RelIndex",
                ])
            #expect(
                pairs(diagram) == [
                    "user>spa", "spa>ctrl", "ctrl>db", "ctrl>cache", "ctrl>events", "events>pay", "pay>spa",
                    "user>legacy",
                ])
            #expect(
                diagram.edges.map(\.label) == [
                    "Uses", "Calls", "Reads", nil, "Publishes", "Triggers", "Notifies", "Looks up",
                ])
        }

        @Test func deploymentNodesAreNodesAndGroups() {
            let diagram = parse(
                """
                C4Deployment
                    Deployment_Node(mob, "Customer's mobile device", "Apple IOS or Android"){
                        Container(mobile, "Mobile App", "Xamarin", "Provides a subset, of the functionality.")
                    }
                    Deployment_Node(plc, "Big Bank plc", "Big Bank plc data center")
                    {
                        Node(dn, "bigbank-api x8", "Ubuntu 16.04 LTS") {
                            ContainerDb(db, "Database", "Oracle Database 12c")
                            ContainerQueue_Ext(q, "Events", "Kafka")
                        }
                        Node_L(spare, "Spare")
                    }
                    Rel(mobile, db, "Reads from and writes to", "JDBC")
                """)
            #expect(diagram.problems.isEmpty)
            #expect(diagram.nodes.map(\.id) == ["mob", "mobile", "plc", "dn", "db", "q", "spare"])
            #expect(
                diagram.nodes.map(\.kind) == [
                    "Deployment_Node", "Container", "Deployment_Node", "Node", "ContainerDb", "ContainerQueue_Ext",
                    "Node_L",
                ])
            #expect(diagram.groups.map(\.id) == ["mob", "plc", "dn"])
            #expect(diagram.groups.map(\.members) == [["mobile"], ["dn", "spare"], ["db", "q"]])
            #expect(diagram.groups.map(\.location.line) == [11, 14, 16])
            #expect(diagram.allMembers(of: diagram.groups[1]) == ["dn", "db", "q", "spare"])
            #expect(pairs(diagram) == ["mobile>db"])
        }

        @Test func oneBadLineYieldsTheRestAndOneProblem() {
            let diagram = parse(
                """
                C4Context
                    System(a, "A")
                    Frobnicate(a, b)
                    System(b, "B")
                    Rel(a, b, "Uses")
                """)
            #expect(diagram.nodes.map(\.id) == ["a", "b"])
            #expect(pairs(diagram) == ["a>b"])
            #expect(
                diagram.problems.map(\.description) == [
                    "doc.md:12:5: warning: could not read C4 statement 'Frobnicate(a, b)': unknown C4 macro 'Frobnicate'"
                ])
        }

        @Test(arguments: [
            (
                #"System(a, "A""#,
                "could not read C4 statement 'System(a, \"A\"': the argument list is not closed with ')'"
            ),
            ("Rel(a)", "could not read C4 statement 'Rel(a)': Rel needs a from and a to alias"),
            ("System()", "could not read C4 statement 'System()': System needs an alias"),
            (
                "just words",
                "could not read C4 statement 'just words': expected a macro such as 'System(alias, \"Label\")'"
            ),
            ("}", "'}' without an open boundary"),
            ("System_Boundary(s, \"S\") {", "boundary 's' is not closed with '}'"),
        ])
        func badStatementsSayWhy(_ statement: String, _ message: String) {
            let diagram = parse("C4Context\n\(statement)\n")
            #expect(diagram.problems.map(\.description) == ["doc.md:11:1: warning: \(message)"])
        }
    }
}

extension MermaidParserTests {
    @Suite struct Robustness {
        static let samples = [
            "flowchart LR\n  A[\"x\"] -->|t| B(y) & C{{z}}\n  subgraph s [T]\n  D -. u .-> E\n  end\n",
            "sequenceDiagram\n  box Aqua T\n  participant A as B\n  end\n  A->>+B: hi\n  loop x\n  B--)A: y\n  end\n",
            "C4Context\n  Boundary(b, \"B\") {\n  System(s, \"S, t\", $x=\"1\")\n  }\n  Rel(s, t, \"u\")\n",
        ]

        /// Every prefix of every sample (truncated syntax) parses without crashing, and every location
        /// it reports lies inside the source.
        @Test func truncatedSyntaxNeverCrashes() {
            for sample in Self.samples {
                let scalars = Array(sample.unicodeScalars)
                for length in 0...scalars.count {
                    var view = String.UnicodeScalarView()
                    view.append(contentsOf: scalars[..<length])
                    let text = String(view)
                    checkLocations(
                        parse(text), lineCount: text.split(separator: "\n", omittingEmptySubsequences: false).count)
                }
            }
        }

        /// Random garbage built from Mermaid's own punctuation, with a fixed seed so a failure repeats.
        @Test func randomGarbageNeverCrashes() {
            let pieces = [
                "A", "b-c", "x", "o", " ", "  ", "\n", "\r\n", "\r", ";", "-", "--", "-->", "-.", ".-", "==", "=",
                "~~~", "<",
                ">", "|", "&", "[", "]", "(", ")", "{", "}", "\"", "`", "\"`", "`\"", "/", "\\", ":::", "@{", "@", ":",
                ",",
                "%%", "%%{", "}%%", "#", "#59;", "<br/>", "subgraph ", "end", "participant ", "actor ", " as ", "box ",
                "loop ", "->>", "-x", "--)", "+", "Rel(", "System(", "Boundary(", "$x=", "---", "é", "🚀", "\t",
            ]
            let headers = [
                "flowchart TD\n", "graph LR;", "sequenceDiagram\n", "C4Context\n", "C4Deployment\n", "---\n", "",
            ]
            var state: UInt64 = 0x9E37_79B9_7F4A_7C15
            func next(_ bound: Int) -> Int {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Int((state >> 33) % UInt64(bound))
            }
            for _ in 0..<1500 {
                var text = headers[next(headers.count)]
                for _ in 0..<next(60) { text += pieces[next(pieces.count)] }
                let diagram = parse(text)
                var lines = 1
                var previousCR = false
                for scalar in text.unicodeScalars {
                    if scalar == "\n" && !previousCR || scalar == "\r" { lines += 1 }
                    previousCR = scalar == "\r"
                }
                checkLocations(diagram, lineCount: lines)
            }
        }

        private func checkLocations(_ diagram: MermaidDiagram, lineCount: Int) {
            let locations =
                diagram.nodes.map(\.location) + diagram.edges.map(\.location) + diagram.groups.map(\.location)
                + diagram.problems.compactMap(\.location)
            for location in locations {
                #expect(location.file == "doc.md")
                #expect((10..<(10 + lineCount)).contains(location.line), "\(location)")
                #expect(location.column >= 1)
            }
        }
    }
}

private let curriculumSource = #"""
    flowchart TD
        Start[" Assessment<br/>Microservices Readiness"]

        Start --> Phase1[" Phase 1: Foundation<br/>🟡 → 🔴<br/>Weeks 1-3"]
        Phase1 --> Phase2["🔄 Phase 2: Communication<br/>🔴 → 🟣<br/>Weeks 4-6"]
        Phase2 --> Phase3["📊 Phase 3: Data & State<br/>🟣 Expert<br/>Weeks 7-8"]
        Phase3 --> Phase4["🚀 Phase 4: Operations<br/>🟣 Mastery<br/>Weeks 9-10"]

        Phase1 --> F1["Service Design<br/>& Decomposition"]
        Phase2 --> C1["Async Patterns<br/>& Event Streams"]
        Phase3 --> D1["Distributed Data<br/>& Consistency"]
        Phase4 --> O1["Service Mesh<br/>& Observability"]

        Phase4 --> Outcomes[" Expert Outcomes<br/>Lead 100+ Service Ecosystems<br/>Sub-100ms P99 Latency<br/>99.99% Service Availability"]

        style Start fill:#4caf50,color:#fff,stroke:#2e7d32,stroke-width:3px
        style Phase1 fill:#2196f3,color:#fff,stroke:#1565c0,stroke-width:2px
        style Phase2 fill:#ff9800,color:#fff,stroke:#e65100,stroke-width:2px
        style Phase3 fill:#9c27b0,color:#fff,stroke:#6a1b9a,stroke-width:2px
        style Phase4 fill:#f44336,color:#fff,stroke:#c62828,stroke-width:2px
        style Outcomes fill:#607d8b,color:#fff,stroke:#37474f,stroke-width:3px
    """#
