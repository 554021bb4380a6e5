import Foundation
import Testing
import WerkbankEngine
import WerkbankLanguage
import WerkbankRender
@testable import WerkbankNotebook
#if canImport(FoundationXML)
import FoundationXML
#endif

/// `werkbank present` driven through stdin, and `werkbank export --html`.
@Suite struct PresentExportNotebookTests {
    static let notebook = """
        ---
        werkbank: 1
        title: "In class"
        ---

        # The cases

        How many cases are there?

        ```werkbank
        cases | count
        ```

        ## Where they are

        ```werkbank
        cases | count by city
        ```

        ## All the terreinen

        ```werkbank
        terreinen | select id, city
        ```

        That is all.

        """

    func write(_ text: String = Self.notebook) -> String {
        let path = NB.folder() + "/class.md"
        NB.write(text, to: path)
        return path
    }

    static let rule = String(repeating: "═", count: 60) + "\n"

    func screens(_ out: String) -> [String] {
        out.components(separatedBy: Self.rule).filter { !$0.isEmpty }
    }

    /// Rows of `cases` and of `terreinen`, counted in the Library's files.
    static func rows(_ table: String) -> Int {
        let csv = NB.read(BrowserExportNotebookTests.root.appendingPathComponent("Library/\(table).csv").path)
        return csv.split(separator: "\n").dropFirst().filter { !$0.isEmpty }.count
    }

