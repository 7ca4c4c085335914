import AssessCore
import AssessGraders
import AssessTestSupport
import Testing

@Suite struct CodeLayersGraderTests {
    let options = """
        layers:
          domain: { paths: ['src/main/java/com/shop/orders/domain/**', 'src/domain/**'] }
          application: { paths: ['src/main/java/com/shop/orders/application/**', 'src/application/**'] }
          adapters: { paths: ['src/main/java/com/shop/orders/adapters/**', 'src/adapters/**'] }
        allow:
          application: [domain]
          adapters: [application, domain]
        """

    static let javaTree: [String: String] = [
        "src/main/java/com/shop/orders/domain/Order.java":
            "package com.shop.orders.domain;\n\nimport java.util.List;\n\npublic class Order {}\n",
        "src/main/java/com/shop/orders/application/PlaceOrder.java":
            "package com.shop.orders.application;\n\nimport com.shop.orders.domain.Order;\n\npublic class PlaceOrder {}\n",
        "src/main/java/com/shop/orders/adapters/JdbcOrders.java":
            "package com.shop.orders.adapters;\n\nimport com.shop.orders.application.PlaceOrder;\nimport com.shop.orders.domain.Order;\nimport java.sql.Connection;\n\nclass JdbcOrders {}\n",
    ]

    @Test func aCleanHexagonPasses() async throws {
        let r = try await gradeSingle(grader: "code.layers", with: options, paths: ["src/**"], files: Self.javaTree)
        #expect(r.status == .passed)
        #expect(r.measurements.map(\.value) == [0, 3])  // no forbidden import; three cross-layer imports checked
    }

