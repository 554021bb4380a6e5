import Foundation
import Testing
import WerkbankLanguage

/// docs/language.md's reference tables are the declarations' (statements,
/// settings, load options, stages, functions, aggregates): this fails when the
/// file differs from what `ReferenceTables.fill` writes, and rewrites it with
/// `WERKBANK_UPDATE_DOCS=1`.
@Suite struct ReferenceDocsTests {
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs/language.md")

    @Test func theTablesAreGeneratedFromTheDeclarations() throws {
        let document = try String(contentsOf: Self.file, encoding: .utf8)
        for (name, _) in ReferenceTables.tables {
            #expect(document.contains("<!-- generated: \(name) -->"), "docs/language.md has no table \(name)")
        }
        let filled = ReferenceTables.fill(document)
        if ProcessInfo.processInfo.environment["WERKBANK_UPDATE_DOCS"] == "1" {
            try filled.write(to: Self.file, atomically: true, encoding: .utf8)
            return
        }
        #expect(filled == document, "docs/language.md's tables differ from the declarations; WERKBANK_UPDATE_DOCS=1 rewrites them")
    }

    @Test func everyStatementStageFunctionAndAggregateIsInTheDocs() throws {
        let document = ReferenceTables.fill(try String(contentsOf: Self.file, encoding: .utf8))
        for s in StatementRegistry.all { #expect(document.contains("| `\(s.help.syntax.replacingOccurrences(of: "|", with: "\\|"))` |")) }
        for s in StageRegistry.all { #expect(document.contains("| `\(s.help.syntax.replacingOccurrences(of: "|", with: "\\|"))` |")) }
        for f in FunctionCatalog.all { #expect(document.contains("| `\(f.syntax.replacingOccurrences(of: "|", with: "\\|"))` |")) }
        for r in RowFunctionCatalog.all { #expect(document.contains("| `\(r.syntax.replacingOccurrences(of: "|", with: "\\|"))` |")) }
        for a in AggregateCatalog.all { #expect(document.contains("| `\(a.syntax.replacingOccurrences(of: "|", with: "\\|"))` |")) }
        for o in LoadStatement.help.options { #expect(document.contains("| `\(o.name)=")) }
    }
}
