import AssessFormats
import AssessYAML
import Testing

/// "target @line:column" for each import found, in order: one string per import keeps the
/// expectations readable and a failure shows exactly which import moved.
private func scan(_ text: String, _ language: SourceLanguage, file: String = "f") -> [String] {
    ImportScanner.imports(in: text, language: language, file: file).map {
        "\($0.target) @\($0.location.line):\($0.location.column)"
    }
}

private func forms(_ text: String, _ language: SourceLanguage) -> [String] {
    ImportScanner.imports(in: text, language: language, file: "f").map(\.form)
}

@Suite struct ImportScannerTests {
    // MARK: Swift

    @Test func swiftAdapterFile() {
        let source = ##"""
            // Copyright Shop. import NotAModule
            import Foundation
            @testable import OrdersDomain
            @_exported import struct OrdersApplication.PlaceOrder
            public import protocol OrdersDomain.OrderRepository
            package import class PostgresNIO.PostgresClient

            /* import Hidden
               /* nested: import Hidden2 */
               import Hidden3 */
            #if canImport(Logging)
            internal import Logging
            #endif

            struct PostgresOrderRepository: OrderRepository {
                let sql = "import Fake; \(table("import Bad")) import Fake2"
                let raw = #"import "Fake3" \(x) "#
                let multi = """
                    import Fake4
                    \(call("""
                    import Fake5
                    """))
                    """
                func save(_ order: Order) async throws { try await client.import(order) }
            }
            """##
        #expect(
            scan(source, .swift, file: "Sources/Adapters/PostgresOrderRepository.swift") == [
                "Foundation @2:1", "OrdersDomain @3:11", "OrdersApplication.PlaceOrder @4:12",
                "OrdersDomain.OrderRepository @5:8", "PostgresNIO.PostgresClient @6:9", "Logging @12:10",
            ])
        let first = ImportScanner.imports(in: source, language: .swift, file: "Sources/Adapters/P.swift")[0]
        #expect(first.location == SourceLocation(file: "Sources/Adapters/P.swift", line: 2, column: 1))
        #expect(first.form == "import")
    }

    @Test func swiftDeclarationKindsAndEscapedNames() {
        let source = ##"""
            import typealias A.B
            import enum C.D
            import func E.f
            import let F.g
            import var G.h
            import `H`
            @_spi(Internal) @preconcurrency import I
            private import J.K.L
            """##
        #expect(
            scan(source, .swift) == [
                "A.B @1:1", "C.D @2:1", "E.f @3:1", "F.g @4:1", "G.h @5:1", "H @6:1", "I @7:33", "J.K.L @8:9",
            ])
    }

    @Test func swiftColumnsCountCharactersNotBytes() {
        #expect(scan("/* é → ü */ import X", .swift) == ["X @1:13"])
    }

    // MARK: Java

    @Test func javaApplicationFile() {
        let source = ##"""
            package com.shop.orders.application;

            import java.util.List;
            import java.util.*;
            import static com.shop.orders.domain.Money.euros;
            import com.shop.orders.domain.Order;
            import com.shop.orders.adapters.PostgresOrderRepository; // application -> adapters

            /** Places orders. import com.fake.InJavadoc; */
            public final class PlaceOrder {
                private static final String SQL = "import com.fake.InString;";
                private static final String BLOCK = """
                    import com.fake.InTextBlock;
                    \""" import com.fake.StillInTextBlock;
                    """;
                private final char quote = '"'; private final String after = "x"; // import com.fake.Comment;
                /* import com.fake.Block; */
            }
            """##
        #expect(
            scan(source, .java) == [
                "java.util.List @3:1", "java.util.* @4:1", "com.shop.orders.domain.Money.euros @5:1",
                "com.shop.orders.domain.Order @6:1", "com.shop.orders.adapters.PostgresOrderRepository @7:1",
            ])
        #expect(forms(source, .java) == ["import", "import", "import static", "import", "import"])
    }

    @Test func javaModuleImportsAndPackagesNamedModule() {
        let source = "import module java.base;\nimport module.orders.Order;\nimport static a.B.*;"
        #expect(scan(source, .java) == ["java.base @1:1", "module.orders.Order @2:1", "a.B.* @3:1"])
        #expect(forms(source, .java) == ["import module", "import", "import static"])
    }

    // MARK: Kotlin

    @Test func kotlinAdapterFile() {
        let source = ##"""
            @file:JvmName("Repository")
            package com.shop.orders.adapters

            import com.shop.orders.domain.Order
            import com.shop.orders.domain.OrderRepository as Repository
            import kotlinx.coroutines.*
            import org.jetbrains.exposed.sql.`transactions`.transaction

            /* import fake.Block /* nested */ import fake.AfterNested */
            class ExposedOrderRepository : Repository {
                val sql = "import fake.InString ${order.id.let { "import fake.InTemplate" }} import fake.After"
                val raw = """
                    import fake.InRaw
                    ${"\"\"\""} import fake.StillRaw
                """
                fun import() = Unit
                val x = `import`
            }
            """##
        #expect(
            scan(source, .kotlin) == [
                "com.shop.orders.domain.Order @4:1", "com.shop.orders.domain.OrderRepository @5:1",
                "kotlinx.coroutines.* @6:1", "org.jetbrains.exposed.sql.transactions.transaction @7:1",
            ])
    }

    // MARK: C#

    @Test func csharpApplicationFile() {
        let source = ##"""
            global using System;
            global using static System.Math;
            using System.Collections.Generic;
            using Shop.Orders.Domain;
            using static Shop.Orders.Domain.Money;
            using Repo = Shop.Orders.Adapters.SqlOrderRepository;
            using Lookup = System.Collections.Generic.Dictionary<string, int>;

            #region using Fake.InRegion
            namespace Shop.Orders.Application
            {
                using Shop.Orders.Ports;

                public sealed class PlaceOrder
                {
                    private const string Sql = "using Fake.InString;";
                    private const string Path = @"C:\using\"" Fake.Verbatim;";
                    private const string Raw = """
                        using Fake.Raw; "" still raw
                        """;
                    private string Say(int n) => $"using {n:0.0} Fake; {Fmt("using Fake.Nested;")} {{using Fake.Brace;}}";

                    public async Task Run()
                    {
                        using (var connection = Open()) { }
                        using var scope = Begin();
                        await using var stream = Open();
                        using Connection c = Open();
                        // using Fake.InComment;
                        /* using Fake.InBlock; */
                    }
                }
            }
            """##
        #expect(
            scan(source, .csharp) == [
                "System @1:8", "System.Math @2:8", "System.Collections.Generic @3:1", "Shop.Orders.Domain @4:1",
                "Shop.Orders.Domain.Money @5:1", "Shop.Orders.Adapters.SqlOrderRepository @6:1",
                "System.Collections.Generic.Dictionary<string, int> @7:1", "Shop.Orders.Ports @12:5",
            ])
        #expect(
            forms(source, .csharp) == [
                "global using", "global using static", "using", "using", "using static", "using", "using", "using",
            ])
    }

    @Test func csharpFileScopedNamespaceAndGlobalQualifier() {
        let source = "namespace Shop.Orders;\nusing global::Shop.Orders.Domain;\n{ using A.B; }"
        #expect(scan(source, .csharp) == ["global::Shop.Orders.Domain @2:1", "A.B @3:3"])
    }

    // MARK: Go

    @Test func goAdapterFile() {
        let source = [
            "package postgres",
            "",
            "import \"context\"",
            "import (",
            "\t\"database/sql\"",
            "\t\"fmt\"; \"strings\"",
            "",
            "\tdomain \"github.com/shop/orders/internal/domain\"",
            "\t_ \"github.com/lib/pq\"",
            "\t. \"github.com/shop/orders/internal/testing/dsl\"",
            "\t`github.com/shop/orders/internal/ports`",
            ")",
            "",
            "// import \"fake/comment\"",
            "/* import \"fake/block\" */",
            "const query = \"import \\\"fake/string\\\"\"",
            "var raw = `",
            "import \"fake/raw\"",
            "`",
            "var r = '\"'",
        ].joined(separator: "\n")
        #expect(
            scan(source, .go) == [
                "context @3:1", "database/sql @5:2", "fmt @6:2", "strings @6:9",
                "github.com/shop/orders/internal/domain @8:9", "github.com/lib/pq @9:4",
                "github.com/shop/orders/internal/testing/dsl @10:4", "github.com/shop/orders/internal/ports @11:2",
            ])
    }

    @Test func goSingleImportsWithNames() {
        let source = "import alias \"a/b\"\nimport _ \"c/d\"\nimport . \"e/f\"\nimport (\"g\"; h \"i/j\")"
        #expect(scan(source, .go) == ["a/b @1:1", "c/d @2:1", "e/f @3:1", "g @4:9", "i/j @4:16"])
    }

    // MARK: TypeScript and JavaScript

    @Test func typeScriptAdapterFile() {
        let source = ##"""
            import { Order, OrderId } from '../domain/order';
            import type { OrderRepository } from "../domain/ports";
            import * as db from '../adapters/db';
            import express from 'express';
            import 'reflect-metadata';
            import {
              PlaceOrder,
              CancelOrder,
            } from './use-cases';
            import Default, { named, "odd-name" as odd } from "./mixed";
            import fs = require('fs');
            export { Money } from '../domain/money';
            export * from './events';
            export * as dto from './dto';
            export type { OrderDto } from './dto';

            // import fake from 'comment';
            /* import fake from 'block' */
            const sql = "import x from 'in-string'";
            const tpl = `import y from 'in-template' ${await import('./lazy')} done`;
            const re = /import z from 'regex'/g;
            const legacy = require('./legacy');
            const lazy = () => import('./lazy-too');
            function f(a: number, b: number) { return a / b / 2; }
            """##
        #expect(
            scan(source, .typescript) == [
                "../domain/order @1:1", "../domain/ports @2:1", "../adapters/db @3:1", "express @4:1",
                "reflect-metadata @5:1", "./use-cases @6:1", "./mixed @10:1", "fs @11:1", "../domain/money @12:1",
                "./events @13:1", "./dto @14:1", "./dto @15:1", "./lazy @20:50", "./legacy @22:16",
                "./lazy-too @23:20",
            ])
        #expect(
            forms(source, .typescript) == [
                "import", "import type", "import", "import", "import", "import", "import", "import", "export",
                "export", "export", "export type", "import()", "require", "import()",
            ])
    }

    @Test func typeScriptTypeOnlyEdgeCases() {
        let source =
            "import type from './default-named-type';\nimport type T from './t';\nimport type, { a } from './u';"
        #expect(scan(source, .typescript) == ["./default-named-type @1:1", "./t @2:1", "./u @3:1"])
        #expect(forms(source, .typescript) == ["import", "import type", "import"])
    }

    @Test func javaScriptModuleFile() {
        let source = ##"""
            #!/usr/bin/env node
            'use strict';
            const { Order } = require("../domain/order");
            const repo = require('./adapters/repo'), other = require(`./no-substitution`);
            const dynamic = require(name);
            const template = require(`./${name}`);
            const url = import.meta.url;
            const config = { import: 1, require: 2 };
            loader.require('./not-a-module');
            obj.import('./not-either');
            const html = `<p>${x}</p>` + "import a from 'b'";
            const slash = a / 2; const s = "'"; // import fake from 'comment'
            let quote = /['"`]/;
            import('./at-the-end').then(m => m);
            """##
        #expect(
            scan(source, .javascript) == [
                "../domain/order @3:19", "./adapters/repo @4:14", "./no-substitution @4:50", "./at-the-end @14:1",
            ])
        #expect(forms(source, .javascript) == ["require", "require", "require", "import()"])
    }

    // MARK: Python

    @Test func pythonAdapterFile() {
        let source = ##"""
            """Order service adapters.

            import fake.in_docstring
            from fake import in_docstring
            """
            from __future__ import annotations

            import os
            import json as j, typing
            from . import ports
            from ..domain.model import Order, OrderId
            from .repository import (
                OrderRepository,  # import fake.in_comment
                Lookup,
            )
            from sqlalchemy.orm import \
                Session

            # import fake.comment
            SQL = 'import fake.in_string'
            RAW = r"from fake import raw"
            FMT = f"{'import fake.in_fstring'} {os.sep!r:>10} {x:'^{width}}"
            BYTES = b'''
            import fake.in_bytes
            '''


            def load():
                import importlib.util
                raise ValueError("x") from None
            """##
        #expect(
            scan(source, .python) == [
                "__future__ @6:1", "os @8:1", "json @9:1", "typing @9:1", ". @10:1", "..domain.model @11:1",
                ".repository @12:1", "sqlalchemy.orm @16:1", "importlib.util @29:5",
            ])
        #expect(
            forms(source, .python) == ["from", "import", "import", "import", "from", "from", "from", "from", "import"])
    }

    @Test func pythonStatementsAndRelativeImports() {
        let source = ##"""
            import a, b.c
            from .. import x
            from ...shared.kernel import Id
            from x import (
                a,
                b)
            raise Error from cause
            import after_raise
            import os; from sys import path
            try: import ujson as json
            except ImportError: import json
            print("done")  # from fake import nothing
            """##
        #expect(
            scan(source, .python) == [
                "a @1:1", "b.c @1:1", ".. @2:1", "...shared.kernel @3:1", "x @4:1", "after_raise @8:1", "os @9:1",
                "sys @9:12", "ujson @10:6", "json @11:21",
            ])
    }

    @Test func pythonWindowsLineEndings() {
        let source = "import a\r\n'''\r\nimport fake\r\n'''\r\nfrom b import c\r\n"
        #expect(scan(source, .python) == ["a @1:1", "b @5:1"])
    }

    // MARK: Comment and string traps

    @Test(arguments: [
        (SourceLanguage.swift, "// import A\n/* import B */ let s = \"import C\" // \"\nimport Real", "Real"),
        (
            .java, "// import a.A;\n/* import a.B; */ String s = \"import a.C;\"; char c = '\\'';\nimport real.Real;",
            "real.Real"
        ),
        (.kotlin, "// import a.A\n/* /* import a.B */ */ val s = \"import a.C\"\nimport real.Real", "real.Real"),
        (.csharp, "// using A;\n/* using B; */ var s = \"using C;\"; var v = @\"\"\"using D;\";\nusing Real;", "Real"),
        (.go, "// import \"a\"\n/* import \"b\" */ var s = \"import \\\"c\\\"\"\nimport \"Real\"", "Real"),
        (
            .typescript, "// import a from 'a'\n/* import b from 'b' */ let s = \"import c from 'c'\"\nimport 'Real'",
            "Real"
        ),
        (.javascript, "// require('a')\n/* require('b') */ let s = 'require(\"c\")'\nrequire('Real')", "Real"),
        (.python, "# import a\n'''import b''' ; s = \"from c import d\"\nimport Real", "Real"),
    ])
    func commentsAndStringsAreNotImports(_ language: SourceLanguage, _ source: String, _ target: String) {
        let found = ImportScanner.imports(in: source, language: language, file: "f")
        #expect(found.map(\.target) == [target])
        #expect(found.map(\.location.line) == [3])
    }

    /// Raw strings, nested interpolation and quotes inside interpolation: a scanner that ends a literal
    /// too early would read the fake imports, one that ends it too late would miss the real one.
    @Test(arguments: [
        (SourceLanguage.swift, ###"let r = ##"a "# import X "##; let s = "\(f("import Y")) import Z""###, "Real"),
        (.csharp, #"var s = """"\#n using Fake; """ still raw\#n"""";"#, "Real"),
        (.csharp, #"var s = $@"{x} "" {y:0.0} {{ using Fake;";"#, "Real"),
        (.typescript, #"const t = `a ${`nested ${"}"} import x from 'y'`} import z from 'w'`;"#, "Real"),
        (.javascript, #"const t = `${a}` / 2; const u = '`';"#, "Real"),
        (.python, #"s = f"{d["k"]} import x" + F'''{"" if a else ''} import y'''"#, "Real"),
        (.kotlin, #"val s = "${"\"" } import x.Y""#, "Real"),
        (.go, #"var s = `"` + "`" + '\''"#, "Real"),
    ])
    func literalsEndWhereTheLanguageEndsThem(_ language: SourceLanguage, _ line: String, _ target: String) {
        let real = [
            SourceLanguage.swift: "import Real", .csharp: "using Real;", .typescript: "import 'Real'",
            .javascript: "import('Real')", .python: "import Real", .kotlin: "import Real", .go: "import \"Real\"",
        ]
        let source = line + "\n" + real[language, default: ""]
        #expect(ImportScanner.imports(in: source, language: language, file: "f").map(\.target) == [target])
    }

    @Test func aStringThatLooksLikeAnImportInsideAnImportFreeFileFindsNothing() {
        #expect(scan("let message = \"import x from 'y'\"", .typescript) == [])
        #expect(scan("val message = \"import a.b.C\"", .kotlin) == [])
        #expect(scan("message = \"\"\"\nimport os\n\"\"\"", .python) == [])
    }

    // MARK: Robustness

    @Test func truncatedStatementsNeitherCrashNorInvent() {
        let fragments = [
            "", "import", "import ", "import {", "import { a,", "import * as", "from", "from .", "from . import",
            "using", "using static", "global using", "import (", "import (\n\"a\"", "export {", "export *",
            "require(", "require('a'", "import(", "`${", "`${`${", "\"\\(", "\"\\(\"\\(", "#\"", "##\"\"\"", "#/",
            "/*", "/* /*", "'''", "f\"{", "f'{x:", "$\"{", "@\"", "\"\"\"", "\\", "import a.", "import static",
            "import module", "import struct", "@testable", "#!", "\u{FEFF}", "\u{FEFF}import", "/", "/[", "x /",
        ]
        for language in SourceLanguage.allCases {
            for fragment in fragments {
                _ = ImportScanner.imports(in: fragment, language: language, file: "f")
            }
            #expect(ImportScanner.imports(in: "import", language: language, file: "f").isEmpty)
            #expect(ImportScanner.imports(in: "import {", language: language, file: "f").isEmpty)
        }
    }

    @Test func garbageNeitherCrashesNorLoops() {
        let pieces = [
            "import", "from", "using", "require", "export", "(", ")", "{", "}", "[", "]", "\"", "'", "`", "\"\"\"",
            "'''", "#", "##", "/", "*", "/*", "*/", "//", "\\", "\\(", "${", "$", "@", ".", ",", ";", ":", "=", "<",
            ">", "\n", "\r", " ", "\t", "a", "é", "🚀", "\0", "\u{FEFF}",
        ]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for round in 0..<200 {
            var text = ""
            for _ in 0..<(50 + round * 5) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text += pieces[Int((state >> 33) % UInt64(pieces.count))]
            }
            for language in SourceLanguage.allCases {
                for found in ImportScanner.imports(in: text, language: language, file: "g") {
                    #expect(found.location.line >= 1 && found.location.column >= 1)
                }
            }
        }
    }

    /// Long runs of one delimiter once made the scan quadratic (each `#` or quote counted the rest of
    /// the run again); these finish at once now, and would take minutes if that came back.
    @Test func longRunsOfDelimitersScanWhole() {
        let units = ["#", "\"", "'", "`", "'''", "\\(", "${", "$\"{", "import a\n", "using A<\n", "export { a\n"]
        for unit in units {
            let text = String(repeating: unit, count: 30_000 / unit.utf8.count)
            for language in SourceLanguage.allCases {
                _ = ImportScanner.imports(in: text, language: language, file: "f")
            }
        }
        let pounds = String(repeating: "#", count: 100_000) + "\nimport Real"
        #expect(ImportScanner.imports(in: pounds, language: .swift, file: "f").map(\.target) == ["Real"])
    }

    @Test func largeFilesScanWhole() {
        let unit = "import { a } from './a';\nconst s = \"import b from 'b'\"; // import c from 'c'\n"
        let text = String(repeating: unit, count: 10_000)
        let found = ImportScanner.imports(in: text, language: .typescript, file: "big.ts")
        #expect(found.count == 10_000)
        #expect(found.last?.location.line == 19_999)
        let oneLine = String(repeating: "require('x');", count: 20_000)
        #expect(
            ImportScanner.imports(in: oneLine, language: .javascript, file: "min.js").last?.location.column == 259_988)
    }

    // MARK: Languages by path

    @Test(arguments: [
        ("Sources/App/main.swift", SourceLanguage?.some(.swift)), ("src/main/java/Order.java", .java),
        ("Order.kt", .kotlin), ("build.gradle.kts", .kotlin), ("Orders/PlaceOrder.cs", .csharp),
        ("internal/adapters/db.go", .go), ("src/index.ts", .typescript), ("App.tsx", .typescript),
        ("x.mts", .typescript), ("x.cts", .typescript), ("types.d.ts", .typescript), ("index.js", .javascript),
        ("App.jsx", .javascript), ("x.mjs", .javascript), ("x.cjs", .javascript), ("orders/service.py", .python),
        ("Main.JAVA", .java), ("C:\\src\\Order.cs", .csharp), ("README.md", nil), ("Makefile", nil),
        (".swift", nil), ("dir.py/file", nil), ("x.pyc", nil), ("x.c", nil),
    ])
    func languageFromPath(_ path: String, _ expected: SourceLanguage?) {
        #expect(SourceLanguage(path: path) == expected)
    }

    @Test func importsByPathPicksTheLanguage() {
        #expect(ImportScanner.imports(in: "import os", file: "a.py")?.map(\.target) == ["os"])
        #expect(ImportScanner.imports(in: "import os", file: "a.txt") == nil)
    }
}
