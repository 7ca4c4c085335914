#!/usr/bin/env python3
"""Writes the OpenAPI conformance corpus and records openapi-spec-validator's verdicts.

Each case is a published or shipped document (the OAI examples under sources/oai, the
samples under Submissions/) unchanged or with one mutation applied as a text edit, so every
case stays a document a person could have written. The cases go to cases/, and the
validator's verdict and first message on each go to verdicts.json beside them; the Swift
conformance tests read both. Run from anywhere: `python3 Tests/Conformance/openapi/make_corpus.py`."""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))

PETSTORE = "oai/30-petstore.yaml"
PETSTORE31 = "oai/31-petstore.yaml"
EXPANDED = "oai/30-petstore-expanded.yaml"
USPTO = "oai/30-uspto.yaml"
WEBHOOK = "oai/31-webhook-example.yaml"
CATALOG31 = "Submissions/quickstart-pass/api/catalog.yaml"
ORDERS30 = "Submissions/quickstart-pass/api/orders.yaml"
CHECKOUT30 = "Submissions/phase4-operations/pass/api/checkout-api.yaml"

# (case name, source, what the mutation does, [(old text, new text), ...])
CASES = [
    # The published and shipped documents as they are.
    ("oai-30-petstore", PETSTORE, "unchanged", []),
    ("oai-30-petstore-expanded", EXPANDED, "unchanged", []),
    ("oai-30-api-with-examples", "oai/30-api-with-examples.yaml", "unchanged", []),
    ("oai-30-callback-example", "oai/30-callback-example.yaml", "unchanged", []),
    ("oai-30-link-example", "oai/30-link-example.yaml", "unchanged", []),
    ("oai-30-uspto", USPTO, "unchanged", []),
    ("oai-31-petstore", PETSTORE31, "unchanged", []),
    ("oai-31-webhook-example", WEBHOOK, "unchanged", []),
    ("oai-31-non-oauth-scopes", "oai/31-non-oauth-scopes.yaml", "unchanged", []),
    ("shipped-capstone-analytics-version-number", "Submissions/capstone-fintech/fail/api/analytics-api.yaml",
     "unchanged (info.version written as the number 1.0)", []),
    ("shipped-phase1-fail-broken-ref", "Submissions/phase1-fail/api/openapi.yaml", "unchanged", []),
    # info
    ("30-info-version-number", PETSTORE, "info.version as a number",
     [("  version: 1.0.0\n", "  version: 1.0\n")]),
    ("31-info-version-number", CATALOG31, "info.version as a number",
     [("  version: 2.0.1\n", "  version: 2\n")]),
    ("30-info-no-title", PETSTORE, "info without title", [("  title: Swagger Petstore\n", "")]),
    ("30-license-no-name", PETSTORE, "license without name", [("    name: MIT\n", "    url: https://opensource.org/licenses/MIT\n")]),
    ("30-info-summary", PETSTORE, "info.summary, a 3.1 field, in a 3.0 document",
     [("  title: Swagger Petstore\n", "  title: Swagger Petstore\n  summary: Pets for sale\n")]),
    ("31-info-summary", CATALOG31, "info.summary in a 3.1 document",
     [("  title: Catalog API\n", "  title: Catalog API\n  summary: Products and categories\n")]),
    ("30-openapi-short-version", PETSTORE, "openapi: 3.0 without a patch number",
     [('openapi: "3.0.0"', 'openapi: "3.0"')]),
    ("30-unknown-top-level-key", PETSTORE, "an unknown top-level key without x-",
     [("servers:\n", "owner: pets-team\nservers:\n")]),
    ("30-extension-top-level-key", PETSTORE, "a top-level x- extension",
     [("servers:\n", "x-owner: pets-team\nservers:\n")]),
    # paths and parameters
    ("30-path-template-unmatched", PETSTORE, "path template {petId} with no path parameter",
     [("        - name: petId\n          in: path\n          required: true\n", "        - name: id\n          in: path\n          required: true\n")]),
    ("31-path-template-unmatched", CATALOG31, "path template {sku} with no path parameter",
     [("{ name: sku, in: path, required: true", "{ name: id, in: path, required: true")]),
    ("30-path-parameter-not-required", PETSTORE, "path parameter with required: false",
     [("          in: path\n          required: true\n", "          in: path\n          required: false\n")]),
    ("30-path-parameter-at-path-item", PETSTORE, "the path parameter declared on the path item",
     [("  /pets/{petId}:\n    get:\n", "  /pets/{petId}:\n    parameters:\n      - name: petId\n        in: path\n        required: true\n        schema:\n          type: string\n    get:\n"),
      ("      parameters:\n        - name: petId\n          in: path\n          required: true\n          description: The id of the pet to retrieve\n          schema:\n            type: string\n", "")]),
    ("30-parameter-in-body", PETSTORE, "a parameter in: body (Swagger 2)",
     [("          in: query\n", "          in: body\n")]),
    ("30-parameter-no-schema", PETSTORE, "a query parameter with neither schema nor content",
     [("          required: false\n          schema:\n            type: integer\n            maximum: 100\n            format: int32\n", "          required: false\n")]),
    ("30-duplicate-parameter", PETSTORE, "the same query parameter twice",
     [("            format: int32\n      responses:", "            format: int32\n        - name: limit\n          in: query\n          schema:\n            type: integer\n      responses:")]),
    ("30-path-no-leading-slash", PETSTORE, "a path without its leading slash",
     [("  /pets:\n", "  pets:\n")]),
    ("30-duplicate-operation-id", PETSTORE, "two operations with one operationId",
     [("operationId: showPetById", "operationId: listPets")]),
    ("31-duplicate-operation-id", CATALOG31, "two operations with one operationId",
     [("operationId: listCategories", "operationId: listProducts")]),
    # responses
    ("30-no-responses", PETSTORE, "an operation without responses",
     [("      responses:\n        '201':\n          description: Null response\n        default:\n          description: unexpected error\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/Error\"\n", "")]),
    ("31-no-responses", CATALOG31, "an operation without responses (optional in 3.1)",
     [("      summary: The category tree\n      responses:\n        \"200\": { description: Categories }\n", "      summary: The category tree\n")]),
    ("30-response-no-description", PETSTORE, "a response without description",
     [("        '201':\n          description: Null response\n", "        '201': {}\n")]),
    ("30-response-code-word", PETSTORE, "a response keyed OK instead of a status code",
     [("        '201':\n", "        'OK':\n")]),
    ("31-response-code-2xx-range", CATALOG31, "a response keyed 2XX (a range, allowed)",
     [('        "200": { description: Categories }', '        "2XX": { description: Categories }')]),
    ("30-request-body-no-content", PETSTORE, "a requestBody without content",
     [("      requestBody:\n        content:\n          application/json:\n            schema:\n              $ref: '#/components/schemas/Pet'\n        required: true\n", "      requestBody:\n        required: true\n")]),
    # schemas
    ("30-required-true-on-property", PETSTORE, "required: true on a schema property",
     [("        name:\n          type: string\n        tag:", "        name:\n          type: string\n          required: true\n        tag:")]),
    ("31-required-true-on-property", PETSTORE31, "required: true on a schema property",
     [("        name:\n          type: string\n        tag:", "        name:\n          type: string\n          required: true\n        tag:")]),
    ("30-type-float", PETSTORE, "type: float",
     [("          type: integer\n          format: int64\n", "          type: float\n")]),
    ("30-type-array-with-null", PETSTORE, "type: [string, 'null'] (3.1 style) in a 3.0 document",
     [("        tag:\n          type: string\n", "        tag:\n          type: [string, 'null']\n")]),
    ("30-nullable", PETSTORE, "nullable: true in a 3.0 document",
     [("        tag:\n          type: string\n", "        tag:\n          type: string\n          nullable: true\n")]),
    ("30-exclusive-minimum-boolean", PETSTORE, "exclusiveMinimum: true (3.0 style) in a 3.0 document",
     [("            maximum: 100\n", "            maximum: 100\n            minimum: 0\n            exclusiveMinimum: true\n")]),
    ("31-exclusive-minimum-boolean", PETSTORE31, "exclusiveMinimum: true (3.0 style) in a 3.1 document",
     [("            maximum: 100\n", "            maximum: 100\n            minimum: 0\n            exclusiveMinimum: true\n")]),
    ("30-empty-enum", PETSTORE, "an empty enum",
     [("        tag:\n          type: string\n", "        tag:\n          type: string\n          enum: []\n")]),
    ("30-negative-max-length", PETSTORE, "maxLength: -1",
     [("        tag:\n          type: string\n", "        tag:\n          type: string\n          maxLength: -1\n")]),
    ("30-default-wrong-type", PETSTORE, "a default that does not match its schema",
     [("            maximum: 100\n", "            maximum: 100\n            default: many\n")]),
    ("30-required-undeclared-in-allof", EXPANDED, "required names a property that no part of the allOf declares",
     [("          required:\n          - id\n", "          required:\n          - id\n          - owner\n")]),
    ("30-ref-missing-component", PETSTORE, "a response's $ref to a schema that is not there",
     [('$ref: "#/components/schemas/Pets"', '$ref: "#/components/schemas/PetList"')]),
    # security
    ("30-security-scheme-api-key-no-in", PETSTORE, "an apiKey security scheme without 'in'",
     [("components:\n", "components:\n  securitySchemes:\n    key:\n      type: apiKey\n      name: X-API-Key\n")]),
    ("30-security-scheme-oauth2-no-flows", PETSTORE, "an oauth2 security scheme without flows",
     [("components:\n", "components:\n  securitySchemes:\n    oauth:\n      type: oauth2\n")]),
    # document shape
    ("30-no-paths", CHECKOUT30, "a 3.0 document without paths",
     [("paths:\n  /v1/checkout/health:\n    get:\n      responses:\n        \"200\":\n          description: The service is up.\n", "")]),
    ("31-webhooks-only", WEBHOOK, "a 3.1 document with webhooks and no paths (unchanged control)", []),
    ("31-nothing-but-info", CATALOG31, "a 3.1 document with neither paths, webhooks nor components",
     [(None, "openapi: 3.1.0\ninfo:\n  title: Catalog API\n  version: 2.0.1\n")]),
    ("30-webhooks", ORDERS30, "webhooks, a 3.1 field, in a 3.0 document",
     [(None, None)]),
    ("30-duplicate-tag", PETSTORE, "two tags with one name",
     [("servers:\n", "tags:\n  - name: pets\n  - name: pets\nservers:\n")]),
    ("30-yaml-tab", PETSTORE, "a tab indenting a key (YAML forbids it)",
     [("  title: Swagger Petstore\n", "\ttitle: Swagger Petstore\n")]),
]


