import AssessFormats
import AssessYAML
import Testing

/// `CatalogEntity` on a Backstage `catalog-info.yaml` with several documents, written after the
/// Backstage descriptor-format reference (kinds Component, API, System, Resource, Group; entity
/// references `[kind:][namespace/]name`, defaults per field) and its demo catalog's shapes.
@Suite struct CatalogEntityTests {
    func entities(_ text: String, _ file: String = "catalog-info.yaml") -> (ManifestFile, [CatalogEntity]) {
        let manifest = ManifestReader().read(text, file: file)
        return (manifest, manifest.objects.compactMap(CatalogEntity.init))
    }

    static let catalog = """
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: artist-web
          description: The place to be, for great artists
          annotations:
            backstage.io/techdocs-ref: dir:.
        spec:
          type: website
          lifecycle: production
          owner: artist-relations-team
          system: artist-engagement-portal
          providesApis:
            - artist-api
          consumesApis: [api:default/playlist-api, search/search-api]
          dependsOn:
            - resource:artists-db
            - component:default/wayback-archive
            - Component:Music/Audio-Player
        ---
        apiVersion: backstage.io/v1alpha1
        kind: API
        metadata:
          name: artist-api
        spec:
          type: openapi
          lifecycle: experimental
          owner: group:default/artist-relations-team
          system: artist-engagement-portal
          definition:
            $text: ./openapi.yaml
        ---
        apiVersion: backstage.io/v1alpha1
        kind: System
        metadata:
          name: artist-engagement-portal
          namespace: music
        spec:
          owner: { kind: Group, name: artist-relations-team }
          domain: artists
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Resource
        metadata:
          name: artists-db
        spec:
          type: database
          owner: artist-relations-team
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Group
        metadata:
          name: artist-relations-team
        spec:
          type: team
          children: []
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: not-an-entity

        """

    @Test func aMultiDocumentCatalogInfo() throws {
        let (manifest, found) = entities(Self.catalog)
        #expect(manifest.problems.isEmpty)
        #expect(manifest.objects.count == 6)
        #expect(found.map(\.kind) == ["Component", "API", "System", "Resource", "Group"])
        #expect(found.map(\.namespace) == ["default", "default", "music", "default", "default"])
        #expect(found.map(\.location.line) == [1, 21, 33, 42, 50])
        let web = found[0]
        #expect(web.name == "artist-web")
        #expect(web.type == "website")
        #expect(web.lifecycle?.value == "production")
        #expect(web.lifecycle?.location.description == "catalog-info.yaml:10:14")
        #expect(web.nameLocation.description == "catalog-info.yaml:4:9")
        #expect(web.specLocation.description == "catalog-info.yaml:9:3")
        // Field defaults: owner is a group, system a system, APIs are apis; dependsOn has none.
        #expect(web.owner?.value.description == "group:default/artist-relations-team")
        #expect(web.owner?.location.description == "catalog-info.yaml:11:10")
        #expect(web.system?.value.description == "system:default/artist-engagement-portal")
        #expect(web.providesApis.map(\.value.description) == ["api:default/artist-api"])
        #expect(web.consumesApis.map(\.value.description) == ["api:default/playlist-api", "api:search/search-api"])
        #expect(
            web.dependsOn.map(\.value.description) == [
                "resource:default/artists-db", "component:default/wayback-archive", "component:music/audio-player",
            ])
        #expect(web.dependsOn.map(\.location.line) == [17, 18, 19])
        #expect(web.reference.description == "component:default/artist-web")

        let api = found[1]
        #expect(api.definition == nil)
        #expect(api.definitionReference == "./openapi.yaml")
        #expect(api.owner?.value.description == "group:default/artist-relations-team")

        let system = found[2]
        // A reference written as a mapping takes the entity's namespace when it names none.
        #expect(system.owner?.value.description == "group:music/artist-relations-team")
        #expect(system.domain?.value.description == "domain:music/artists")
        #expect(system.reference.description == "system:music/artist-engagement-portal")
    }

    @Test func referencesNameEntitiesWithoutCase() throws {
        let found = entities(Self.catalog).1
        let web = found[0]
        let resource = found[3]
        let group = found[4]
        #expect(web.dependsOn[0].value.names(resource))
        #expect(web.owner?.value.names(group) == true)
        #expect(found[1].owner?.value.names(group) == true)
        // The System lives in namespace music; its owner reference points there, not at the
        // group of namespace default.
        #expect(found[2].owner?.value.names(group) == false)
        // Kindless references (dependsOn) name an entity of any kind.
        let kindless = CatalogReference(kind: nil, namespace: "default", name: "artists-db")
        #expect(kindless.names(resource))
        #expect(kindless.description == "default/artists-db")
        #expect(!CatalogReference(kind: "component", namespace: "default", name: "artists-db").names(resource))
    }

    @Test func edgeCases() throws {
        let text = """
            apiVersion: backstage.io/v1alpha1
            kind: API
            metadata:
              name: inline-api
            spec:
              type: asyncapi
              lifecycle: production
              owner: ""
              definition: |
                asyncapi: 3.0.0
                info: { title: Inline, version: 1.0.0 }
            ---
            apiVersion: backstage.io/v1alpha1
            kind: Location
            metadata:
              name: root
            ---
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: single-dep
            spec:
              dependsOn: resource:orders-db
              providesApis: []

            """
        let found = entities(text).1
        #expect(found.map(\.kind) == ["API", "Location", "Component"])
        #expect(found[0].definition == "asyncapi: 3.0.0\ninfo: { title: Inline, version: 1.0.0 }\n")
        #expect(found[0].definitionReference == nil)
        // An empty owner is no reference.
        #expect(found[0].owner == nil)
        // No spec: the missing-field place is the object.
        #expect(found[1].specLocation == found[1].location)
        #expect(found[1].lifecycle == nil && found[1].owner == nil && found[1].type == nil)
        // A single string where a list is expected is a list of one.
        #expect(found[2].dependsOn.map(\.value.description) == ["resource:default/orders-db"])
        #expect(found[2].providesApis.isEmpty)
    }

    @Test func aBrokenDocumentIsLocatedAndTheOthersAreRead() throws {
        let text = """
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: ok
            ---
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: broken
              tags: [a, b
            ---
            apiVersion: backstage.io/v1alpha1
            kind: Group
            metadata:
              name: team

            """
        let (manifest, found) = entities(text)
        #expect(found.map(\.name) == ["ok", "team"])
        #expect(found.map(\.location.line) == [1, 12])
        #expect(
            manifest.problems.map(\.description) == [
                "catalog-info.yaml:11:1: error: while parsing a flow sequence (started at 10:9): did not find expected ',' or ']'"
            ])
    }
}
