import Foundation

/// The reference tables of docs/language.md, written from the declarations
/// (statements, settings, load options, stages, functions, aggregates, row functions), so the
/// docs list exactly what `help`, completion and the parser know. A test
/// compares the file with `fill` and rewrites it with `WERKBANK_UPDATE_DOCS=1`.
public enum ReferenceTables {
    /// The tables by the name their markers give: `<!-- generated: NAME -->`.
    public static let tables: [(name: String, markdown: @Sendable () -> String)] = [
        ("statements", statements), ("set options", { options(SetStatement.help) }),
        ("load options", { options(LoadStatement.help) }), ("stages", stages),
        ("functions", functions), ("aggregates", aggregates),
        ("row functions", { table(["row function", "result"], RowFunctionCatalog.all.map { ($0.syntax, $0.summary) }) }),
    ]

    static let endMarker = "<!-- end generated -->"

    /// `document` with the text between each pair of markers replaced by its table.
    public static func fill(_ document: String) -> String {
        var out = document
        for (name, markdown) in tables {
            let start = "<!-- generated: \(name) -->"
            guard let open = out.range(of: start), let close = out.range(of: endMarker, range: open.upperBound..<out.endIndex) else {
                continue
            }
            out.replaceSubrange(open.upperBound..<close.lowerBound, with: "\n" + markdown() + "\n")
        }
        return out
    }

    static func statements() -> String {
        table(["statement", "effect"], [("PIPELINE", "evaluate and show the result")]
              + StatementRegistry.all.map { ($0.help.syntax, sentence($0.help.summary, $0.help.details)) })
    }

    static func options(_ help: StatementHelp) -> String {
        table(["option", "meaning"], help.options.map { ($0.syntax(help.optionForm), $0.help) })
    }

    static func stages() -> String {
        table(["stage", "meaning"], StageRegistry.all.map { ($0.help.syntax, sentence($0.help.summary, $0.help.details)) })
    }

    static func functions() -> String {
        table(["function", "result"], FunctionCatalog.all.map { ($0.syntax, $0.summary) })
    }

    static func aggregates() -> String {
        table(["aggregate", "result"], AggregateCatalog.all.map { ($0.syntax, $0.summary) })
    }

    /// The summary, then the details on the same line (a table cell is one line).
    static func sentence(_ summary: String, _ details: String) -> String {
        let more = details.split(whereSeparator: \.isNewline).joined(separator: " ")
        return more.isEmpty ? summary : summary + ". " + more
    }

    /// A GitHub table; syntax in code spans, `|` escaped inside cells.
    static func table(_ header: [String], _ rows: [(String, String)]) -> String {
        func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
        var lines = ["| \(header[0]) | \(header[1]) |", "|---|---|"]
        for (syntax, text) in rows { lines.append("| `\(cell(syntax))` | \(cell(text)) |") }
        return lines.joined(separator: "\n")
    }
}
