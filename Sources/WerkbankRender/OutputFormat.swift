import WerkbankEngine

/// How a result is written out: `set format …`, `save "x.csv"`, `-f json`.
/// This enum is the one list of formats: the command line's `--format`
/// (its help, its error and its completions), `set format`, `help set` and
/// the man page all read `allCases`, `help` and `spelledOut`.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table, csv, json, jsonl, markdown

    /// What the format is, in a few words (the command line's help; README.md
    /// quotes it, and a test keeps the two equal).
    public var help: String {
        switch self {
        case .table: "a box-drawn table for reading; the default"
        case .csv: "RFC 4180 with a header line"
        case .json: "an array of objects"
        case .jsonl: "one JSON object a line"
        case .markdown: "a GitHub pipe table"
        }
    }

    /// Output for programs rather than people: in batch mode, messages that
    /// are not results go to stderr so that stdout stays a clean file.
    public var isMachineReadable: Bool {
        switch self {
        case .csv, .json, .jsonl: true
        case .table, .markdown: false
        }
    }

    /// "table, csv, json, jsonl or markdown", for hints and help text.
    public static var spelledOut: String {
        let names = allCases.map(\.rawValue)
        return names.dropLast().joined(separator: ", ") + " or " + names[names.count - 1]
    }

    /// "table|csv|json|jsonl|markdown", for syntax lines.
    public static var alternatives: String { allCases.map(\.rawValue).joined(separator: "|") }

    /// The format named `name`, in any case.
    public init?(name: String) { self.init(rawValue: name.lowercased()) }

    /// Renders `table` in this format. `options` matter only where a format
    /// reads them (`maxRows` for table, `decimals` for table and markdown, …).
    public func render(_ table: Table, _ options: RenderOptions) -> String {
        switch self {
        case .table: TableRenderer.render(table, options)
        case .csv: CSVWriter.render(table)
        case .json: JSONWriter.render(table, lines: false)
        case .jsonl: JSONWriter.render(table, lines: true)
        case .markdown: MarkdownRenderer.render(table, options)
        }
    }
}