    @Test func presentStepsThroughSlidesInReadingOrder() {
        let path = write()
        // Each Enter: run the slide's cell, then the next slide.
        let r = NB.cli(["present", path], input: Array(repeating: "", count: 6) + ["q"])
        #expect(r.code == 0, "\(r.err)")
        let s = screens(r.out)
        #expect(s.count == 7, "\(r.out)")
        // Slide 1: the prose (a plain heading with a rule under it), then the cell, not yet run.
        #expect(
            s[0].hasPrefix("In class  ·  1/3  ·  cell 1\n\nThe cases\n═════════\n\nHow many cases are there?\n\nwerkbank> cases | count\n"), "\(s[0])"
        )
        #expect(s[0].contains("[space run ·"))
        #expect(!s[0].contains("┌"))
        #expect(s[1].contains("werkbank> cases | count\n\n┌───────┐\n│ count │"))
        #expect(s[1].contains("│     \(Self.rows("cases")) │"))
        #expect(s[2].hasPrefix("In class  ·  2/3  ·  cell 2\n\nWhere they are\n──────────────\n\nwerkbank> cases | count by city\n"))
        // The prose after the last result is on that result's slide, under it.
        #expect(!s[4].contains("That is all."))
        #expect(s[5].hasPrefix("In class  ·  3/3"))
        #expect(s[5].contains("\(Self.rows("terreinen")) rows × 2 columns\n\nThat is all.\n"), "\(s[5])")
        #expect(s[5].contains("[the end ·"))
        #expect(s[6].contains("the end · q quits"))
        #expect(!r.out.contains("\u{1B}"))  // not a terminal: no escapes
        // End of input at any point ends the presentation quietly.
        #expect(NB.cli(["present", path], input: []).code == 0)
    }

    static let letNotebook = """
        ---
        werkbank: 1
        title: "Few"
        ---

        ```werkbank
        let few = cases | take 2
        ```

        ```werkbank
        few | count
        ```

        """

    @Test func presentEditsAsksGoesBackAndJumpsWithoutWritingTheNotebook() {
        let path = write(Self.letNotebook)
        let before = NB.read(path)
        let r = NB.cli(
            ["present", path],
            input: [
                "",  // slide 1: run
                "e", "let few = cases | take 3",  // edit cell 1: run again
                ":few | count",  // ad hoc, on the edited state
                ":let few = cases | take 5",  // an ad-hoc let …
                ":few | count",  // … seen by the next question
                "",  // slide 2
                "",  // run: on the notebook's state (the edited cell), not the ad-hoc let
                "b",  // back to slide 1, as it was
                "2",  // jump to slide 2
                "q",
            ])
        #expect(r.code == 0, "\(r.err)")
        let s = screens(r.out)
        #expect(s.count == 10, "\(r.out)")
        #expect(s[1].contains("few: 2 rows × "))
        #expect(s[2].hasPrefix("Few  ·  1/2  ·  cell 1 (edited)\n"))
        #expect(s[2].contains("werkbank> let few = cases | take 3\n\nfew: 3 rows × "))
        #expect(s[3].contains("werkbank> few | count\n┌───────┐\n│ count │\n├───────┤\n│     3 │"), "\(s[3])")
        #expect(s[5].contains("werkbank> few | count\n┌───────┐\n│ count │\n├───────┤\n│     5 │"), "\(s[5])")
        #expect(s[7].hasPrefix("Few  ·  2/2  ·  cell 2\n"))
        #expect(s[7].contains("│     3 │"), "\(s[7])")
        #expect(s[8].hasPrefix("Few  ·  1/2  ·  cell 1 (edited)\n"))
        #expect(s[8].contains("few: 3 rows × ") && !s[8].contains("werkbank> few | count"))
        #expect(s[9].hasPrefix("Few  ·  2/2") && s[9].contains("│     3 │"))
        // Nothing written; the edit is mentioned on the way out.
        #expect(NB.read(path) == before)
        #expect(r.err.contains("cell 1 was edited during the presentation; \(path) is unchanged"))
    }

    @Test func presentJumpRunsTheCellsBeforeOnAFreshState() {
        let path = write(Self.letNotebook)
        let r = NB.cli(["present", path], input: ["2", "", "1", "e", "let few = cases | take 4", "2", "", "9", "?", "x", "q"])
        let s = screens(r.out)
        #expect(s.count == 10, "\(r.out)")
        #expect(s[0].hasPrefix("Few  ·  1/2"))
        #expect(s[1].hasPrefix("Few  ·  2/2") && !s[1].contains("┌"))
        #expect(s[2].contains("│     2 │"))
        // Slide 1 again, edited; slide 2 ran on the old state, so it runs again.
        #expect(s[5].hasPrefix("Few  ·  2/2") && !s[5].contains("┌"), "\(s[5])")
        #expect(s[6].contains("│     4 │"))
        #expect(s[7].contains("[no slide 9 (1–2) ·"))
        #expect(r.out.contains(NotebookPresenter.help))
        #expect(s[9].contains("[unknown command \"x\" (? lists them) ·"))
    }

    /// Keys as a terminal sends them: single keys, a screen of its own.
    func presentOnTerminal(
        _ text: String, keys: [TerminalKey], lines: [String] = [], height: Int = 30
    )
        -> (out: String, err: String, prompts: [String])
    {
        let path = write(text)
        let box = NB.Box(lines)
        nonisolated(unsafe) var keys = keys
        nonisolated(unsafe) var prompts: [String] = []
        let io = NotebookIO(
            out: { box.out += $0 }, err: { box.err += $0 }, readLine: { nil },
            isTerminal: true, width: 100, height: height,
            readKey: { keys.isEmpty ? .endOfInput : keys.removeFirst() },
            editLine: { prompt, prefill, _ in
                prompts.append(prompt + prefill)
                return box.input.isEmpty ? nil : box.input.removeFirst()
            })
        #expect(NB.run(["present", path], io: io).code == 0)
        return (box.out, box.err, prompts)
    }

    @Test func presentOnATerminalDrawsScreensWithStyles() {
        let notebook = """
            ---
            werkbank: 1
            title: "In class"
            ---

            # The cases

            A *first* look with `count`, **bold** and a [link](https://example.org).

            ```werkbank
            cases | count
            ```

            """
        let r = presentOnTerminal(
            notebook, keys: [.character(" "), .character("e"), .character(":"), .character("q")],
            lines: ["cases | take 3 | count", "cases | count by role"])
        // A cleared screen, the title bold, the status line on the last row.
        #expect(r.out.hasPrefix("\u{1B}[H\u{1B}[2J\u{1B}[1mIn class\u{1B}[0m  ·  1/1  ·  cell 1\r\n"))
        #expect(r.out.contains("\u{1B}[30;1H\u{1B}[2mspace run ·"))
        #expect(r.out.contains("\u{1B}[1mThe cases\u{1B}[0m"))
        #expect(!r.out.contains("# The cases") && !r.out.contains("*first*") && !r.out.contains("`count`"))
        #expect(
            r.out.contains(
                "A \u{1B}[3mfirst\u{1B}[0m look with \u{1B}[36mcount\u{1B}[0m, \u{1B}[1mbold\u{1B}[0m and a link \u{1B}[2m(https://example.org)\u{1B}[0m."
            ))
        // e: the readline prompt pre-filled with the cell; : an empty prompt.
        #expect(r.prompts == ["edit> cases | count", "werkbank> "])
        #expect(r.out.contains("\u{1B}[2mwerkbank> \u{1B}[0mcases | take 3 | count"))
        #expect(r.out.contains("│     3 │"))
        #expect(r.out.contains("\u{1B}[2mwerkbank> \u{1B}[0mcases | count by role\r\n┌"))
        #expect(r.err.contains("cell 1 was edited"))
    }

    @Test func presentScrollsASlideTallerThanTheScreen() {
        let notebook = """
            ---
            werkbank: 1
            ---

            ```werkbank
            terreinen | select id
            ```

            """
        let rows = Self.rows("terreinen")
        let r = presentOnTerminal(notebook, keys: [.character(" "), .character(" "), .character(" "), .character(" "), .character("q")], height: 12)
        // 9 rows for the slide: the output's lines in screens of 9.
        #expect(r.out.contains("space more ·"), "\(r.out)")
        #expect(r.out.contains("lines 1–9/"))
        #expect(r.out.contains("lines 10–18/"))
        #expect(r.out.contains("\(rows) rows × 1 column"))
        #expect(r.out.contains("the end · q quits"))
    }

    @Test func presentScrollsLongProseBeforeRunningTheCell() {
        let prose = (1...12).map { "Paragraph \($0)." }.joined(separator: "\n\n")
        let notebook = "---\nwerkbank: 1\n---\n\n" + prose + "\n\n```werkbank\ncases | count\n```\n"
        // 9 rows for the slide; the code is on line 25: two spaces scroll, the third runs.
        let r = presentOnTerminal(notebook, keys: [.character(" "), .character(" "), .character(" "), .character("q")], height: 12)
        let screens = r.out.components(separatedBy: "\u{1B}[H\u{1B}[2J").filter { !$0.isEmpty }
        #expect(screens.count == 4)
        #expect(!screens[0].contains("┌") && !screens[1].contains("┌") && !screens[2].contains("┌"))
        #expect(screens[2].contains("werkbank> "))
        #expect(screens[3].contains("┌───────┐"), "\(screens[3])")
    }

    /// Parses with Foundation's XML parser where it exists (strict: any
    /// error fails), and always with the module's own well-formedness check.
    func expectWellFormed(_ html: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(XMLCheck.problem(inDocument: html) == nil, "\(XMLCheck.problem(inDocument: html) ?? "")", sourceLocation: sourceLocation)
        #if canImport(FoundationXML) || os(macOS)
        let parser = XMLParser(data: Data(html.utf8))
        let ok = parser.parse()
        #expect(ok && parser.parserError == nil, "XMLParser: \(String(describing: parser.parserError))", sourceLocation: sourceLocation)
        #endif
    }

    @Test func exportIsOneWellFormedSelfContainedPage() throws {
        let path = write()
        let out = (path as NSString).deletingLastPathComponent + "/class.html"
        let r = NB.cli(["export", path, "--html", out])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.contains("exported"))
        let html = NB.read(out)
        expectWellFormed(html)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.contains("<title>In class</title>"))
        #expect(html.contains("<h1>The cases</h1>"))
        #expect(html.contains("<pre class=\"code\"><code>cases | count</code></pre>"))
        // Tables are HTML tables, from the re-run result, not box drawing.
        #expect(html.contains("<thead><tr><th class=\"num\">count</th></tr></thead>"))
        #expect(html.contains("<tr><td class=\"num\">7</td></tr>"))
        #expect(html.contains("<td>Rotterdam</td>"))
        #expect(!html.contains("┌"))
        #expect(html.contains("<p class=\"shape\">16 rows × 2 columns</p>"))
        // Footer: version and the datasets' hashes.
        #expect(html.contains("Exported with werkbank \(WerkbankVersion.current)"))
        #expect(html.contains("<td><code>cases</code></td><td><code>"))
        #expect(html.contains("<td><code>terreinen</code></td>"))
        // Nothing fetched from the network.
        for needle in ["<script", "<link", "src=", "http://", "https://", "@import", "url("] {
            #expect(!html.contains(needle), "\(needle)")
        }
        // The cells' outputs were never recorded: the page says they differ.
        #expect(r.err.contains("cell 1 (line 10) no longer gives its recorded output"))
        // Deterministic, and to stdout with -.
        let again = NB.cli(["export", path, "--html", "-"])
        #expect(again.out == html)
    }

    @Test func exportEscapesEverything() throws {
        let nasty = """
            ---
            werkbank: 1
            title: "<b>Bold</b> & \\"quotes\\""
            ---

            <script>alert(1)</script>

            <div onclick="x()">raw <i>html</i></div>

            A < B & C > D, an entity &nbsp; an unknown &bogus; a bare & and AT&T.
            Tricky *emphasis **crossing* here** and `code <b>`.

            [a link](javascript:alert(1)) and [another](https://example.org/?a=1&b="2") and ![a picture](http://example.org/p.png)

            ---

            Soft wrapped with
            `code at line start` and
            -minus and
            #hash.

            Line with a break  
            next line.

            | a | b |
            |---|---|
            | <x> | & |

            ```werkbank
            cases | select name = "<b>&amp;</b>" | take 1
            ```

            ```werkbank
            cases | where name == 1
            ```

            """
        let path = write(nasty)
        let r = NB.cli(["export", path, "--html", "-"])
        #expect(r.code == 0, "\(r.err)")
        let html = r.out
        expectWellFormed(html)
        #expect(!html.contains("<script"))
        #expect(!html.contains("<div onclick"))
        #expect(!html.contains("href=\"javascript:"))
        #expect(html.contains("<a href=\"#\">a link</a>"))
        #expect(html.contains("<a href=\"https://example.org/?a=1&amp;b=&quot;2&quot;\">another</a>"))
        #expect(!html.contains("src="))
        #expect(html.contains("<title>&lt;b&gt;Bold&lt;/b&gt; &amp; \"quotes\"</title>"))
        #expect(html.contains("&lt;b&gt;&amp;amp;&lt;/b&gt;"))
        #expect(html.contains("<pre class=\"error\">error: "))
        // Soft line breaks stay inside the paragraph, as Markdown reads them.
        #expect(html.contains("<p>Soft wrapped with <code>code at line start</code> and -minus and #hash.</p>"))
        #expect(html.contains("<hr/>"))
    }

    @Test func chartsAreInlineSVG() throws {
        let path = write(
            """
            ---
            werkbank: 1
            ---

            ```werkbank
            cases | where entrepreneurs is not null | chart bar name entrepreneurs
            ```

            """)
        let r = NB.cli(["export", path, "--html", "-"])
        #expect(r.code == 0, "\(r.err)")
        expectWellFormed(r.out)
        #expect(r.out.contains("<figure class=\"chart\">\n<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(r.out.contains(">De Kroon</text>"))
        #expect(!r.out.contains("<table>\n<thead>"))
    }

    @Test func figureRendererIsTheExtensionPointForCharts() throws {
        let path = write()
        let doc = try NotebookDocument.parse(NB.read(path))
        let exporter = HTMLExporter(path: path, document: doc, makeSession: NB.factory()) { table, _, _ in
            table.names == ["city", "count", "percent"]
                ? "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>" : nil
        }
        let html = try exporter.render(warn: { _ in })
        expectWellFormed(html)
        #expect(html.contains("<figure class=\"chart\">\n<svg"))
        #expect(html.contains("<td class=\"num\">7</td>"))
    }
}
