import Foundation
import WerkbankEngine
import WerkbankRender

/// `save "PATH"`: writes the result by extension and passes it on.
struct SaveStage: Stage {
    let path: String
    let span: SourceSpan

    static let help = StageHelp(
        name: "save", syntax: "save \"PATH\"",
        summary: "write the result as CSV, JSON, JSONL or Markdown (by the extension: .csv .json .jsonl .md), or after chart as SVG (.svg); passes the table on",
        details: "The file is written to a temporary file and renamed, so it is never left half-written. A notebook replay writes nothing unless run with --allow-write.",
        examples: [])

    static let formats: [String: OutputFormat] = ["csv": .csv, "json": .json, "jsonl": .jsonl, "ndjson": .jsonl, "md": .markdown, "markdown": .markdown, "svg": .table]

    static func parse(_ p: inout Parser, keyword: Token) throws(Diagnostic) -> SaveStage {
        let t = try p.parsePath("a file path in quotes")
        let ext = (t.text as NSString).pathExtension.lowercased()
        guard formats[ext] != nil else {
            throw Diagnostic("cannot tell the format of \"\(t.text)\"", at: t.span, hint: "end the path in .csv, .json, .jsonl, .md or (after chart) .svg")
        }
        return SaveStage(path: t.text, span: t.span)
    }

    func neededInput(_ downstream: Set<String>?) -> Set<String>? { nil }

    func bind(_ input: Schema, _ ctx: BindContext) throws(Diagnostic) -> BoundStage {
        let path = self.path
        let format = Self.formats[(path as NSString).pathExtension.lowercased()] ?? .csv
        return BoundStage(output: input) { table, ctx throws(EngineError) in
            if format == .table, case .chart = ctx.presentation {} else if format == .table {
                throw .invalid("save \"\(path)\" needs a chart before it: … | chart bar x y | save \"\(path)\"")
            }
            guard ctx.allowWrite else {
                ctx.report("save skipped: not writing \(path) (replays write files only with --allow-write)")
                return table
            }
            let text: String
            switch (format, ctx.presentation) {
            case (.table, .chart(let spec)): text = SVGChart.render(spec, table)
            case (.table, _): text = ""
            case (.json, _): text = JSONWriter.render(table, lines: false)
            case (.jsonl, _): text = JSONWriter.render(table, lines: true)
            case (.markdown, _): text = MarkdownRenderer.render(table, RenderOptions())
            case (.csv, _): text = CSVWriter.render(table)
            }
            try AtomicFile.write(Array(text.utf8), to: ctx.resolve(path))
            ctx.report("saved \(ValueFormatter.shape(rows: table.rowCount, columns: table.columnCount)) to \(path)")
            return table
        }
    }
}
