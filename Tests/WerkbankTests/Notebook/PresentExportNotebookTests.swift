import Foundation
import Testing
import WerkbankEngine
import WerkbankLanguage
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

    @Test func presentStepsForwardAndBack() {
        let path = write()
        // Enter runs cell 1, Enter goes on; b goes back to cell 1 (already run),
        // Enter goes on; Enter runs cell 2; q quits.
        let r = NB.cli(["present", path], input: ["", "", "b", "", "", "q"])
        #expect(r.code == 0, "\(r.err)")
        let screens = r.out.components(separatedBy: String(repeating: "═", count: 60) + "\n").filter { !$0.isEmpty }
        #expect(screens.count == 4, "\(r.out)")
        #expect(screens[0].hasPrefix("In class  ·  1/4\n\n# The cases\n\nHow many cases are there?\n\nwerkbank> cases | count\n"))
        #expect(screens[0].contains("[Enter run · b back · q quit]\n\n┌───────┐\n│ count │"))
        #expect(screens[0].hasSuffix("[Enter next · b back · q quit]\n"))
        #expect(screens[1].hasPrefix("In class  ·  2/4\n\n## Where they are\n\nwerkbank> cases | count by city\n"))
        // Back on step 1: its output is shown again without running.
        #expect(screens[2].hasPrefix("In class  ·  1/4\n"))
        #expect(!screens[2].contains("[Enter run"))
        #expect(screens[2].contains("│     7 │"))
        #expect(screens[3].contains("│ Rotterdam │"))
        #expect(!r.out.contains("\u{1B}"))  // not a terminal: no escapes
    }

    @Test func presentPagesTallOutputAndQuitsAtEndOfInput() {
        let path = write()
        // Straight to step 3, which shows 16 rows; a 12-line screen pages it.
        let r = NB.cli(["present", path], input: Array(repeating: "", count: 30), height: 12)
        #expect(r.code == 0)
        #expect(r.out.contains("── more: lines 10–"), "\(r.out)")
        #expect(r.out.contains("werkbank> terreinen | select id, city\n┌"))
        #expect(r.out.contains("16 rows × 2 columns"))
        // The last step is the closing prose.
        #expect(r.out.contains("In class  ·  4/4\n\nThat is all.\n"))
        // End of input at any prompt ends the presentation quietly.
        #expect(NB.cli(["present", path], input: []).code == 0)
        #expect(NB.cli(["present", path], input: ["q"]).out.contains("1/4"))
    }

    @Test func presentOnATerminalBoldsHeadingsAndClears() {
        let path = write()
        let box = NB.Box(["", "q"])
        let io = NotebookIO(out: { box.out += $0 }, err: { box.err += $0 }, readLine: { box.input.isEmpty ? nil : box.input.removeFirst() },
                            isTerminal: true, width: 80, height: 30)
        #expect(NotebookCLI.run(["present", path], makeSession: NB.factory(), io: io) == 0)
        #expect(box.out.hasPrefix("\u{1B}[2J\u{1B}[H"))
        #expect(box.out.contains("\u{1B}[1mThe cases\u{1B}[0m"))
        #expect(!box.out.contains("# The cases"))
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
        let path = write("""
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
            table.names == ["city", "count", "percent"] ? "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>" : nil
        }
        let html = try exporter.render(warn: { _ in })
        expectWellFormed(html)
        #expect(html.contains("<figure class=\"chart\">\n<svg"))
        #expect(html.contains("<td class=\"num\">7</td>"))
    }
}
