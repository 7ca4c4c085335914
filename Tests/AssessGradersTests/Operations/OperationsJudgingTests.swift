import AssessCore
import AssessFormats
import AssessYAML
import Testing

@testable import AssessGraders

/// `catalog.ownership`, `slo.definitions` and `mesh.traffic` judge manifests read here from a
/// few lines of text (`OperationsEvidence(files:)`, nothing on disk, no grading job), so each
/// test names the field that makes the verdict and where its finding lands.
@Suite struct OperationsJudgingTests {
    static func at(_ file: String, _ line: Int, _ column: Int) -> AssessYAML.SourceLocation {
        AssessYAML.SourceLocation(file: file, line: line, column: column)
    }

    static func errors(_ outcome: Outcome) -> [Finding] { outcome.findings.filter { $0.severity == .error } }

    /// The errors as `file:line:column: message`, so one comparison checks both.
    static func placed(_ outcome: Outcome) -> [String] {
        errors(outcome).map { "\($0.location.map { "\($0)" } ?? "nowhere"): \($0.message)" }
    }

    // MARK: catalog.ownership

    /// A checkout Component (its `spec` given), the API it provides, the shop System and the
    /// team-checkout Group; the Component's spec starts on line 6.
    static func catalog(_ spec: String) -> OperationsEvidence {
        OperationsEvidence(files: [
            (
                "catalog-info.yaml",
                """
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: checkout
                spec:
                \(spec)
                ---
                apiVersion: backstage.io/v1alpha1
                kind: API
                metadata:
                  name: checkout-api
                spec:
                  type: openapi
                  lifecycle: production
                  owner: team-checkout
                  system: shop
                  definition: "openapi: 3.0.3"
                ---
                apiVersion: backstage.io/v1alpha1
                kind: System
                metadata:
                  name: shop
                spec:
                  owner: team-checkout
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Group
                metadata:
                  name: team-checkout
                spec:
                  type: team
                  children: []

                """
            )
        ])
    }

    static func component(owner: String) -> String {
        """
          type: service
          lifecycle: production
          owner: \(owner)
          system: shop
          providesApis:
            - checkout-api
        """
    }

    static let input = at("catalog-info.yaml", 1, 1)
    static let ownership = CatalogOwnershipGrader(
        options: .init(
            services: nil, require: CheckList(checks: [.owner, .lifecycle, .system]), apis: true, apiFiles: nil))
    static let checkout: [(name: String, location: AssessYAML.SourceLocation?)] = [("checkout", nil)]

    @Test func aComponentOwnedByADeclaredTeamPasses() {
        let outcome = Self.ownership.judge(
            Self.catalog(Self.component(owner: "team-checkout")), services: Self.checkout, handIn: [], input: Self.input
        )
        #expect(outcome.status == .passed, "\(outcome.summary) \(outcome.findings)")
        #expect(outcome.summary == "1 of 1 service have a complete catalog entry")
    }

