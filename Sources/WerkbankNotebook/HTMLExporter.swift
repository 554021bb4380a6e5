import Ink
import WerkbankEngine
import WerkbankLanguage
import WerkbankRender

/// `werkbank export NB.md --html OUT.html`: one self-contained page (inline
/// CSS, nothing fetched from the network): the prose rendered from Markdown
/// with Ink, each cell's code, and its output re-run, tables as HTML tables;
/// a footer with the werkbank version and the datasets' hashes.
///
/// The page is well-formed XML as well as HTML (every element closed, every
/// text escaped), so strict parsers read it too.
public struct HTMLExporter {
    /// Draws a result as a figure (an inline `<svg>` element, well-formed
    /// XML) instead of the default; returns nil to leave it to the default.
    /// The extension point for figures: by default a `chart` stage's result
    /// is drawn with `SVGChart` and every other result as an HTML table.
    public typealias FigureRenderer = @Sendable (Table, Presentation, Settings) -> String?

    /// The figure renderer used when none is passed to `init` (nil: tables only).
    nonisolated(unsafe) public static var figures: FigureRenderer?

    public let path: String
    public let document: NotebookDocument
    let makeSession: SessionFactory
    var figureRenderer: FigureRenderer?

    public init(
        path: String, document: NotebookDocument, makeSession: @escaping SessionFactory,
        figureRenderer: FigureRenderer? = HTMLExporter.figures
    ) {
        self.path = path
        self.document = document
        self.makeSession = makeSession
        self.figureRenderer = figureRenderer
    }

