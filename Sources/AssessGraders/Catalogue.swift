public import AssessCore
import AssessFormats

/// Every built-in grader, listed once. The engine never names a kind: it looks them up in
/// the registry made from this list.
public let builtInGraders: [any Grader.Type] = [
    FileExistsGrader.self,
    TextMatchesGrader.self,
    JSONQueryGrader.self,
    YAMLQueryGrader.self,
    ManualGrader.self,
    MarkdownSectionsGrader.self,
    MarkdownItemsGrader.self,
    MarkdownConceptsGrader.self,
    MarkdownTableGrader.self,
    MarkdownLinksGrader.self,
    ADRGrader.self,
    MarkdownDiagramGrader.self,
    ConsistencyNamesGrader.self,
    ClaimsEvidenceGrader.self,
    CodeLayersGrader.self,
    LoadTestThresholdsGrader.self,
    LoadTestRunGrader.self,
    LoadTestCompareGrader.self,
    EventsStreamGrader.self,
    CDCEventsGrader.self,
    CacheEffectivenessGrader.self,
    SagaCompensationGrader.self,
    ConsistencyConvergenceGrader.self,
    ComposeServicesGrader.self,
    GraphQLFederationGrader.self,
    TracePropagationGrader.self,
    TraceCoverageGrader.self,
    TraceLatencyGrader.self,
    TraceErrorsGrader.self,
    TraceAsyncGrader.self,
    TraceAssertionsGrader.self,
    SLOAlertsGrader.self,
    MeshTrafficGrader.self,
    ChaosExperimentsGrader.self,
    KubernetesPolicyGrader.self,
    SLODefinitionsGrader.self,
    RolloutCanaryGrader.self,
    CatalogOwnershipGrader.self,
    OpenAPIValidGrader.self,
    OpenAPICompatGrader.self,
    TestResultsGrader.self,
    PactContractsGrader.self,
    OpenAPIConventionsGrader.self,
    OpenAPIVersioningGrader.self,
    AsyncAPICatalogGrader.self,
]

extension GraderRegistry {
    /// The registry of the built-in graders, with the formats of `AssessFormats`' readers.
    public static let builtIn = GraderRegistry(builtInGraders, formats: FormatRegistry.builtIn.ids)
}