    @Test func aComponentWithNoOwnerLifecycleOrSystemFailsAtItsSpec() {
        let outcome = Self.ownership.judge(
            Self.catalog("  type: service"), services: Self.checkout, handIn: [], input: Self.input)
        #expect(outcome.status == .failed, "\(outcome.summary) \(outcome.score)")
        #expect(
            Self.placed(outcome) == [
                "catalog-info.yaml:6:3: Component 'checkout' has no spec.owner",
                "catalog-info.yaml:6:3: Component 'checkout' has no spec.lifecycle",
                "catalog-info.yaml:6:3: Component 'checkout' has no spec.system",
            ])
    }

    @Test func anOwnerThatIsNoDeclaredGroupIsPartialAtTheOwner() {
        let outcome = Self.ownership.judge(
            Self.catalog(Self.component(owner: "checkout-folks")), services: Self.checkout, handIn: [],
            input: Self.input)
        #expect(outcome.status == .partial && outcome.score == 0.75, "\(outcome.summary) \(outcome.score)")
        let finding = Self.errors(outcome).first
        #expect(
            finding?.message
                == "Component 'checkout' is owned by 'checkout-folks', which is not a Group declared in the catalog")
        #expect(finding?.location == Self.at("catalog-info.yaml", 8, 10))
    }

    @Test func aServiceWithoutAComponentFailsAtTheInput() {
        let outcome = Self.ownership.judge(
            Self.catalog(Self.component(owner: "team-checkout")), services: [("payments", nil)], handIn: [],
            input: Self.input)
        #expect(outcome.status == .failed && outcome.summary == "0 of 1 service have a complete catalog entry")
        #expect(Self.errors(outcome).map(\.message) == ["service 'payments' has no catalog Component"])
        #expect(Self.errors(outcome).first?.location == Self.input)
    }

    @Test func anAPIWhoseSpecificationIsNotHandedInIsAFindingAtItsName() {
        let grader = CatalogOwnershipGrader(
            options: .init(
                services: nil, require: CheckList(checks: [.owner]), apis: true, apiFiles: Glob("api/*.yaml")))
        let evidence = Self.catalog(Self.component(owner: "team-checkout"))
        let handedIn = grader.judge(
            evidence, services: Self.checkout, handIn: ["api/checkout-api.yaml"], input: Self.input)
        #expect(handedIn.status == .passed, "\(handedIn.findings)")
        let missing = grader.judge(evidence, services: Self.checkout, handIn: ["api/orders.yaml"], input: Self.input)
        #expect(missing.status == .partial && abs(missing.score - 2.0 / 3) < 1e-9, "\(missing.score)")
        #expect(
            Self.placed(missing) == [
                "catalog-info.yaml:16:9: API 'checkout-api' (openapi) has no specification file matching 'api/*.yaml'"
            ])
    }

    // MARK: slo.definitions

    static func slos(latency: Bool) -> OperationsEvidence {
        OperationsEvidence(files: [("slo/checkout.yaml", SLODefinitionsGrader.example(latency: latency))])
    }

    static func sloGrader(_ require: [String], objective: CountRange? = nil) -> SLODefinitionsGrader {
        SLODefinitionsGrader(options: .init(services: nil, require: require, objective: objective, windows: nil))
    }

    static let sloInput = at("slo/checkout.yaml", 1, 1)

    @Test func anAvailabilityAndALatencySLOPass() {
        let outcome = Self.sloGrader(["availability", "latency"])
            .judge(Self.slos(latency: true), services: Self.checkout, input: Self.sloInput)
        #expect(outcome.status == .passed, "\(outcome.summary) \(outcome.findings)")
        #expect(outcome.summary == "1 of 1 service have availability and latency SLOs")
    }

    @Test func aMissingLatencySLOFailsAtTheServicesSLO() {
        let outcome = Self.sloGrader(["latency"])
            .judge(Self.slos(latency: false), services: Self.checkout, input: Self.sloInput)
        #expect(outcome.status == .failed, "\(outcome.summary)")
        #expect(
            Self.errors(outcome).map(\.message) == [
                "service 'checkout' has no latency SLO (it has 'checkout-availability')"
            ])
        #expect(Self.errors(outcome).first?.location == Self.at("slo/checkout.yaml", 1, 1))
    }

    @Test func oneKindOfTwoIsPartial() {
        let outcome = Self.sloGrader(["availability", "latency"])
            .judge(Self.slos(latency: false), services: Self.checkout, input: Self.sloInput)
        #expect(outcome.status == .partial && outcome.score == 0.5, "\(outcome.summary) \(outcome.score)")
    }

    @Test func anObjectiveOutOfRangeIsAFindingAtItsTarget() {
        let outcome = Self.sloGrader(["availability"], objective: CountRange(min: 0.9999, max: nil))
            .judge(Self.slos(latency: false), services: Self.checkout, input: Self.sloInput)
        #expect(outcome.status == .partial && outcome.score == 0.5, "\(outcome.summary) \(outcome.score)")
        let finding = Self.errors(outcome).first
        #expect(
            finding?.message
                == "SLO 'checkout-availability' (service checkout) has objective 0.999; expected at least 0.9999")
        #expect(finding?.location == Self.at("slo/checkout.yaml", 15, 54))
    }

    @Test func noSLOFailsAtTheInput() {
        let outcome = Self.sloGrader(["availability"]).judge(OperationsEvidence(), services: [], input: Self.sloInput)
        #expect(outcome.status == .failed && outcome.summary == "no SLOs found")
        #expect(
            outcome.findings == [
                .error("found no SLO (OpenSLO SLO, Sloth spec or PrometheusServiceLevel)", at: Self.sloInput)
            ])
    }

    // MARK: mesh.traffic

    static func mesh(_ text: String) -> OperationsEvidence {
        OperationsEvidence(files: [("mesh/reviews.yaml", text)])
    }

    static func meshGrader(_ checks: [MeshTrafficGrader.Check]) -> MeshTrafficGrader {
        MeshTrafficGrader(
            options: .init(
                checks: CheckList(checks: checks), hosts: nil, canaryHosts: nil,
                canaryShare: CountRange(min: 0.01, max: 0.5)))
    }

    static let meshInput = at("mesh/reviews.yaml", 1, 1)

    @Test func aRouteWithDefinedSubsetsRetriesTimeoutPoolAndStrictMTLSPasses() {
        let outcome = Self.meshGrader([.subsets, .retries, .timeout, .outlierDetection, .connectionPool, .mtls])
            .judge(Self.mesh(MeshTrafficGrader.example(subset: "v2")), input: Self.meshInput)
        #expect(outcome.status == .passed, "\(outcome.summary) \(outcome.findings)")
        #expect(
            outcome.summary
                == "1 VirtualService and 1 DestinationRule pass subsets, retries, timeout, outlier-detection, connection-pool, mtls"
        )
    }

    @Test func aRouteWithoutTimeoutOrRetriesFailsAtTheRoute() {
        let outcome = Self.meshGrader([.timeout, .retries]).judge(
            Self.mesh(
                """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata:
                  name: reviews
                spec:
                  hosts:
                    - reviews
                  http:
                    - route:
                        - destination:
                            host: reviews

                """), input: Self.meshInput)
        #expect(
            outcome.status == .failed
                && outcome.summary == "fails timeout, retries across 1 VirtualService and 0 DestinationRules")
        #expect(
            Self.placed(outcome) == [
                "mesh/reviews.yaml:9:7: VirtualService 'reviews' route #1 has no timeout (Istio sets none by default)",
                "mesh/reviews.yaml:9:7: VirtualService 'reviews' route #1 has no retries",
            ])
    }

    @Test func aRouteToAnUndefinedSubsetIsPartialAtTheSubset() {
        let outcome = Self.meshGrader([.subsets])
            .judge(Self.mesh(MeshTrafficGrader.example(subset: "v3")), input: Self.meshInput)
        #expect(outcome.status == .partial && outcome.score == 0.5, "\(outcome.summary) \(outcome.score)")
        #expect(
            Self.placed(outcome) == [
                "mesh/reviews.yaml:10:45: VirtualService 'reviews' routes host 'reviews' to subset 'v3', which no DestinationRule for that host defines (it has 'v1', 'v2')"
            ])
    }

    @Test func noVirtualServiceFailsAtTheInput() {
        let outcome = Self.meshGrader([.subsets]).judge(OperationsEvidence(), input: Self.meshInput)
        #expect(outcome.status == .failed && outcome.summary == "no Istio VirtualService or DestinationRule found")
        #expect(Self.errors(outcome).map(\.location) == [Self.meshInput])
    }
}
