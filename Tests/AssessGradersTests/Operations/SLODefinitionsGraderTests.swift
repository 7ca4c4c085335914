import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

/// SLOs follow the OpenSLO v1 spec (OpenSLO/OpenSLO README) and Sloth's `prometheus/v1` spec;
/// written by hand. The corpus holds the projects' own examples.
@Suite struct SLODefinitionsGraderTests {
    let example = SLODefinitionsGrader.description.examples[0].files["slo/checkout.yaml"]!

    let slothCart = """
        version: "prometheus/v1"
        service: "cart"
        slos:
          - name: "requests-availability"
            objective: 95
            sli:
              events:
                error_query: sum(rate(http_requests_total{job="cart",code=~"5.."}[{{.window}}]))
                total_query: sum(rate(http_requests_total{job="cart"}[{{.window}}]))
            alerting: { name: CartErrors }

        """

    @Test func everyServiceHasTheRequiredKinds() async throws {
        let r = try await gradeSingle(
            grader: "slo.definitions",
            with: "{ services: [checkout], objective: { min: 0.99, max: 0.9999 }, windows: [28d, 30d] }",
            files: ["slo/checkout.yaml": example])
        #expect(r.status == .passed, "\(r.findings)")
        #expect(r.summary == "1 of 1 service have availability and latency SLOs")
    }

    @Test func missingKindsServicesAndBadObjectivesAreNamed() async throws {
        let r = try await gradeSingle(
            grader: "slo.definitions",
            with: "{ services: [checkout, cart, payments], objective: { min: 0.99, max: 0.9999 }, windows: [30d] }",
            files: ["slo/checkout.yaml": example, "slo/cart.yaml": slothCart])
        #expect(r.status == .partial)
        #expect(
            r.findings.map(\.description) == [
                "slo/cart.yaml:4:5: error: service 'cart' has no latency SLO (it has 'requests-availability')",
                "slo/cart.yaml:1:1: error: service 'payments' has no SLO; needs availability and latency",
                "slo/cart.yaml:5:16: error: SLO 'requests-availability' (service cart) has objective 0.95; expected 0.99…0.9999",
            ])
    }

    /// The capstone asks 99.99 % of availability from payments; its 99 % latency SLO is not held to that.
    @Test func objectivesAreJudgedOnTheRequiredKindsOnly() async throws {
        let availability = try await gradeSingle(
            grader: "slo.definitions", with: "{ require: [availability], objective: { min: 0.999 } }",
            files: ["slo/checkout.yaml": example])
        #expect(availability.status == .passed, "\(availability.findings)")
        let both = try await gradeSingle(
            grader: "slo.definitions", with: "{ objective: { min: 0.999 } }", files: ["slo/checkout.yaml": example])
        #expect(both.status == .partial)
        #expect(
            both.findings.map(\.description) == [
                "slo/checkout.yaml:30:46: error: SLO 'checkout-latency' (service checkout) has objective 0.99; expected at least 0.999"
            ])
    }

    @Test func servicesFromTheCatalog() async throws {
        let catalog = """
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata: { name: checkout }
            spec: { type: service, lifecycle: production, owner: team-checkout }
            ---
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata: { name: storefront }
            spec: { type: website, lifecycle: production, owner: team-web }

            """
        let r = try await gradeSingle(
            grader: "slo.definitions", with: "{ services: { from: catalog } }",
            files: ["slo/checkout.yaml": example, "catalog-info.yaml": catalog])
        #expect(r.status == .passed, "\(r.findings)")
    }

    @Test func malformedFilesAndOptions() async throws {
        let r = try await gradeSingle(
            grader: "slo.definitions", with: "",
            files: ["slo/a.yaml": example, "slo/b.yaml": "apiVersion: openslo/v1\nkind: SLO\nspec: {service: x\n"])
        #expect(r.status == .partial)
        #expect(r.findings.first?.location?.file == "slo/b.yaml")
        let node = try YAMLParser().parse("require: [latncy]\nservices: { from: catalogue }\n", file: "o.yaml")
        let error = try #require(throws: RubricError.self) { try SLODefinitionsGrader.options(from: node) }
        #expect(
            error.diagnostics.map(\.description) == [
                "o.yaml:1:11: error: unknown 'latncy' in 'require'; expected one of availability, latency, throughput, freshness, correctness; did you mean 'latency'?",
                "o.yaml:2:19: error: 'from' is one of catalog, workloads, mesh, slos; found 'catalogue'; did you mean 'catalog'?",
            ])
    }

    /// Every SLO example in the corpus reads: OpenSLO v1 (also as a list), v1alpha as Sloth takes it, v2alpha, Sloth spec and CRD.
    @Test(.enabled(if: sharedCorpus != nil, "../shared/corpus is absent: SLO examples not checked"))
    func corpusSLOsAreRead() async throws {
        let folder = try sharedCorpusPath("public/slo/")
        var files: [String: String] = [:]
        for name in [
            "openslo-v1_multi-doc-slo-sli-alerts.yaml", "openslo-v1_occurrences-threshold.yaml",
            "openslo-v1_ratio-timeslices.yaml", "openslo-v2alpha_slos.yaml", "sloth-input_openslo-v1alpha.yml",
            "sloth-k8s-crd_PrometheusServiceLevel.yml", "sloth-prometheus-v1_getting-started.yml",
        ] {
            files[name] = try String(contentsOfFile: folder + name, encoding: .utf8)
        }
        let r = try await gradeSingle(
            grader: "slo.definitions", with: "{ require: [availability], objective: { min: 0.99 } }", files: files)
        #expect(r.findings.filter { $0.severity == .error }.isEmpty, "\(r.findings)")
        #expect(r.measurements.first?.value == 8)
        #expect(r.summary == "4 of 4 services have availability SLOs")
    }
}
