import Foundation
import HTTPAPI
import KordonTesting
import Testing

/// The OpenAPI document is the contract other agencies build against (issue 12 item 5): every body is
/// typed, and the copy the generated client is built from (`Tests/KordonAPIClient/openapi.json`) is the
/// document the server serves, so neither can drift from the other unnoticed.
@Suite("The OpenAPI document as a contract")
struct OpenAPIContractTests {
    /// Where the generated client's copy of the document lives, beside its generator configuration.
    static let committedDocument = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("KordonAPIClient/openapi.json")

    /// The command that rewrites the committed copy from the server's route table.
    static let refreshCommand = "KORDON_UPDATE_OPENAPI=1 swift test --filter OpenAPIContractTests"

    /// The served document, as the committed copy spells it: keys sorted, pretty-printed, so a change to a
    /// route shows in review as a readable diff of this file.
    static func servedDocument() async throws -> Data {
        let fixture = try await APIFixture.make(.sqlite)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(fixture.catalog.openAPIDocument())
        data.append(contentsOf: Array("\n".utf8))
        try await fixture.services.database.shutdown()
        return data
    }

    @Test("no request, response, event or webhook body is a bare object: each names its members or states it is a map")
    func everySchemaIsTyped() async throws {
        let document = try JSONSerialization.jsonObject(with: try await Self.servedDocument())
        let untyped = SchemaWalker.untypedSchemas(in: document)
        #expect(untyped.isEmpty, "untyped schemas at: \(untyped.joined(separator: ", "))")
    }

    @Test("the walker finds a bare object, a schema without a type and an object without members, wherever they hide")
    func walkerFindsUntypedSchemas() throws {
        let text = #"""
            {"paths": {"/v1/a": {"post": {
                "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
                "responses": {"200": {"content": {"application/json": {"schema": {
                    "type": "object",
                    "properties": {
                        "free": {"type": "object", "additionalProperties": {"type": "string"}},
                        "nested": {"type": "array", "items": {"type": "object", "properties": {}}},
                        "anything": {"description": "no type at all"},
                        "choice": {"enum": ["a", "b"]},
                        "typedChoice": {"type": "string", "enum": ["a", "b"]},
                        "either": {"oneOf": [{"type": "string"}, {"type": ["object", "null"]}]},
                        "named": {"type": "object", "properties": {"a": {"type": "string"}}, "examples": [{"a": "x"}]}
                    }
                }}}}}
            }}}}
            """#
        let document = try JSONSerialization.jsonObject(with: Data(text.utf8))
        #expect(
            Set(SchemaWalker.untypedSchemas(in: document)) == [
                "paths./v1/a.post.requestBody.content.application/json.schema",
                "paths./v1/a.post.responses.200.content.application/json.schema.properties.nested.items",
                "paths./v1/a.post.responses.200.content.application/json.schema.properties.anything",
                "paths./v1/a.post.responses.200.content.application/json.schema.properties.choice",
                "paths./v1/a.post.responses.200.content.application/json.schema.properties.either.oneOf[1]",
            ]
        )
    }

    @Test("the client's copy of the document is the one the server serves")
    func committedDocumentIsServed() async throws {
        let served = try await Self.servedDocument()
        if ProcessInfo.processInfo.environment["KORDON_UPDATE_OPENAPI"] == "1" {
            try served.write(to: Self.committedDocument)
        }
        let committed = try Data(contentsOf: Self.committedDocument)
        #expect(
            committed == served,
            "Tests/KordonAPIClient/openapi.json differs from the served document; refresh it with: \(Self.refreshCommand)"
        )
    }
}

/// Finds the schemas of a document that say nothing of their value's shape.
enum SchemaWalker {
    /// Keys whose value is one schema.
    static let schemaKeys: Set<String> = ["schema", "items", "not", "contains", "propertyNames", "unevaluatedItems"]
    /// Keys whose value is a list of schemas.
    static let schemaListKeys: Set<String> = ["oneOf", "anyOf", "allOf", "prefixItems"]
    /// Keys whose value maps names to schemas.
    static let schemaMapKeys: Set<String> = ["properties", "patternProperties", "schemas", "$defs"]

    /// Dotted paths of every untyped schema: one with no `type`, `$ref`, `const` or composition (an `enum`
    /// alone leaves a generated client with an untyped value), or an object that neither names its `properties`
    /// nor states its `additionalProperties` (a genuine free map says so).
    static func untypedSchemas(in document: Any) -> [String] {
        var found: [String] = []
        walk(document, path: "", isSchema: false, into: &found)
        return found.sorted()
    }

    private static func walk(_ node: Any, path: String, isSchema: Bool, into found: inout [String]) {
        if let list = node as? [Any] {
            for (index, element) in list.enumerated() { walk(element, path: "\(path)[\(index)]", isSchema: isSchema, into: &found) }
            return
        }
        guard let object = node as? [String: Any] else { return }
        if isSchema, !isTyped(object) { found.append(path) }
        for (key, value) in object {
            let child = path.isEmpty ? key : "\(path).\(key)"
            if isSchema || key == "schema" || key == "schemas" {
                if schemaKeys.contains(key) || (key == "additionalProperties" && value is [String: Any]) {
                    walk(value, path: child, isSchema: true, into: &found)
                    continue
                }
                if schemaListKeys.contains(key), let list = value as? [Any] {
                    for (index, element) in list.enumerated() {
                        walk(element, path: "\(child)[\(index)]", isSchema: true, into: &found)
                    }
                    continue
                }
                if schemaMapKeys.contains(key), let members = value as? [String: Any] {
                    for (name, member) in members { walk(member, path: "\(child).\(name)", isSchema: true, into: &found) }
                    continue
                }
                if isSchema { continue }  // examples, descriptions: not schemas
            }
            walk(value, path: child, isSchema: false, into: &found)
        }
    }

    private static func isTyped(_ schema: [String: Any]) -> Bool {
        if ["$ref", "const", "oneOf", "anyOf", "allOf"].contains(where: { schema[$0] != nil }) { return true }
        guard let type = schema["type"] else { return false }
        let types = (type as? [String]) ?? [(type as? String) ?? ""]
        guard types.contains("object") else { return true }
        let properties = schema["properties"] as? [String: Any] ?? [:]
        return !properties.isEmpty || schema["additionalProperties"] != nil || schema["patternProperties"] != nil
    }
}