    /// The page; `warn` hears about cells whose output no longer matches the
    /// recorded one.
    public func render(warn: (String) -> Void) throws(EngineError) -> String {
        let replay = try Replay(makeSession: makeSession, baseDirectory: Replay.folder(of: path), allowWrite: false)
        do { try replay.prepare(document) } catch { throw .invalid(error.description) }
        let fm = document.frontMatter
        let title = fm.title ?? NotebookRecorder.title(fromPath: path)
        var body = ""
        let firstProse = document.cells.first?.prose ?? document.trailingProse
        if !Self.startsWithHeading(firstProse) {
            body += "<h1 class=\"title\">\(XMLText.escape(title))</h1>\n"
        }
        for cell in document.cells {
            body += prose(cell.prose)
            let outcomes = replay.run(cell)
            let now = replay.text(outcomes, cell: cell)
            let differs =
                !cell.markers.contains(.ignoreOutput)
                && !OutputComparison.same(recorded: cell.recordedOutput ?? "", now: now, sanitizers: fm.sanitizers)
            if differs {
                warn(
                    "werkbank: warning: cell \(cell.number) (line \(cell.line)) no longer gives its recorded output (see werkbank run \(path) --check)\n"
                )
            }
            body += self.cell(
                cell, outcomes: outcomes, settings: replay.session.settings,
                baseDirectory: replay.baseDirectory, differs: differs)
        }
        body += prose(document.trailingProse)
        body += footer(replay)
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <meta name="generator" content="werkbank \(XMLText.escape(WerkbankVersion.current))"/>
            <title>\(XMLText.escape(title))</title>
            <style>
            \(Self.css)
            </style>
            </head>
            <body>
            <main>
            \(body)</main>
            </body>
            </html>

            """
    }

    // MARK: Parts

    func prose(_ markdown: String) -> String {
        guard markdown.contains(where: { !$0.isWhitespace }) else { return "" }
        let html = Self.markdown(markdown)
        return "<div class=\"prose\">\n" + html + "\n</div>\n"
    }

    func cell(_ cell: NotebookDocument.Cell, outcomes: [Outcome], settings: Settings, baseDirectory: String, differs: Bool) -> String {
        var out = "<section class=\"cell\" id=\"cell-\(cell.number)\">\n"
        out += "<pre class=\"code\"><code>\(XMLText.escape(cell.code))</code></pre>\n"
        var parts = ""
        for outcome in outcomes.filter(\.kind.isRecorded).map({ NotebookOutput.forNotebook($0) }) {
            for event in outcome.events { parts += pre(OutcomeRenderer.text(of: event) + "\n", "message", baseDirectory) }
            switch outcome.result {
            case .success(let result):
                switch result {
                case .table(let table, let presentation):
                    parts += self.table(table, presentation, settings)
                case .message(let m): parts += pre(m + "\n", "message", baseDirectory)
                case .text(let t): parts += pre(t, "text", baseDirectory)
                case .nothing, .exit: break
                }
            case .failure(let d):
                parts += pre(DiagnosticRenderer.render(d, source: cell.code, color: false), "error", baseDirectory)
            }
        }
        if differs {
            parts += "<p class=\"warning\">This output differs from the one recorded in the notebook.</p>\n"
        }
        if !parts.isEmpty { out += "<div class=\"output\">\n" + parts + "</div>\n" }
        return out + "</section>\n"
    }

    func pre(_ text: String, _ kind: String, _ baseDirectory: String) -> String {
        let t = NotebookOutput.normalizePaths(text, baseDirectory: baseDirectory)
        return "<pre class=\"\(kind)\">\(XMLText.escape(t.hasSuffix("\n") ? String(t.dropLast()) : t))</pre>\n"
    }

    /// A result: a figure when the figure renderer draws one, a chart as
    /// inline SVG, an HTML table in the table format, else the text of the
    /// chosen format.
    func table(_ table: Table, _ presentation: Presentation, _ settings: Settings) -> String {
        if let figure = figureRenderer?(table, presentation, settings) {
            return "<figure class=\"chart\">\n" + figure + "\n</figure>\n"
        }
        if case .chart(let spec) = presentation {
            return "<figure class=\"chart\">\n" + SVGChart.render(spec, table, decimals: settings.decimals) + "</figure>\n"
        }
        guard settings.format == .table else {
            return "<pre class=\"text\">" + XMLText.escape(OutcomeRenderer.renderTable(table, presentation, settings)) + "</pre>\n"
        }
        let shown = min(table.rowCount, max(settings.rows, 0))
        var shape = ValueFormatter.shape(rows: table.rowCount, columns: table.columnCount)
        if shown < table.rowCount { shape += " (showing first \(ValueFormatter.thousands(shown)))" }
        var out = "<div class=\"result\">\n"
        if case .card = presentation {
            for r in 0..<shown {
                out += "<table class=\"card\"><tbody>\n"
                for (c, field) in table.fields.enumerated() {
                    out += "<tr><th>\(XMLText.escape(field.name))</th>" + dataCell(table.columns[c], r, settings) + "</tr>\n"
                }
                out += "</tbody></table>\n"
            }
        } else if table.columnCount > 0 {
            out += "<table>\n<thead><tr>"
            for field in table.fields {
                out += "<th" + (field.type.isNumeric ? " class=\"num\"" : "") + ">\(XMLText.escape(field.name))</th>"
            }
            out += "</tr></thead>\n<tbody>\n"
            for r in 0..<shown {
                out += "<tr>"
                for column in table.columns { out += dataCell(column, r, settings) }
                out += "</tr>\n"
            }
            out += "</tbody>\n</table>\n"
        }
        out += "<p class=\"shape\">\(XMLText.escape(shape))</p>\n</div>\n"
        return out
    }

    func dataCell(_ column: Column, _ row: Int, _ settings: Settings) -> String {
        if column.isNull(row) { return "<td class=\"null\">null</td>" }
        let text = XMLText.escape(ValueFormatter.display(column, row, decimals: settings.decimals))
        return column.type.isNumeric ? "<td class=\"num\">\(text)</td>" : "<td>\(text)</td>"
    }

    func footer(_ replay: Replay) -> String {
        let fm = document.frontMatter
        var out = "<footer>\n<p>Exported with werkbank \(XMLText.escape(WerkbankVersion.current))"
        if let v = fm.version, v != WerkbankVersion.current { out += "; recorded with werkbank \(XMLText.escape(v))" }
        out += ". Notebook format \(fm.format).</p>\n"
        let pins = replay.tracker.all
        if !pins.isEmpty {
            out += "<table class=\"datasets\">\n<thead><tr><th>dataset</th><th>sha256</th><th></th></tr></thead>\n<tbody>\n"
            for pin in pins {
                let recorded = fm.datasets.first { $0.kind == pin.kind && $0.name == pin.name }
                let note = recorded == nil ? "not pinned in the notebook" : recorded!.sha256 == pin.sha256 ? "as recorded" : "changed since recording"
                out += "<tr><td><code>\(XMLText.escape(pin.name))</code></td><td><code>\(pin.sha256)</code></td><td>\(note)</td></tr>\n"
            }
            out += "</tbody>\n</table>\n"
        }
        return out + "</footer>\n"
    }

    // MARK: Markdown

    /// Prose as HTML through Ink, made well-formed: void elements closed,
    /// raw HTML blocks shown as text, images as their description (a page
    /// fetches nothing), link targets escaped, unknown entities made literal.
    /// Should Ink still give something that is not well-formed, the prose is
    /// shown as preformatted text.
    static func markdown(_ original: String) -> String {
        var parser = MarkdownParser()
        parser.addModifier(
            Modifier(target: .html) { input in
                let raw = String(input.markdown).trimming(" \n\t")
                if raw.hasPrefix("<!--") && raw.hasSuffix("-->") { return "" }
                return "<span class=\"raw\">" + XMLText.escape(raw) + "</span>"
            })
        parser.addModifier(Modifier(target: .horizontalLines) { _ in "<hr/>" })
        parser.addModifier(
            Modifier(target: .images) { input in
                let md = String(input.markdown)
                var alt = "image"
                if let open = md.firstRange(of: "!["), let close = md.firstRange(of: "](") ?? md.firstRange(of: "][") {
                    if open.upperBound <= close.lowerBound {
                        let text = String(md[open.upperBound..<close.lowerBound])
                        if !text.isEmpty { alt = text }
                    }
                }
                return "<span class=\"image\">[" + XMLText.escape(alt) + "]</span>"
            })
        parser.addModifier(
            Modifier(target: .links) { input in
                let html = input.html
                let prefix = "<a href=\""
                guard html.hasPrefix(prefix), html.hasSuffix("</a>"), let end = html.firstRange(of: "\">") else {
                    return "<span>" + XMLText.escape(String(input.markdown)) + "</span>"
                }
                let url = String(html[html.index(html.startIndex, offsetBy: prefix.count)..<end.lowerBound])
                let title = String(html[end.upperBound..<html.index(html.endIndex, offsetBy: -4)])
                let lower = url.lowercased().trimming(" \t")
                let safe = lower.hasPrefix("javascript:") || lower.hasPrefix("data:") || lower.hasPrefix("vbscript:") ? "#" : url
                return "<a href=\"" + XMLText.escapeAttribute(safe) + "\">" + title + "</a>"
            })
        // Ink reads a leading "---" as metadata: draw a leading rule here.
        var markdown = original
        var lead = ""
        let lines = NotebookDocument.splitLines(markdown)
        if let first = lines.firstIndex(where: { !$0.text.trimmingWhitespace().isEmpty }),
            lines[first].text.trimmingWhitespace().hasPrefix("---")
        {
            lead = "<hr/>"
            markdown = lines[(first + 1)...].map { String($0.raw) }.joined()
        }
        var html = lead + parser.html(from: "\n" + joinSoftBreaks(markdown))
        html = html.replacingAll("<br>", with: "<br/>")
        html = fixEntities(html)
        if XMLCheck.problem(inFragment: "<div>" + html + "</div>") != nil {
            return "<pre class=\"prose-text\">" + XMLText.escape(original.trimming("\n")) + "</pre>"
        }
        return html
    }

    /// Ink ends a paragraph at a line that starts with `` ` ``, `<`, `#` or
    /// `-`, where Markdown continues it ("…replay it with⏎`werkbank run`…").
    /// Such lines are joined to the line before, unless they really start a
    /// block (a fence, a heading, a list item, a rule).
    static func joinSoftBreaks(_ markdown: String) -> String {
        var out: [String] = []
        var fence: Fence?
        var previousIsText = false
        for line in NotebookDocument.splitLines(markdown) {
            let text = String(line.text)
            if let open = fence {
                out.append(text)
                if open.closes(line.text) { fence = nil }
                previousIsText = false
                continue
            }
            if let open = Fence.opening(line.text) {
                fence = open
                out.append(text)
                previousIsText = false
                continue
            }
            let t = text.trimmingWhitespace()
            if t.isEmpty {
                out.append(text)
                previousIsText = false
                continue
            }
            let first = t.first!
            let second = t.dropFirst().first
            let startsBlock =
                (first == "#" && (second == nil || second == " " || second == "#"))
                || (first == "-" && (second == nil || second == " " || second == "-"))
            let inkBreaks = first == "`" || first == "<" || first == "#" || first == "-"
            if previousIsText && inkBreaks && !startsBlock, !out.isEmpty {
                out[out.count - 1] += " " + t
                continue
            }
            out.append(text)
            previousIsText = !(first == "|" || (first == "#" && startsBlock))
        }
        return out.joined(separator: "\n") + "\n"
    }

    static let namedEntities: [String: String] = [
        "nbsp": "&#160;", "ndash": "&#8211;", "mdash": "&#8212;", "hellip": "&#8230;", "copy": "&#169;",
        "euro": "&#8364;", "times": "&#215;", "middot": "&#183;", "rarr": "&#8594;", "larr": "&#8592;",
        "lsquo": "&#8216;", "rsquo": "&#8217;", "ldquo": "&#8220;", "rdquo": "&#8221;", "deg": "&#176;",
        "eacute": "&#233;", "euml": "&#235;", "iuml": "&#239;", "ouml": "&#246;", "uuml": "&#252;",
    ]

    /// `&name;` that XML does not know becomes its character reference, or literal text.
    static func fixEntities(_ html: String) -> String {
        let scalars = Array(html.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            guard c == "&" else {
                out.append(c)
                i += 1
                continue
            }
            var j = i + 1
            var name = ""
            while j < scalars.count, j - i <= 32, scalars[j] != ";",
                scalars[j].properties.isAlphabetic || ("0"..."9").contains(scalars[j]) || scalars[j] == "#"
            {
                name.unicodeScalars.append(scalars[j])
                j += 1
            }
            let known =
                ["amp", "lt", "gt", "quot", "apos"].contains(name)
                || (name.hasPrefix("#x") && name.count > 2 && name.dropFirst(2).allSatisfy(\.isHexDigit))
                || (name.hasPrefix("#") && !name.hasPrefix("#x") && name.count > 1 && name.dropFirst().allSatisfy { $0.isASCII && $0.isNumber })
            if j < scalars.count, scalars[j] == ";", known {
                out.append(contentsOf: "&\(name);".unicodeScalars)
                i = j + 1
            } else if j < scalars.count, scalars[j] == ";", let ref = namedEntities[name] {
                out.append(contentsOf: ref.unicodeScalars)
                i = j + 1
            } else {
                out.append(contentsOf: "&amp;".unicodeScalars)
                i += 1
            }
        }
        return String(out)
    }

    static func startsWithHeading(_ markdown: String) -> Bool {
        markdown.drop(while: { $0.isWhitespace }).hasPrefix("#")
    }

    // MARK: Escaping

    /// The page's style. Code and text outputs wrap (`pre-wrap`; a token
    /// longer than the line breaks anywhere), so nothing is cut off on paper;
    /// a table wider than the page scrolls on screen and wraps its cells in
    /// print. The print rules spend no ink on backgrounds, keep a cell, a
    /// table row or a figure on one page where they fit, keep a heading with
    /// what follows it and print each link's address after its text.
    static let css = """
        :root { --ink: #1d232b; --muted: #5b6673; --line: #d9dee4; --soft: #f5f7f9; --accent: #2f6f8f; --bad: #a3312b; }
        * { box-sizing: border-box; }
        body { margin: 0; color: var(--ink); background: #fff; font: 17px/1.55 Georgia, "Times New Roman", serif; }
        main { max-width: 60rem; margin: 0 auto; padding: 2.5rem 1.5rem 4rem; }
        h1, h2, h3, h4 { font-family: "Helvetica Neue", Arial, sans-serif; line-height: 1.25; margin: 2rem 0 0.75rem; }
        h1 { font-size: 2rem; } h2 { font-size: 1.45rem; } h3 { font-size: 1.2rem; }
        a { color: var(--accent); overflow-wrap: anywhere; }
        code, pre { font-family: "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 0.85rem; }
        pre { white-space: pre-wrap; overflow-wrap: anywhere; }
        p code, li code { overflow-wrap: anywhere; }
        .prose pre { background: var(--soft); padding: 0.75rem 1rem; }
        .prose table { border-collapse: collapse; display: block; max-width: 100%; overflow-x: auto; }
        .prose th, .prose td { border: 1px solid var(--line); padding: 0.25rem 0.6rem; }
        .cell { margin: 1.5rem 0; border-left: 3px solid var(--accent); padding-left: 1rem; }
        pre.code { margin: 0; padding: 0.6rem 0.9rem; background: #eef3f6; border-radius: 4px; }
        pre.code::before { content: "werkbank> "; color: var(--muted); }
        .output { margin-top: 0.6rem; }
        .output pre { margin: 0.3rem 0; padding: 0.5rem 0.9rem; background: var(--soft); border-radius: 4px; }
        .output pre.error { background: #fbeeed; color: var(--bad); }
        .result { max-width: 100%; overflow-x: auto; }
        .result table { border-collapse: collapse; font: 0.85rem/1.4 "Helvetica Neue", Arial, sans-serif; margin: 0.3rem 0; width: max-content; }
        .result td { max-width: 30em; }
        .result th, .result td { border-bottom: 1px solid var(--line); padding: 0.3rem 0.7rem; text-align: left; vertical-align: top; }
        .result thead th { border-bottom: 2px solid var(--ink); }
        .result .num { text-align: right; font-variant-numeric: tabular-nums; }
        .result .null { color: var(--muted); font-style: italic; }
        table.card { margin-bottom: 1rem; }
        table.card th { color: var(--muted); font-weight: normal; }
        .shape { color: var(--muted); font: 0.8rem "Helvetica Neue", Arial, sans-serif; margin: 0.2rem 0 0; }
        .warning { color: var(--bad); font: 0.85rem "Helvetica Neue", Arial, sans-serif; }
        figure.chart { margin: 0.5rem 0; max-width: 100%; }
        figure.chart svg { max-width: 100%; height: auto; }
        .raw { white-space: pre-wrap; font-family: monospace; font-size: 0.85rem; }
        footer { margin-top: 3rem; padding-top: 1rem; border-top: 1px solid var(--line); color: var(--muted); font: 0.8rem/1.5 "Helvetica Neue", Arial, sans-serif; }
        footer table { border-collapse: collapse; }
        footer td, footer th { padding: 0.15rem 0.8rem 0.15rem 0; text-align: left; }
        footer code { font-size: 0.75rem; word-break: break-all; }
        @page { margin: 18mm 16mm; }
        @media print {
          body { font-size: 11pt; line-height: 1.45; color: #000; }
          main { max-width: none; margin: 0; padding: 0; }
          h1 { font-size: 20pt; } h2 { font-size: 15pt; } h3 { font-size: 13pt; }
          h1, h2, h3, h4 { break-after: avoid; }
          code, pre { font-size: 9pt; }
          .prose pre, pre.code, .output pre, .output pre.error { background: none; border: 1px solid var(--line); border-radius: 0; }
          .cell { border-left-width: 2pt; }
          .cell, figure, tr, pre { break-inside: avoid; }
          .result { overflow: visible; }
          .result table, .prose table { width: auto; max-width: 100%; display: table; }
          .result th, .result td, .prose th, .prose td { overflow-wrap: anywhere; }
          .result table { font-size: 9pt; }
          .result th, .result td { padding: 0.2rem 0.4rem; }
          thead { display: table-header-group; }
          a { color: inherit; }
          .prose a[href]:not([href^="#"])::after { content: " (" attr(href) ")"; font-size: 0.85em; color: var(--muted); overflow-wrap: anywhere; }
          footer { break-inside: avoid; }
        }
        """
}
