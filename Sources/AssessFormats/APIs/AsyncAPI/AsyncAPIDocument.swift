public import AssessYAML
import Foundation

/// An AsyncAPI 2.x or 3.x document reduced to its event catalog: channels, the messages on
/// them and what the described application does with each (sends or receives). 2.x's
/// `publish` means other applications publish to the channel, so the application *receives*;
/// its `subscribe` means it *sends* (AsyncAPI 3.0's release notes make `action` explicit).
public struct AsyncAPIDocument: Sendable {
    public enum Action: String, Sendable, Hashable {
        case send, receive
    }

    public struct Message: Sendable, Hashable {
        /// The message's `name`, else its key in `components.messages` or the channel.
        public var name: String
        public var title: String?
        /// Channel address (2.x key, 3.x `address`).
        public var channel: String
        public var action: Action?
        public var hasPayload: Bool
        public var location: SourceLocation
    }

    public var file: String
    /// The `asyncapi:` field (`2.6.0`, `3.1.0`).
    public var version: String
    /// The application the document describes (`info.title`).
    public var title: String
    public var channels: [(address: String, location: SourceLocation)]
    public var messages: [Message]
    public var location: SourceLocation

    public var majorVersion: Int { Int(version.split(separator: ".").first ?? "") ?? 0 }

    public init?(_ root: YAMLNode, file: String) {
        guard let version = root["asyncapi"]?.scalarText else { return nil }
        self.file = file
        self.version = version
        title = root["info"]?["title"]?.string ?? file
        location = root.location
        channels = []
        messages = []
        if version.hasPrefix("2") {
            readV2(root)
        } else {
            readV3(root)
        }
    }

    mutating func readV2(_ root: YAMLNode) {
        for pair in root["channels"]?.mapping ?? [] {
            let address = pair.key.scalarText ?? ""
            channels.append((address, pair.key.location))
            let channel = pair.value.resolved(in: root)
            for (key, action) in [("publish", Action.receive), ("subscribe", Action.send)] {
                guard let operation = channel[key]?.resolved(in: root), let message = operation["message"] else {
                    continue
                }
                let alternatives = message.resolved(in: root)["oneOf"]?.sequence ?? [message]
                for item in alternatives {
                    messages.append(Self.message(item, key: nil, channel: address, action: action, root: root))
                }
            }
        }
    }

    mutating func readV3(_ root: YAMLNode) {
        var actions: [String: Action] = [:]  // channel id → what the application does
        for pair in root["operations"]?.mapping ?? [] {
            let operation = pair.value.resolved(in: root)
            guard let action = operation["action"]?.string.flatMap(Action.init),
                let ref = operation["channel"]?["$ref"]?.string, let id = ref.split(separator: "/").last
            else { continue }
            actions[String(id).replacingOccurrences(of: "~1", with: "/")] = action
        }
        for pair in root["channels"]?.mapping ?? [] {
            let id = pair.key.scalarText ?? ""
            let channel = pair.value.resolved(in: root)
            let address = channel["address"]?.string ?? id
            channels.append((address, pair.key.location))
            for message in channel["messages"]?.mapping ?? [] {
                messages.append(
                    Self.message(
                        message.value, key: message.key.scalarText, channel: address, action: actions[id], root: root))
            }
        }
    }

    static func message(_ node: YAMLNode, key: String?, channel: String, action: Action?, root: YAMLNode) -> Message {
        let resolved = node.resolved(in: root)
        let refName = node["$ref"]?.string?.split(separator: "/").last.map(String.init)
        let name = resolved["name"]?.string ?? resolved["messageId"]?.string ?? refName ?? key ?? ""
        return Message(
            name: name, title: resolved["title"]?.string, channel: channel, action: action,
            hasPayload: resolved["payload"] != nil, location: node.location)
    }
}
