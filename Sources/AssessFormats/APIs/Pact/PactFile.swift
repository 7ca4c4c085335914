public import AssessYAML

/// A Pact contract file (specification v1–v4): who consumes what from whom, as interactions.
/// HTTP interactions have a request and a response; message interactions (v3 `messages`, v4
/// `Asynchronous/Messages`) have contents. Every part keeps its location in the JSON file.
public struct PactFile: Sendable {
    public struct Interaction: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable {
            case http, message
        }

        public var description: String
        public var kind: Kind
        /// `GET`, upper-cased; nil for messages or when missing.
        public var method: String?
        public var path: String?
        public var status: Int?
        public var hasRequest: Bool
        public var hasResponse: Bool
        public var location: SourceLocation
        /// Where the request's path is written (for findings about it).
        public var pathLocation: SourceLocation?
    }

    public var file: String
    public var consumer: String?
    public var provider: String?
    public var consumerLocation: SourceLocation?
    public var providerLocation: SourceLocation?
    /// `2.0.0`, `3.0.0`, `4.0`: from `metadata.pactSpecification`, `pact-specification` or
    /// `pactSpecificationVersion`; nil when none is written (assume v2).
    public var specification: String?
    public var interactions: [Interaction]
    public var location: SourceLocation

    /// Reads a parsed JSON document; nil when it is not shaped like a pact (no consumer,
    /// provider and interactions or messages).
    public init?(_ root: YAMLNode, file: String) {
        guard root.mapping != nil, root["consumer"] != nil || root["provider"] != nil,
            root["interactions"] != nil || root["messages"] != nil
        else { return nil }
        self.file = file
        location = root.location
        consumer = root["consumer"]?["name"]?.string
        provider = root["provider"]?["name"]?.string
        consumerLocation = (root["consumer"]?["name"] ?? root["consumer"])?.location
        providerLocation = (root["provider"]?["name"] ?? root["provider"])?.location
        let metadata = root["metadata"]
        specification =
            (metadata?["pactSpecification"] ?? metadata?["pact-specification"])?["version"]?.string
            ?? metadata?["pactSpecificationVersion"]?.string
        var interactions: [Interaction] = []
        for item in root["interactions"]?.sequence ?? [] {
            let type = item["type"]?.string ?? "Synchronous/HTTP"
            let isMessage = type.contains("Messages") || (item["request"] == nil && item["contents"] != nil)
            let request = item["request"]
            let response = item["response"]
            interactions.append(
                Interaction(
                    description: item["description"]?.string ?? "", kind: isMessage ? .message : .http,
                    method: request?["method"]?.string?.uppercased(), path: request?["path"]?.string,
                    status: response?["status"]?.int,
                    hasRequest: isMessage ? true : request?.mapping != nil,
                    hasResponse: isMessage
                        ? item["contents"] != nil || item["response"] != nil : response?.mapping != nil,
                    location: item.location, pathLocation: request?["path"]?.location))
        }
        for item in root["messages"]?.sequence ?? [] {
            interactions.append(
                Interaction(
                    description: item["description"]?.string ?? "", kind: .message, method: nil, path: nil,
                    status: nil, hasRequest: true, hasResponse: item["contents"] != nil, location: item.location,
                    pathLocation: nil))
        }
        self.interactions = interactions
    }
}
