public import AssessYAML
import Foundation
internal import GraphQL

/// A GraphQL SDL syntax error where the GraphQL parser stopped: the message it gives, at the
/// file, line and column of the offending token.
public struct GraphQLSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var location: AssessYAML.SourceLocation

    public init(_ message: String, at location: AssessYAML.SourceLocation) {
        self.message = message
        self.location = location
    }

    public var description: String { "\(location): \(message)" }
}

/// A value written in a directive's arguments, as the SDL spells it.
public indirect enum GraphQLValue: Sendable, Hashable {
    case string(String)
    case int(String)
    case float(String)
    case bool(Bool)
    case null
    case enumValue(String)
    case variable(String)
    case list([GraphQLValue])
    case object([String: GraphQLValue])

    /// The text of a string or enum value (`graph: PRODUCTS` and `name: "products"` alike).
    public var text: String? {
        switch self {
        case .string(let text), .enumValue(let text), .int(let text), .float(let text): return text
        default: return nil
        }
    }

    public var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// A list's items; a single value counts as a list of one (GraphQL input coercion).
    public var items: [GraphQLValue] {
        if case .list(let values) = self { return values }
        return [self]
    }
}

/// One application of a directive: `@key(fields: "id")`.
public struct SDLDirective: Sendable, Hashable {
    /// Without the `@`.
    public var name: String
    public var arguments: [String: GraphQLValue]
    public var location: AssessYAML.SourceLocation

    public init(name: String, arguments: [String: GraphQLValue] = [:], location: AssessYAML.SourceLocation) {
        self.name = name
        self.arguments = arguments
        self.location = location
    }
}

/// A field of an object or interface type, or a value of an enum.
public struct SDLField: Sendable, Hashable {
    public var name: String
    /// The named type under any list and non-null wrappers (`[ProductResearch!]!` → `ProductResearch`).
    public var typeName: String?
    public var directives: [SDLDirective]
    public var location: AssessYAML.SourceLocation
}

/// One type definition or extension block as written; a type defined in several blocks
/// (`type User` and `extend type User`) appears once per block.
public struct SDLType: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case object, interface, enumeration = "enum", scalar, union, input
    }

    public var name: String
    public var kind: Kind
    /// Written as `extend type …` (or `extend interface`, `extend enum`, …).
    public var isExtension: Bool
    public var directives: [SDLDirective]
    /// Fields of objects and interfaces, values of enums.
    public var fields: [SDLField]
    public var location: AssessYAML.SourceLocation
}

/// A GraphQL SDL document, reduced to what federation reads: the schema's directives (from
/// `schema` and `extend schema`), and every type block with its directives and fields, all
/// with file, line and column. Parsing is GraphQLSwift's own parser, so what it rejects is
/// what any spec-following GraphQL tool rejects.
public struct SDLDocument: Sendable, Hashable {
    public var file: String
    public var schemaDirectives: [SDLDirective]
    public var types: [SDLType]

    /// The object and interface types by name, in the order first written, each with all its
    /// blocks (a definition and its `extend type`s).
    var objectTypeBlocks: [(name: String, blocks: [SDLType])] {
        var order: [String] = []
        var blocks: [String: [SDLType]] = [:]
        for type in types where type.kind == .object || type.kind == .interface {
            if blocks[type.name] == nil { order.append(type.name) }
            blocks[type.name, default: []].append(type)
        }
        return order.map { ($0, blocks[$0]!) }
    }
    /// Names of the directives the document defines (`directive @custom on OBJECT`).
    public var directiveDefinitions: [String]
    /// Root operation types: `Query`, `Mutation`, `Subscription`, and any `schema { query: … }` names.
    public var rootTypes: Set<String> = ["Query", "Mutation", "Subscription"]

