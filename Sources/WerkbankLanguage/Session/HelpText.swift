import WerkbankEngine
import WerkbankReaders
import WerkbankRender

/// The statements that are not pipelines, with their help.
public struct StatementHelp: Sendable {
    public var name: String
    public var syntax: String
    public var summary: String

    public static let all: [StatementHelp] = [
        StatementHelp(name: "let", syntax: "let NAME = PIPELINE", summary: "bind a table to a name"),
        StatementHelp(name: "load", syntax: "load \"PATH\" [key=value ...] as NAME",
                      summary: "read a CSV/TSV, JSON/JSONL, GeoJSON or xlsx file; options: " + LoadFormats.optionSummary),
        StatementHelp(name: "datasets", syntax: "datasets", summary: "list every table in scope: name, rows, columns, source"),
        StatementHelp(name: "describe", syntax: "describe TABLE", summary: "statistics of each column, with the Library's column descriptions"),
        StatementHelp(name: "help", syntax: "help [TOPIC]", summary: "this overview, or one stage, function, aggregate, statement or table"),
        StatementHelp(name: "set", syntax: "set OPTION VALUE",
                      summary: "format \(OutputFormat.alternatives), rows N, decimals N, color auto|always|never, timer on|off"),
        StatementHelp(name: "note", syntax: "note \"TEXT\"", summary: "add a prose paragraph to the session's notebook"),
        StatementHelp(name: "notebook", syntax: "notebook save \"PATH\" | show | drop N | undo | keep | recover | clear",
                      summary: "the session's notebook: write it, list its cells and notes, drop one or the last, keep the failed input as an expected error, bring back an unsaved session, start over"),
        ExplainStatement.help,
        StatementHelp(name: "version", syntax: "version", summary: "the werkbank version"),
        StatementHelp(name: "exit", syntax: "exit | quit", summary: "leave (Ctrl-D too)"),
    ]
}

/// `help` and `help TOPIC`, built from the definitions themselves.
public enum HelpText {
    public static func render(topic: String?, span: SourceSpan?, catalog: Catalog) throws(Diagnostic) -> String {
        guard let topic else { return overview(catalog) }
        let key = topic.lowercased()
        if let stage = StageRegistry.byName[key] { return stageHelp(stage.help) }
        if let f = FunctionCatalog.byName[key] {
            let examples = FunctionCatalog.examples[key] ?? []
            return "\(f.syntax)\n  \(f.summary)\n" + (examples.isEmpty ? "" : "\nExamples:\n" + examples.map { "  \($0.code)\n" }.joined())
        }
        if let a = AggregateCatalog.byName[key] { return "\(a.syntax)   (aggregate, in summarize)\n  \(a.summary)\n" }
        if let s = StatementHelp.all.first(where: { $0.name == key || (key == "quit" && $0.name == "exit") }) {
            return "\(s.syntax)\n  \(s.summary)\n"
        }
        switch key {
        case "stages": return section("Stages (after |)", StageRegistry.all.map { ($0.help.syntax, $0.help.summary) })
        case "functions": return section("Functions", FunctionCatalog.all.map { ($0.syntax, $0.summary) })
        case "aggregates": return section("Aggregates (in summarize)", AggregateCatalog.all.map { ($0.syntax, $0.summary) })
        case "statements": return section("Statements", StatementHelp.all.map { ($0.syntax, $0.summary) })
        case "expressions", "operators": return expressions
        default: break
        }
        if let entry = catalog.entry(topic) { return tableHelp(entry, catalog) }
        let candidates = StageRegistry.names + FunctionCatalog.all.map(\.name) + AggregateCatalog.all.map(\.name)
            + StatementHelp.all.map(\.name) + catalog.names + ["stages", "functions", "aggregates", "statements", "expressions"]
        throw Diagnostic("no help for \"\(topic)\"", at: span,
                         hint: DidYouMean.hint(topic, among: candidates) ?? "try 'help' for the overview")
    }

    static func overview(_ catalog: Catalog) -> String {
        var out = "werkbank \(WerkbankVersion.current) — pipelines over tables: SOURCE | STAGE | STAGE ...\n\n"
        out += section("Statements", StatementHelp.all.map { ($0.syntax, $0.summary) })
        out += "\n" + section("Stages (after |)", StageRegistry.all.map { ($0.help.syntax, $0.help.summary) })
        out += "\nFunctions: " + FunctionCatalog.all.map(\.name).joined(separator: " ") + "\n"
        out += "Aggregates: " + AggregateCatalog.all.map(\.name).joined(separator: " ") + "\n"
        if !catalog.names.isEmpty { out += "Tables: " + catalog.names.joined(separator: " ") + "\n" }
        out += "\nhelp TOPIC shows one stage, function, aggregate or table; help expressions shows the operators.\n"
        out += "Try: cases | select name, city, founded | sort founded\n"
        return out
    }

    static func section(_ title: String, _ rows: [(String, String)]) -> String {
        let width = min(rows.map { $0.0.count }.max() ?? 0, 44)
        var out = "\(title):\n"
        for (syntax, summary) in rows {
            let pad = syntax.count < width ? String(repeating: " ", count: width - syntax.count) : ""
            out += "  \(syntax)\(pad)  \(summary)\n"
        }
        return out
    }

    static func stageHelp(_ h: StageHelp) -> String {
        var out = "\(h.syntax)\n  \(h.summary)\n"
        if !h.details.isEmpty { out += "\n" + h.details.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n" }
        if !h.examples.isEmpty {
            out += "\nExamples:\n"
            for e in h.examples { out += "  \(e.code)\n" }
        }
        return out
    }

    static func tableHelp(_ entry: Catalog.Entry, _ catalog: Catalog) -> String {
        var out = entry.name
        if let m = entry.metadata {
            out += " — \(m.title)\n  \(m.description)\n"
            if !m.sources.isEmpty { out += "  sources: \(m.sources.joined(separator: ", "))\n" }
        } else {
            out += "\n"
        }
        if let t = try? catalog.table(entry.name) {
            out += "\nColumns:\n"
            let width = t.fields.map { $0.name.count }.max() ?? 0
            for f in t.fields {
                let pad = String(repeating: " ", count: width - f.name.count)
                var line = "  \(f.name)\(pad)  \(f.type.rawValue.padding(6))"
                if let note = entry.metadata?.columns[f.name] {
                    line += "  " + note.description
                    if let unit = note.unit, !unit.isEmpty { line += " (\(unit))" }
                }
                out += line + "\n"
            }
        }
        return out
    }

    static let expressions = """
        Expressions, by precedence (lowest first):
          or · and · not · == != < <= > >= in [..] not in [..] is null is not null · ?? (coalesce) · + - · * / // % · unary -
        Literals: 42  1_000  3.5  1e6  "text" 'text'  true false null  `odd column name`
        int op float gives float; / always gives float; // is integer division (toward zero); % the remainder.
        Arithmetic or comparison with null gives null; division by zero gives null; int overflow is an error.

        """
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
