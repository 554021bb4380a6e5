import WerkbankEngine
import WerkbankReaders
import WerkbankRender

/// `help` and `help TOPIC`, built from the definitions themselves.
public enum HelpText {
    /// Prose is wrapped to `width` (the terminal's) with a hanging indent;
    /// syntax lines and examples are never broken.
    public static func render(topic: String?, span: SourceSpan?, catalog: Catalog, width: Int = 100) throws(Diagnostic) -> String {
        wrapWidth = width
        defer { wrapWidth = 100 }
        guard let topic else { return overview(catalog) }
        let key = topic.lowercased()
        if let stage = StageRegistry.byName[key] {
            let h = stage.help
            return entry(h.syntax, h.summary, details: h.details, options: h.options.map { ($0.syntax(.keyValue), $0.help) },
                         examples: h.examples)
        }
        if let f = FunctionCatalog.byName[key] {
            return entry(f.syntax, f.summary, examples: FunctionCatalog.examples[key] ?? [])
        }
        if let a = AggregateCatalog.byName[key] {
            return entry("\(a.syntax)   (aggregate, in summarize)", a.summary, examples: a.examples)
        }
        if let r = RowFunctionCatalog.byName[key] {
            return entry("\(r.syntax)   (row function, in derive)", r.summary, examples: RowFunctionCatalog.examples[key] ?? [])
        }
        if let s = StatementRegistry.byKeyword[key] {
            let h = s.help
            return entry(h.syntax, h.summary, details: h.details, options: h.options.map { ($0.syntax(h.optionForm), $0.help) },
                         examples: h.examples)
        }
        switch key {
        case "stages": return section("Stages (after |)", StageRegistry.all.map { ($0.help.syntax, $0.help.summary) })
        case "functions": return section("Functions", FunctionCatalog.all.map { ($0.syntax, $0.summary) })
        case "aggregates": return section("Aggregates (in summarize)", AggregateCatalog.all.map { ($0.syntax, $0.summary) })
        case "statements": return section("Statements", StatementRegistry.all.map { ($0.help.syntax, $0.help.summary) })
        case "expressions", "operators": return expressions
        default: break
        }
        if let entry = catalog.entry(topic) { return tableHelp(entry, catalog) }
        throw Diagnostic("no help for \"\(topic)\"", at: span,
                         hint: DidYouMean.hint(topic, among: topics + catalog.names) ?? "try 'help' for the overview")
    }

    static func overview(_ catalog: Catalog) -> String {
        var out = "werkbank \(WerkbankVersion.current) — pipelines over tables: SOURCE | STAGE | STAGE ...\n\n"
        out += section("Statements", StatementRegistry.all.map { ($0.help.syntax, $0.help.summary) })
        out += "\n" + section("Stages (after |)", StageRegistry.all.map { ($0.help.syntax, $0.help.summary) })
        out += "\nFunctions: " + FunctionCatalog.all.map(\.name).joined(separator: " ") + "\n"
        out += "Aggregates: " + AggregateCatalog.all.map(\.name).joined(separator: " ") + "\n"
        out += "Row functions (in derive): " + RowFunctionCatalog.all.map(\.name).joined(separator: " ") + "\n"
        if !catalog.names.isEmpty { out += "Tables: " + catalog.names.joined(separator: " ") + "\n" }
        out += "\nhelp TOPIC shows one stage, function, aggregate or table; help expressions shows the operators.\n"
        out += "Try: cases | select name, city, founded | sort founded\n"
        return out
    }

    /// The width prose is wrapped to, for the help being rendered.
    nonisolated(unsafe) static var wrapWidth = 100

    static func section(_ title: String, _ rows: [(String, String)]) -> String {
        let width = min(rows.map { $0.0.count }.max() ?? 0, 44)
        var out = "\(title):\n"
        for (syntax, summary) in rows {
            let pad = syntax.count < width ? String(repeating: " ", count: width - syntax.count) : ""
            let lead = "  \(syntax)\(pad)  "
            // A long syntax pushes its summary to the next line, under the others.
            let hang = String(repeating: " ", count: 2 + width + 2)
            if TerminalWidth.of(lead) > hang.count {
                out += "  \(syntax)\n" + Paragraph.wrap(summary, width: wrapWidth, firstIndent: hang, indent: hang) + "\n"
            } else {
                out += Paragraph.wrap(summary, width: wrapWidth, firstIndent: lead, indent: hang) + "\n"
            }
        }
        return out
    }

    /// The topics besides tables: every statement, stage, function and
    /// aggregate, and the sections (completion offers them after `help`).
    public static var topics: [String] {
        StatementRegistry.names + StageRegistry.names + FunctionCatalog.all.map(\.name) + AggregateCatalog.all.map(\.name)
            + RowFunctionCatalog.all.map(\.name) + ["stages", "functions", "aggregates", "statements", "expressions"]
    }

    /// One statement, stage, function or aggregate: syntax, summary, details, options, examples.
    static func entry(_ syntax: String, _ summary: String, details: String = "", options: [(String, String)] = [],
                      examples: [Example]) -> String {
        var out = "\(syntax)\n" + Paragraph.wrap(summary, width: wrapWidth, firstIndent: "  ", indent: "  ") + "\n"
        if !details.isEmpty { out += "\n" + Paragraph.wrap(details, width: wrapWidth, firstIndent: "  ", indent: "  ") + "\n" }
        if !options.isEmpty {
            out += "\n" + section("Options", options)
        }
        if !examples.isEmpty {
            out += "\nExamples:\n"
            for e in examples { out += "  \(e.code)\n" }
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
