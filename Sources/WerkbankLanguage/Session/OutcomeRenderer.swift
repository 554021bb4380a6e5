import WerkbankEngine
import WerkbankRender

/// Text for stdout and stderr from one statement's outcome: the one place
/// where results, messages and errors meet the output formats.
public enum OutcomeRenderer {
    public struct Rendered: Sendable, Equatable {
        public var stdout = ""
        public var stderr = ""
    }

    /// `batch`: statements from `-c` or a pipe, where messages go to stderr
    /// when the format is machine-readable so stdout stays a clean file.
    /// The statement's own format, rows and decimals apply; `settings` gives
    /// the place it is shown in: width, colour and whether to time it.
    public static func render(_ outcome: Outcome, source: String, settings place: Settings, batch: Bool) -> Rendered {
        var settings = outcome.settings
        settings.width = place.width
        settings.color = place.color
        settings.timer = place.timer
        var out = Rendered()
        let machine = settings.format.isMachineReadable
        func message(_ text: String) {
            if batch && machine { out.stderr += text + "\n" } else { out.stdout += text + "\n" }
        }
        for event in outcome.events { message(text(of: event)) }
        switch outcome.result {
        case .success(let result):
            switch result {
            case .table(let table, let presentation):
                out.stdout += renderTable(table, presentation, settings)
            case .message(let m): message(m)
            case .text(let t): out.stdout += t
            case .nothing, .exit: break
            }
        case .failure(let d):
            out.stderr += DiagnosticRenderer.render(d, source: source, color: settings.color)
        }
        if settings.timer {
            out.stderr += "time: \(formatSeconds(outcome.seconds))\n"
        }
        return out
    }

    /// The one wording of a statement's events.
    public static func text(of event: StatementEvent) -> String {
        switch event {
        case .wrote(let path, let rows, let columns):
            "saved \(ValueFormatter.shape(rows: rows, columns: columns)) to \(path)"
        case .skippedWrite(let path, _, _):
            "save skipped: not writing \(path) (replays write files only with --allow-write)"
        case .pivoted(let column, let columns, let left):
            "pivot made \(NumberText.thousands(columns)) column\(columns == 1 ? "" : "s") from the values of \(column)"
                + (left > 0 ? "; \(NumberText.thousands(left)) row\(left == 1 ? "" : "s") with no value left out" : "")
        case .sentToEngine(let table, let rows, let connection):
            "sent \(table) (\(NumberText.thousands(rows)) row\(rows == 1 ? "" : "s")) to \(connection) for this query (local tables of up to \(NumberText.thousands(EnginePipeline.sendLimit)) rows are sent)"
        case .ranInWerkbank(let stage, let rows, let connection, let reason):
            "\(stage) and what follows ran in werkbank, over the \(NumberText.thousands(rows)) row\(rows == 1 ? "" : "s") the query on \(connection) returned (\(reason))"
        }
    }

    public static func renderTable(_ table: Table, _ presentation: Presentation, _ settings: Settings) -> String {
        let options = settings.renderOptions
        // A chart written as data is the chart's data, not its whole input.
        if case .chart(let spec) = presentation, settings.format != .table {
            return renderTable(ChartDataTable.make(spec, table, decimals: options.decimals), .table, settings)
        }
        // Cards and terminal charts are views for the table format; the
        // other formats write the table itself.
        guard settings.format == .table else { return settings.format.render(table, options) }
        switch presentation {
        case .card: return CardRenderer.render(table, options)
        case .chart(let spec): return TerminalChart.render(spec, table, options)
        case .table: return TableRenderer.render(table, options)
        }
    }

    /// A statement's time: tenths of a millisecond under 10 ms (where most
    /// in-memory statements fall), whole milliseconds under a second.
    static func formatSeconds(_ s: Double) -> String {
        if s < 0.00995 { return "\((s * 10_000).rounded() / 10) ms" }
        if s < 1 { return "\(Int((s * 1000).rounded())) ms" }
        return "\(Double(Int(s * 100)) / 100) s"
    }
}
