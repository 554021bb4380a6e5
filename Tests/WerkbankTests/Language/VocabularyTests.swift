import Foundation
import Testing
@testable import WerkbankLanguage

/// One vocabulary: every statement and stage is declared once, registered,
/// and `help` shows what its declaration says.
@Suite struct VocabularyTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/WerkbankLanguage")

    /// The type names declared as `struct NAME: PROTOCOL` in the files of `folder`.
    static func declaredTypes(in folder: String, conformingTo proto: String) throws -> Set<String> {
        let dir = sources.appendingPathComponent(folder)
        var names: Set<String> = []
        for file in try FileManager.default.contentsOfDirectory(atPath: dir.path) where file.hasSuffix(".swift") {
            let text = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let words = line.split(whereSeparator: { $0 == " " || $0 == ":" || $0 == "{" || $0 == "," })
                guard let s = words.firstIndex(of: "struct"), s + 2 < words.count, words[(s + 2)...].contains(Substring(proto)) else { continue }
                names.insert(String(words[s + 1]))
            }
        }
        return names
    }

    /// A stage or statement file that is not in its registry would be
    /// unreachable: the registry is the one list the parser, help, completion and docs read.
    @Test func everyDeclaredStageAndStatementIsRegistered() throws {
        let stages = try Self.declaredTypes(in: "Stages", conformingTo: "Stage")
        #expect(stages == Set(StageRegistry.all.map { String(describing: $0) }))
        let statements = try Self.declaredTypes(in: "Statements", conformingTo: "Statement")
        #expect(statements == Set(StatementRegistry.all.map { String(describing: $0) }))
        #expect(stages.count == 20 && statements.count == 14)
    }

    @Test func keywordsAreUniqueAndReserved() {
        let words = StatementRegistry.keywords + StageRegistry.names
        #expect(Set(words).count == words.count - 1)  // describe is a statement and a stage
        let h = Harness()
        #expect(h.error("let quit = cases").contains("\"quit\" is a keyword and cannot name a table"))
        #expect(h.error("load \"x.csv\" as where").contains("\"where\" is a keyword"))
    }

    /// `join left …`: the kind, unless `on` follows (a table named left).
    @Test func joinKindOrTable() {
        let h = Harness()
        #expect(h.error("cases | join left").contains("expected a table to join with"))
        h.run("let left = collectives")
        #expect(h.csv("cases | join left on operator = id | count") == "count\n7\n")
        #expect(h.csv("cases | join left left on operator = id | count") == "count\n7\n")
    }

    @Test func helpReadsTheDeclarations() {
        let h = Harness(format: .table)
        let set = h.run("help set").stdout
        for option in SetStatement.help.options { #expect(set.contains(option.name) && set.contains(option.help)) }
        #expect(set.contains("auto|always|never"))
        let load = h.run("help load").stdout
        #expect(load.contains("skip") && load.contains("sheet") && load.contains("xlsx: the sheet to read"))
        let median = h.run("help median").stdout
        #expect(median.contains("Examples:") && median.contains("cases | summarize median(entrepreneurs)"))
        #expect(h.run("help quit").stdout.hasPrefix("exit | quit"))
        #expect(h.run("help sample").stdout.contains("seed"))
        let statements = h.run("help statements").stdout
        for s in StatementRegistry.all { #expect(statements.contains(s.help.syntax)) }
        let overview = h.run("help").stdout
        for s in StatementRegistry.all { #expect(overview.contains(s.help.syntax)) }
    }

    /// Settings are checked against their declarations.
    @Test func settingsFollowTheirDeclarations() {
        let h = Harness()
        h.run("set rows 7; set decimals 2; set timer on; set color never; set format markdown")
        #expect(h.session.settings.rows == 7 && h.session.settings.decimals == 2 && h.session.settings.timer)
        #expect(!h.session.settings.color && !h.session.settings.colorAuto && h.session.settings.format == .markdown)
        h.run("set color auto")
        #expect(h.session.settings.colorAuto)
        #expect(h.error("set rows 1000001").contains("rows must be a whole number from 0 to 1000000"))
        #expect(h.error("set decimals 18").contains("decimals must be a whole number from 0 to 17"))
        #expect(h.error("set format jsn").contains("did you mean \"json\"?"))
        #expect(h.error("set timer").contains("on or off"))
    }

    /// A stage's options are checked against its declarations.
    @Test func stageOptionsFollowTheirDeclarations() {
        let h = Harness()
        #expect(h.error("cases | sample 3 seed=x").contains("seed must be a whole number ≥ 0"))
        #expect(h.error("cases | sample 3 sed=1").contains("did you mean \"seed\"?"))
        #expect(h.error("cases | chart bar name founded title=5").contains("title takes a string in quotes"))
        #expect(h.error("cases | chart bar name founded bins=3").contains("unknown chart option \"bins\""))
        #expect(h.error("cases | chart hist founded bins=201").contains("bins must be a whole number from 1 to 200"))
        #expect(h.csv("cases | sample 2 seed=7 | count") == "count\n2\n")
    }

    /// Functions and aggregates carry what the binder used to know by their names.
    @Test func declarationsCarryArgumentRules() {
        #expect(FunctionCatalog.byName["if"]?.unifiedFrom == 1 && FunctionCatalog.byName["coalesce"]?.unifiedFrom == 0)
        #expect(FunctionCatalog.byName["round"]?.unifiedFrom == nil)
        #expect(AggregateCatalog.byName["percentile"]?.constant?.range == 0...1)
        let h = Harness()
        #expect(h.csv("cases | summarize p = percentile(founded, 1)") == "p\n2022.0\n")
        #expect(h.error("cases | summarize percentile(founded, 2)").contains("percentile's p must be a number from 0 to 1"))
        #expect(h.csv("cases | take 1 | select x = if(true, 1, 2.5), y = coalesce(null, 2)") == "x,y\n1.0,2\n")
    }
}