    /// Parses `text`; a syntax error is thrown with the line and column the parser reports.
    public init(parsing text: String, file: String) throws(GraphQLSyntaxError) {
        let lines = LineTable(text)
        let document: GraphQL.Document
        do {
            document = try GraphQL.parse(source: GraphQL.Source(body: text))
        } catch {
            throw Self.syntaxError(error, lines: lines, file: file)
        }
        self.file = file
        var schemaDirectives: [SDLDirective] = []
        var types: [SDLType] = []
        var definitions: [String] = []
        let convert = Converter(lines: lines, file: file)
        for definition in document.definitions {
            switch definition {
            case let schema as GraphQL.SchemaDefinition:
                schemaDirectives += schema.directives.map(convert.directive)
                rootTypes.formUnion(schema.operationTypes.map(\.type.name.value))
            case let schema as GraphQL.SchemaExtensionDefinition:
                schemaDirectives += schema.definition.directives.map(convert.directive)
                rootTypes.formUnion(schema.definition.operationTypes.map(\.type.name.value))
            case let type as GraphQL.ObjectTypeDefinition:
                types.append(convert.object(type, kind: .object, extension: false))
            case let type as GraphQL.TypeExtensionDefinition:
                types.append(convert.object(type.definition, kind: .object, extension: true))
            case let type as GraphQL.InterfaceTypeDefinition:
                types.append(convert.interface(type, extension: false))
            case let type as GraphQL.InterfaceExtensionDefinition:
                types.append(convert.interface(type.definition, extension: true))
            case let type as GraphQL.EnumTypeDefinition:
                types.append(convert.enumeration(type, extension: false))
            case let type as GraphQL.EnumExtensionDefinition:
                types.append(convert.enumeration(type.definition, extension: true))
            case let type as GraphQL.ScalarTypeDefinition:
                types.append(convert.plain(type.name, .scalar, type.directives, extension: false))
            case let type as GraphQL.UnionTypeDefinition:
                types.append(convert.plain(type.name, .union, type.directives, extension: false))
            case let type as GraphQL.InputObjectTypeDefinition:
                types.append(convert.plain(type.name, .input, type.directives, extension: false))
            case let directive as GraphQL.DirectiveDefinition:
                definitions.append(directive.name.value)
            default:
                continue
            }
        }
        self.schemaDirectives = schemaDirectives
        self.types = types
        self.directiveDefinitions = definitions
    }

    /// The library's message without its "Syntax Error GraphQL (l:c)" prefix and source excerpt,
    /// located by the byte offset it reports.
    static func syntaxError(_ error: any Error, lines: LineTable, file: String) -> GraphQLSyntaxError {
        guard let error = error as? GraphQL.GraphQLError else {
            return GraphQLSyntaxError("\(error)", at: AssessYAML.SourceLocation(file: file, line: 1, column: 1))
        }
        var message = String(error.message.split(separator: "\n", maxSplits: 1).first ?? "")
        if message.hasPrefix("Syntax Error"), let close = message.range(of: ") ") {
            message = "syntax error: " + message[close.upperBound...]
        }
        let location: AssessYAML.SourceLocation
        if let position = error.positions.first {
            location = lines.location(ofByte: position, file: file)
        } else if let first = error.locations.first {
            location = AssessYAML.SourceLocation(file: file, line: first.line, column: first.column)
        } else {
            location = AssessYAML.SourceLocation(file: file, line: 1, column: 1)
        }
        return GraphQLSyntaxError(message, at: location)
    }

    /// The object and interface blocks named `name`, in the order written.
    public func blocks(_ name: String) -> [SDLType] { types.filter { $0.name == name } }
}

/// A federation `FieldSet` (`@key(fields:)`, `@requires`, `@provides`, `join__FieldSet`):
/// a selection set written without its outer braces, parsed as GraphQL so whitespace and
/// commas do not matter (`"sku variation{id}"` is `"sku variation { id }"`).
public struct FieldSet: Sendable, Hashable, CustomStringConvertible {
    public struct Selection: Sendable, Hashable {
        public var name: String
        /// Set on the selections inside `... on Type { }`.
        public var typeCondition: String?
        public var selections: [Selection]
    }

    /// As written.
    public var text: String
    public var selections: [Selection]

    /// Parses `text`; a malformed set throws a syntax error located in the set's own text
    /// (line 1 is the string's first line).
    public init(parsing text: String) throws(GraphQLSyntaxError) {
        self.text = text
        let wrapped = "{" + text + "}"
        let document: GraphQL.Document
        do {
            document = try GraphQL.parse(source: GraphQL.Source(body: wrapped))
        } catch {
            var located = SDLDocument.syntaxError(error, lines: LineTable(wrapped), file: "fields")
            if located.location.line == 1 { located.location.column = max(1, located.location.column - 1) }
            throw located
        }
        guard document.definitions.count == 1,
            let operation = document.definitions.first as? GraphQL.OperationDefinition
        else {
            throw GraphQLSyntaxError(
                "syntax error: a field set is one selection set",
                at: AssessYAML.SourceLocation(file: "fields", line: 1, column: 1))
        }
        selections = Self.convert(operation.selectionSet, condition: nil)
    }

    static func convert(_ set: GraphQL.SelectionSet, condition: String?) -> [Selection] {
        var result: [Selection] = []
        for selection in set.selections {
            if let field = selection as? GraphQL.Field {
                result.append(
                    Selection(
                        name: field.name.value, typeCondition: condition,
                        selections: field.selectionSet.map { convert($0, condition: nil) } ?? []))
            } else if let fragment = selection as? GraphQL.InlineFragment {
                result += convert(fragment.selectionSet, condition: fragment.typeCondition?.name.value)
            }
        }
        return result
    }

