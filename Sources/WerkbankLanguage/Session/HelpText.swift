import WerkbankEngine
import WerkbankReaders
import WerkbankRender

/// `help` and `help TOPIC`, built from the definitions themselves.
public enum HelpText {
    /// Prose is wrapped to `width` (the terminal's) with a hanging indent;
    /// syntax lines and examples are never broken.
    public static func render(topic: String?, span: SourceSpan?, catalog: Catalog, width: Int = 100) throws(Diagnostic) -> String {
        guard let topic else { return overview(catalog, width: width) }
        let key = topic.lowercased()
        if let stage = StageRegistry.byName[key] {
            let h = stage.help
            return entry(
                h.syntax, h.summary, details: h.details, options: h.options.map { ($0.syntax(.keyValue), $0.help) },
                examples: h.examples, width: width)
        }
        if let f = FunctionCatalog.byName[key] {
            return entry(f.syntax, f.summary, examples: FunctionCatalog.examples[key] ?? [], width: width)
        }
        if let a = AggregateCatalog.byName[key] {
            return entry("\(a.syntax)   (aggregate, in summarize)", a.summary, examples: a.examples, width: width)
        }
        if let r = RowFunctionCatalog.byName[key] {
            return entry("\(r.syntax)   (row function, in derive)", r.summary, examples: RowFunctionCatalog.examples[key] ?? [], width: width)
        }
        if let s = StatementRegistry.byKeyword[key] {
            let h = s.help
            return entry(
                h.syntax, h.summary, details: h.details, options: h.options.map { ($0.syntax(h.optionForm), $0.help) },
                examples: h.examples, width: width)
        }
        switch key {
        case "stages": return section("Stages (after |)", StageRegistry.all.map { ($0.help.syntax, $0.help.summary) }, width: width)
        case "functions": return section("Functions", FunctionCatalog.all.map { ($0.syntax, $0.summary) }, width: width)
        case "aggregates": return section("Aggregates (in summarize)", AggregateCatalog.all.map { ($0.syntax, $0.summary) }, width: width)
        case "statements": return section("Statements", StatementRegistry.all.map { ($0.help.syntax, $0.help.summary) }, width: width)
        case "expressions", "operators": return expressions
        default: break
        }
        if let entry = catalog.entry(topic) { return tableHelp(entry, catalog, width: width) }
        throw Diagnostic(
            "no help for \"\(topic)\"", at: span,
            hint: DidYouMean.hint(topic, among: topics + catalog.names) ?? "try 'help' for the overview")
    }

    static func overview(_ catalog: Catalog, width: Int) -> String {
        var out = "werkbank \(WerkbankVersion.current) — pipelines over tables: SOURCE | STAGE | STAGE ...\n\n"
        out += section("Statements", StatementRegistry.all.map { ($0.help.syntax, $0.help.summary) }, width: width)
        out += "\n" + section("Stages (after |)", StageRegistry.all.map { ($0.help.syntax, $0.help.summary) }, width: width)
        // Lists of names wrap like prose, continuing under the first name.
        func names(_ label: String, _ list: [String]) -> String {
            Paragraph.wrap(list.joined(separator: " "), width: width, firstIndent: label, indent: String(repeating: " ", count: label.count)) + "\n"
        }
        out += "\n" + names("Functions: ", FunctionCatalog.all.map(\.name))
        out += names("Aggregates: ", AggregateCatalog.all.map(\.name))
        out += names("Row functions (in derive): ", RowFunctionCatalog.all.map(\.name))
        if !catalog.names.isEmpty { out += names("Tables: ", catalog.names) }
        out += "\nhelp TOPIC shows one stage, function, aggregate or table; help expressions shows the operators.\n"
        out += "Try: cases | select name, city, founded | sort founded\n"
        return out
    }

    /// Rows of syntax and summary; the summaries wrap to `width` under each other.
    static func section(_ title: String, _ rows: [(String, String)], width wrapWidth: Int) -> String {
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
    static func entry(
        _ syntax: String, _ summary: String, details: String = "", options: [(String, String)] = [],
        examples: [Example], width: Int
    ) -> String {
        var out = "\(syntax)\n" + Paragraph.wrap(summary, width: width, firstIndent: "  ", indent: "  ") + "\n"
        if !details.isEmpty { out += "\n" + Paragraph.wrap(details, width: width, firstIndent: "  ", indent: "  ") + "\n" }
        if !options.isEmpty {
            out += "\n" + section("Options", options, width: width)
        }
        if !examples.isEmpty {
            out += "\nExamples:\n"
            for e in examples { out += "  \(e.code)\n" }
        }
        return out
    }

    /// A table's title, description and sources, then its columns with the
    /// Library's notes, each note wrapped under its own start.
    static func tableHelp(_ entry: Catalog.Entry, _ catalog: Catalog, width wrapWidth: Int) -> String {
        var out = entry.name
        if let m = entry.metadata {
            out += " — \(m.title)\n" + Paragraph.wrap(m.description, width: wrapWidth, firstIndent: "  ", indent: "  ") + "\n"
            if !m.sources.isEmpty {
                out +=
                    Paragraph.wrap(
                        m.sources.joined(separator: ", "), width: wrapWidth, firstIndent: "  sources: ", indent: String(repeating: " ", count: 11))
                    + "\n"
            }
        } else {
            out += "\n"
        }
        if let t = try? catalog.table(entry.name) {
            out += "\nColumns:\n"
            let width = t.fields.map { $0.name.count }.max() ?? 0
            for f in t.fields {
                let pad = String(repeating: " ", count: width - f.name.count)
                let lead = "  \(f.name)\(pad)  \(f.type.rawValue.padding(6))"
                guard let note = entry.metadata?.columns[f.name] else {
                    out += lead + "\n"
                    continue
                }
                var text = note.description
                if let unit = note.unit, !unit.isEmpty { text += " (\(unit))" }
                let hang = String(repeating: " ", count: TerminalWidth.of(lead) + 2)
                out += Paragraph.wrap(text, width: wrapWidth, firstIndent: lead + "  ", indent: hang) + "\n"
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