def source_text(source):
    path = os.path.join(HERE, "sources", source) if source.startswith("oai/") else os.path.join(ROOT, source)
    with open(path) as file:
        return file.read()


def apply(text, edits, name):
    for edit in edits:
        old, new = edit[0], edit[1]
        if len(edit) == 3:  # ("every"): replace each occurrence
            text = text.replace(old, new)
            continue
        if old is None and new is None:
            # 30-webhooks: append a webhooks block to the 3.0 document.
            text = text.rstrip("\n") + "\nwebhooks:\n  orderPlaced:\n    post:\n      responses:\n        '200':\n          description: Received\n"
            continue
        if old is None:
            text = new
            continue
        if text.count(old) != 1:
            sys.exit(f"{name}: the text to replace occurs {text.count(old)} times: {old!r}")
        text = text.replace(old, new)
    return text


def main():
    cases_dir = os.path.join(HERE, "cases")
    os.makedirs(cases_dir, exist_ok=True)
    for stale in os.listdir(cases_dir):
        os.remove(os.path.join(cases_dir, stale))
    written = []
    for name, source, mutation, edits in CASES:
        path = os.path.join(cases_dir, name + ".yaml")
        with open(path, "w") as file:
            file.write(apply(source_text(source), edits, name))
        written.append((name, source, mutation, path))
    tool = subprocess.run([sys.executable, os.path.join(HERE, "verdict.py"), "--version"],
                          capture_output=True, text=True, check=True).stdout.strip()
    output = subprocess.run([sys.executable, os.path.join(HERE, "verdict.py")] + [w[3] for w in written],
                            capture_output=True, text=True, check=True).stdout
    verdicts = {line["case"]: line for line in map(json.loads, output.splitlines())}
    records = []
    for name, source, mutation, _ in written:
        found = verdicts[name + ".yaml"]
        records.append({"case": name + ".yaml", "source": source, "mutation": mutation,
                        "verdict": found["verdict"], "message": found["message"]})
    with open(os.path.join(HERE, "verdicts.json"), "w") as file:
        json.dump({"tool": tool, "cases": records}, file, indent=2)
        file.write("\n")
    invalid = sum(1 for r in records if r["verdict"] == "invalid")
    print(f"{len(records)} cases ({invalid} invalid) recorded with {tool}")


if __name__ == "__main__":
    main()