    /// The must-show: one adapter import inside the domain is reported at exactly its file and line.
    @Test func oneAdapterImportInTheDomainIsReportedExactly() async throws {
        var tree = Self.javaTree
        tree["src/main/java/com/shop/orders/domain/Order.java"] =
            "package com.shop.orders.domain;\n\nimport java.util.List;\nimport com.shop.orders.adapters.JdbcOrders;\n\npublic class Order {}\n"
        let r = try await gradeSingle(grader: "code.layers", with: options, paths: ["src/**"], files: tree)
        #expect(r.status == .partial)
        #expect(
            r.findings.map(\.description) == [
                "src/main/java/com/shop/orders/domain/Order.java:4:1: error: domain imports adapters ('com.shop.orders.adapters.JdbcOrders'); domain may depend on no other layer"
            ])
        #expect(abs(r.score - 2.0 / 3.0) < 0.001)
    }

    @Test func relativeImportsInTypeScriptAndPythonResolveToLayers() async throws {
        let files = [
            "src/domain/order.ts":
                "import { Money } from './money';\nimport { PlaceOrder } from '../application/place-order';\n",
            "src/domain/money.ts": "export class Money {}\n",
            "src/application/place-order.ts": "import { Order } from '../domain/order';\n",
            "src/adapters/db.py": "from ..application import place_order\nimport sqlalchemy\n",
        ]
        let r = try await gradeSingle(grader: "code.layers", with: options, paths: ["src/**"], files: files)
        #expect(
            r.findings.map(\.description) == [
                "src/domain/order.ts:2:1: error: domain imports application ('../application/place-order'); domain may depend on no other layer"
            ])
    }

    @Test func layerGlobsThatNameTheExtensionStillCatchRelativeImports() async throws {
        let r = try await gradeSingle(
            grader: "code.layers",
            with:
                "layers: { domain: { paths: ['src/domain/**/*.ts'] }, adapters: { paths: ['src/adapters/**/*.ts'] } }\nallow: { adapters: [domain] }",
            paths: ["src/**"],
            files: [
                "src/domain/order.ts": "import { db } from '../adapters/db';\n",
                "src/adapters/db.ts": "export const db = 1;\n",
            ])
        #expect(
            r.findings.map(\.description) == [
                "src/domain/order.ts:1:1: error: domain imports adapters ('../adapters/db'); domain may depend on no other layer"
            ])
    }

    @Test func failsWhenNoSourceIsInAnyLayer() async throws {
        let r = try await gradeSingle(
            grader: "code.layers", with: options, paths: ["**"],
            files: ["README.md": "# nothing", "lib/x.rb": "require 'y'"])
        #expect(r.status == .failed)
        #expect(r.summary == "no source files in the declared layers")
    }

    @Test func malformedOptionsNameTheUnknownLayers() throws {
        let node = try YAMLParser().parse(
            "layers:\n  domain: { paths: ['src/domain/**'] }\n  adapters: { paths: ['../x/**'] }\nallow:\n  adaptors: [domian]\n",
            file: "o.yaml")
        let error = try #require(throws: RubricError.self) { try CodeLayersGrader.options(from: node) }
        #expect(
            error.diagnostics.map(\.description) == [
                "o.yaml:3:22: error: path pattern '../x/**' climbs out of the submission with '..'",
                "o.yaml:5:3: error: 'allow' names unknown layer 'adaptors'; did you mean 'adapters'?",
                "o.yaml:5:13: error: layer 'adaptors' is allowed unknown layer 'domian'; did you mean 'domain'?",
            ])
    }

    // MARK: layers found by folder (`layers: hexagonal`)

    @Test func aGoServiceWithInternalCoreAndAdaptersIsLayeredByFolder() async throws {
        let tree = [
            "services/payments/go.mod": "module github.com/acme/shop/services/payments\n",
            "services/payments/internal/core/domain/payment.go": "package domain\n\nimport \"errors\"\n",
            "services/payments/internal/core/ports/ports.go":
                "package ports\n\nimport \"github.com/acme/shop/services/payments/internal/core/domain\"\n",
            "services/payments/internal/application/capture.go":
                "package application\n\nimport (\n\t\"github.com/acme/shop/services/payments/internal/core/domain\"\n\t\"github.com/acme/shop/services/payments/internal/core/ports\"\n)\n",
            "services/payments/internal/adapters/http/handler.go":
                "package http\n\nimport (\n\t\"net/http\"\n\t\"github.com/acme/shop/services/payments/internal/application\"\n)\n",
            "services/payments/internal/adapters/http/handler_test.go":
                "package http\n\nimport \"github.com/acme/shop/services/payments/internal/adapters/postgres\"\n",
        ]
        let r = try await gradeSingle(grader: "code.layers", with: "layers: hexagonal", paths: ["services/*/**"], files: tree)
        #expect(r.status == .passed, "\(r.findings)")
        #expect(r.summary == "4 files in 3 layers, no forbidden import")
        #expect(r.findings.map(\.message) == ["layers found by folder under 'services/payments/internal'"])
    }

    @Test func aDotNetSolutionWithProjectsPerLayerCatchesTheDomainReachingOut() async throws {
        let tree = [
            "services/billing/src/Billing.Domain/Invoice.cs":
                "using System;\nusing Billing.Infrastructure.Persistence;\n\nnamespace Billing.Domain;\n",
            "services/billing/src/Billing.Application/IssueInvoice.cs":
                "using Billing.Domain;\n\nnamespace Billing.Application;\n",
            "services/billing/src/Billing.Infrastructure/Persistence/InvoiceStore.cs":
                "using Microsoft.EntityFrameworkCore;\nusing Billing.Application;\nusing Billing.Domain;\n\nnamespace Billing.Infrastructure.Persistence;\n",
        ]
        let r = try await gradeSingle(grader: "code.layers", with: "layers: hexagonal", paths: ["services/*/**"], files: tree)
        #expect(r.status == .partial)
        #expect(
            r.findings.map(\.description) == [
                "services/billing/src/Billing.Domain/Invoice.cs:2:1: error: domain imports adapters ('Billing.Infrastructure.Persistence'); domain may depend on no other layer",
                "info: layers found by folder under 'services/billing/src'",
            ])
    }

    @Test func aPythonPackageIsLayeredAndItsTestsAndLibrariesAreLeftOut() async throws {
        let tree = [
            "services/reviews/reviews/domain/model.py": "from dataclasses import dataclass\n",
            "services/reviews/reviews/application/moderate.py": "from reviews.domain.model import Review\n",
            "services/reviews/reviews/adapters/web.py":
                "from flask import Flask\nfrom reviews.application.moderate import moderate\n",
            "services/reviews/reviews/adapters/persistence.py": "from sqlalchemy.orm import Session\n",
            // A test may reach across layers to build fixtures; it is no part of the layering.
            "services/reviews/tests/test_moderate.py": "from reviews.adapters.persistence import Store\n",
            // The domain using a persistence library is a library, not one of our adapters.
            "services/reviews/reviews/domain/ids.py": "import web\nfrom persistence import Id\n",
        ]
        let r = try await gradeSingle(grader: "code.layers", with: "layers: hexagonal", paths: ["services/*/**"], files: tree)
        #expect(r.status == .passed, "\(r.findings)")
        #expect(r.measurements.map(\.value) == [0, 2])
        var broken = tree
        broken["services/reviews/reviews/domain/model.py"] = "from reviews.adapters.web import app\n"
        let b = try await gradeSingle(
            grader: "code.layers", with: "layers: hexagonal", paths: ["services/*/**"], files: broken)
        #expect(
            b.findings.first?.description
                == "services/reviews/reviews/domain/model.py:1:1: error: domain imports adapters ('reviews.adapters.web'); domain may depend on no other layer"
        )
    }

    @Test func layersMayBeNamedByFolderWithTheirOwnRules() async throws {
        let r = try await gradeSingle(
            grader: "code.layers",
            with: "layers: { core: { folders: [core] }, shell: { folders: [shell, io] } }\nallow: { shell: [core] }",
            paths: ["src/**"],
            files: [
                "src/core/rules.ts": "import { readFile } from '../io/files';\n",
                "src/io/files.ts": "import { rules } from '../core/rules';\n",
            ])
        #expect(
            r.findings.map(\.description) == [
                "src/core/rules.ts:1:1: error: core imports shell ('../io/files'); core may depend on no other layer",
                "info: layers found by folder under 'src'",
            ])
    }

    @Test func anUnknownPresetIsARubricError() throws {
        let node = try YAMLParser().parse("layers: hexagonl\n", file: "o.yaml")
        let error = try #require(throws: RubricError.self) { try CodeLayersGrader.options(from: node) }
        #expect(
            error.diagnostics.map(\.description) == [
                "o.yaml:1:9: error: 'layers' is 'hexagonal' or a mapping of layer names; found 'hexagonl'; did you mean 'hexagonal'?"
            ])
    }
}