    /// Dotted paths of the leaves and branches: `sku`, `variation`, `variation.id`.
    public var paths: [String] {
        func walk(_ selections: [Selection], prefix: String) -> [String] {
            selections.flatMap { selection -> [String] in
                let path = prefix.isEmpty ? selection.name : prefix + "." + selection.name
                return [path] + walk(selection.selections, prefix: path)
            }
        }
        return walk(selections, prefix: "")
    }

    public var description: String { text }
}

/// Byte offsets (what the GraphQL lexer reports) to lines and columns in characters.
struct LineTable {
    let bytes: [UInt8]
    /// Offset of the first byte of each line.
    let starts: [Int]

    init(_ text: String) {
        bytes = Array(text.utf8)
        var starts = [0]
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A {
                starts.append(index + 1)
            } else if byte == 0x0D {
                if index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
                starts.append(index + 1)
            }
            index += 1
        }
        self.starts = starts
    }

    func location(ofByte offset: Int, file: String) -> AssessYAML.SourceLocation {
        let offset = max(0, min(offset, bytes.count))
        var low = 0
        var high = starts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        let column = String(decoding: bytes[starts[low]..<offset], as: UTF8.self).count + 1
        return AssessYAML.SourceLocation(file: file, line: low + 1, column: column)
    }
}

/// GraphQLSwift's AST to the plain values above.
private struct Converter {
    let lines: LineTable
    let file: String

    func location(_ loc: GraphQL.Location?) -> AssessYAML.SourceLocation {
        lines.location(ofByte: loc?.start ?? 0, file: file)
    }

    func directive(_ directive: GraphQL.Directive) -> SDLDirective {
        var arguments: [String: GraphQLValue] = [:]
        for argument in directive.arguments { arguments[argument.name.value] = value(argument.value) }
        return SDLDirective(name: directive.name.value, arguments: arguments, location: location(directive.loc))
    }

    func value(_ value: any GraphQL.Value) -> GraphQLValue {
        switch value {
        case let string as GraphQL.StringValue: return .string(string.value)
        case let number as GraphQL.IntValue: return .int(number.value)
        case let number as GraphQL.FloatValue: return .float(number.value)
        case let flag as GraphQL.BooleanValue: return .bool(flag.value)
        case is GraphQL.NullValue: return .null
        case let name as GraphQL.EnumValue: return .enumValue(name.value)
        case let variable as GraphQL.Variable: return .variable(variable.name.value)
        case let list as GraphQL.ListValue: return .list(list.values.map { self.value($0) })
        case let object as GraphQL.ObjectValue:
            var fields: [String: GraphQLValue] = [:]
            for field in object.fields { fields[field.name.value] = self.value(field.value) }
            return .object(fields)
        default: return .null
        }
    }

    func typeName(_ type: any GraphQL.`Type`) -> String? {
        switch type {
        case let named as GraphQL.NamedType: return named.name.value
        case let list as GraphQL.ListType: return typeName(list.type)
        case let nonNull as GraphQL.NonNullType: return typeName(nonNull.type)
        default: return nil
        }
    }

    func field(_ field: GraphQL.FieldDefinition) -> SDLField {
        SDLField(
            name: field.name.value, typeName: typeName(field.type), directives: field.directives.map(directive),
            location: location(field.name.loc))
    }

    func object(_ type: GraphQL.ObjectTypeDefinition, kind: SDLType.Kind, extension: Bool) -> SDLType {
        SDLType(
            name: type.name.value, kind: kind, isExtension: `extension`, directives: type.directives.map(directive),
            fields: type.fields.map(field), location: location(type.name.loc))
    }

    func interface(_ type: GraphQL.InterfaceTypeDefinition, extension: Bool) -> SDLType {
        SDLType(
            name: type.name.value, kind: .interface, isExtension: `extension`,
            directives: type.directives.map(directive), fields: type.fields.map(field),
            location: location(type.name.loc))
    }

    func enumeration(_ type: GraphQL.EnumTypeDefinition, extension: Bool) -> SDLType {
        SDLType(
            name: type.name.value, kind: .enumeration, isExtension: `extension`,
            directives: type.directives.map(directive),
            fields: type.values.map {
                SDLField(
                    name: $0.name.value, typeName: nil, directives: $0.directives.map(directive),
                    location: location($0.name.loc))
            }, location: location(type.name.loc))
    }

    func plain(_ name: GraphQL.Name, _ kind: SDLType.Kind, _ directives: [GraphQL.Directive], extension: Bool)
        -> SDLType
    {
        SDLType(
            name: name.value, kind: kind, isExtension: `extension`, directives: directives.map(directive), fields: [],
            location: location(name.loc))
    }
}
