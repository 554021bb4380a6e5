import Foundation
import Testing

/// Each shipped notebook's HTML export in a real browser (headless Chromium):
/// rendered to PNG and PDF, and measured on screen and with the print
/// stylesheet at the width of a printed A4 page. Nothing may be cut off or
/// overflow: the page is no wider than the window, no `<pre>` hides text
/// behind a scroll bar, nothing sticks out of the page in print (where a wide
/// table must wrap), and every chart is an `<svg>` inside its figure.
///
/// Skipped only when no Chromium is installed (`.ci/deps` installs it).
@Suite(.serialized) struct BrowserExportNotebookTests {
    static let browser: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
            for dir in path.split(separator: ":") {
                let candidate = "\(dir)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }()

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static var notebooks: [String] {
        let folder = root.appendingPathComponent("Notebooks")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".md") }.sorted().map { folder.appendingPathComponent($0).path }
    }

    /// Printable width of an A4 page with the stylesheet's `@page` margins
    /// (210 mm − 2 × 16 mm), in CSS pixels (96 per inch).
    static let printWidth = Int((210.0 - 32.0) / 25.4 * 96.0)

    /// Writes the measurements into the page as JSON, for `--dump-dom`.
    /// On screen, an element inside a box that scrolls sideways (a wide
    /// table) may be wider than the window: the box scrolls, the page does
    /// not. On paper nothing scrolls: a box whose content is wider than the
    /// box is cut off.
    static func probe(print: Bool) -> String {
        """
        <script>
        (function () {
          var root = document.documentElement, width = root.clientWidth, problems = [], print = \(print);
          function scrolls(e) {
            for (var p = e.parentElement; p && p !== document.body; p = p.parentElement) {
              var o = getComputedStyle(p).overflowX;
              if (o === "auto" || o === "scroll") return true;
            }
            return false;
          }
          function name(e) { return e.tagName.toLowerCase() + (e.className && e.className.baseVal === undefined ? "." + e.className : "") + " \\"" + (e.textContent || "").trim().slice(0, 50) + "\\""; }
          document.querySelectorAll("pre").forEach(function (p) {
            if (p.scrollWidth > p.clientWidth + 1) problems.push("cut off inside: " + name(p));
          });
          document.querySelectorAll("main *").forEach(function (e) {
            var r = e.getBoundingClientRect();
            if (print && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== "visible") problems.push("cut off on paper: " + name(e));
            if (r.right > width + 1 && !scrolls(e)) problems.push("past the right edge (" + Math.round(r.right) + " > " + width + "): " + name(e));
          });
          var svgs = document.querySelectorAll("figure.chart > svg");
          svgs.forEach(function (s) {
            var r = s.getBoundingClientRect(), f = s.parentElement.getBoundingClientRect();
            if (r.width < 50 || r.height < 20) problems.push("chart not drawn: " + name(s.parentElement));
            if (r.right > f.right + 1) problems.push("chart wider than its figure: " + name(s.parentElement));
          });
          var out = document.createElement("pre");
          out.id = "werkbank-measure";
          out.textContent = JSON.stringify({ scrollWidth: root.scrollWidth, width: width, svgs: svgs.length, problems: problems });
          document.body.appendChild(out);
        })();
        </script>
        """
    }

    struct Measure {
        var scrollWidth: Int
        var width: Int
        var svgs: Int
        var problems: [String]
    }

    /// Runs a program with a time limit (a stuck browser fails the test).
    static func run(_ executable: String, _ arguments: [String], timeout: Double = 90) throws -> BinaryRunner.Result {
        try BinaryRunner.run(executable: executable, arguments, timeout: timeout)
    }

    static func chromium(_ arguments: [String], profile: String) throws -> BinaryRunner.Result {
        try run(
            browser!,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                "--no-first-run", "--user-data-dir=\(profile)",
            ] + arguments)
    }

    /// The page with the probe before `</body>`; with `print`, the print
    /// rules apply on screen too (the stylesheet has no screen-only rules,
    /// so that is the printed layout).
    static func probed(_ html: String, print: Bool) -> String {
        var page = html
        if print { page = page.replacingOccurrences(of: "@media print {", with: "@media all {") }
        return page.replacingOccurrences(of: "</body>", with: probe(print: print) + "\n</body>")
    }

    static func measure(_ page: String, width: Int, folder: String, name: String) throws -> Measure {
        let file = folder + "/" + name
        try page.write(toFile: file, atomically: true, encoding: .utf8)
        let r = try chromium(
            ["--window-size=\(width),1200", "--virtual-time-budget=5000", "--dump-dom", URL(fileURLWithPath: file).absoluteString],
            profile: folder + "/profile")
        guard let start = r.stdout.range(of: "<pre id=\"werkbank-measure\">"),
            let end = r.stdout.range(of: "</pre>", range: start.upperBound..<r.stdout.endIndex)
        else {
            Issue.record("no measurements in the dumped DOM of \(name) (exit \(r.status)): \(r.stderr.suffix(800))")
            return Measure(scrollWidth: 0, width: 0, svgs: 0, problems: [])
        }
        let text = String(r.stdout[start.upperBound..<end.lowerBound])
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&nbsp;", with: "\u{A0}").replacingOccurrences(of: "&amp;", with: "&")
        let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
        return Measure(
            scrollWidth: json["scrollWidth"] as? Int ?? -1, width: json["width"] as? Int ?? -1,
            svgs: json["svgs"] as? Int ?? -1, problems: json["problems"] as? [String] ?? ["no problems list"])
    }

    /// Charts the notebook draws, counted from its source: cells with a `chart` stage.
    static func chartCells(_ notebook: String) -> Int {
        let text = (try? String(contentsOfFile: notebook, encoding: .utf8)) ?? ""
        var count = 0
        var inCell = false
        var cellHasChart = false
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("```werkbank") { inCell = true; cellHasChart = false; continue }
            if inCell && line.hasPrefix("```") {
                inCell = false
                if cellHasChart { count += 1 }
                continue
            }
            if inCell, line.range(of: #"\|\s*chart\b"#, options: .regularExpression) != nil { cellHasChart = true }
        }
        return count
    }

    @Test(
        .enabled(
            if: browser != nil, "no Chromium installed (apt-get install chromium; .ci/deps installs it): the export is not checked in a browser"),
        arguments: notebooks)
    func shippedNotebookRendersWhole(_ notebook: String) throws {
        try check(notebook)
    }

    /// A table far wider than any page (all 20 columns of `cases`), a code
    /// line with a token longer than a line, and a long text output.
    @Test(
        .enabled(if: browser != nil, "no Chromium installed (apt-get install chromium; .ci/deps installs it): the export is not checked in a browser")
    )
    func wideTablesAndLongLinesRenderWhole() throws {
        let folder = NB.folder()
        let path = folder + "/wide.md"
        let token = String(repeating: "x", count: 180)
        NB.write(
            """
            ---
            werkbank: 1
            title: "Wide"
            ---

            # Wide

            See [the project page](https://example.org/a/very/long/address/that/goes/on/and/on/and/on/and/on/and/on/and/on).

            ```werkbank
            cases | take 3
            ```

            ```werkbank
            cases | where id != "\(token)" | select id, name | take 2
            ```

            ```werkbank
            set format json
            cases | where id == "keilepand"
            ```

            """, to: path)
        try check(path)
    }

    func check(_ notebook: String) throws {
        let binary = try #require(BinaryRunner.binary, "the werkbank binary is not built")
        let folder = NSTemporaryDirectory() + "werkbank-browser-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let base = URL(fileURLWithPath: notebook).deletingPathExtension().lastPathComponent
        let html = folder + "/\(base).html"
        let export = try Self.run(binary, ["export", notebook, "--html", html], timeout: 60)
        try #require(export.status == 0, "export failed: \(export.stderr)")
        let page = try String(contentsOfFile: html, encoding: .utf8)
        let charts = Self.chartCells(notebook)

        // On screen, a desktop window and a narrow one.
        for width in [1000, 480] {
            let m = try Self.measure(Self.probed(page, print: false), width: width, folder: folder, name: "\(base)-screen-\(width).html")
            #expect(m.width > 0 && m.scrollWidth <= m.width, "\(base) at \(width)px: the page is \(m.scrollWidth)px wide")
            #expect(m.problems.isEmpty, "\(base) at \(width)px:\n\(m.problems.prefix(10).joined(separator: "\n"))")
            #expect(m.svgs == charts, "\(base): \(m.svgs) charts drawn, \(charts) chart cells")
        }
        // Printed: the print stylesheet at the width of an A4 page.
        let p = try Self.measure(Self.probed(page, print: true), width: Self.printWidth, folder: folder, name: "\(base)-print.html")
        #expect(p.width > 0 && p.scrollWidth <= p.width, "\(base) printed: the page is \(p.scrollWidth)px wide, the paper \(p.width)px")
        #expect(p.problems.isEmpty, "\(base) printed:\n\(p.problems.prefix(10).joined(separator: "\n"))")
        #expect(p.svgs == charts)

        // The files a reader gets: a screenshot and a PDF.
        let png = folder + "/\(base).png"
        let shot = try Self.chromium(
            ["--window-size=1000,2400", "--screenshot=\(png)", URL(fileURLWithPath: html).absoluteString],
            profile: folder + "/profile")
        let pngData = try #require(FileManager.default.contents(atPath: png), "no screenshot: \(shot.stderr.suffix(500))")
        #expect(pngData.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        // IHDR: the width is the window's.
        if pngData.count > 24 {
            let w = pngData[16..<20].reduce(0) { $0 << 8 | Int($1) }
            #expect(w == 1000)
        }
        let pdf = folder + "/\(base).pdf"
        let printed = try Self.chromium(
            ["--no-pdf-header-footer", "--print-to-pdf=\(pdf)", URL(fileURLWithPath: html).absoluteString],
            profile: folder + "/profile")
        let pdfData = try #require(FileManager.default.contents(atPath: pdf), "no PDF: \(printed.stderr.suffix(500))")
        #expect(pdfData.starts(with: Array("%PDF".utf8)))
        let pdfText = String(decoding: pdfData, as: UTF8.self)
        let pages = try NSRegularExpression(pattern: #"/Type\s*/Page(?![s\w])"#)
            .numberOfMatches(in: pdfText, range: NSRange(pdfText.startIndex..., in: pdfText))
        #expect(pages >= 1, "\(base).pdf has no pages")
        #expect(pdfData.count > 1000, "\(base).pdf is \(pdfData.count) bytes")
        print("browser: \(base): \(png), \(pdf) (\(pages) page objects)")
        if ProcessInfo.processInfo.environment["WERKBANK_KEEP_BROWSER_OUTPUT"] == nil {
            try? FileManager.default.removeItem(atPath: folder)
        }
    }
}
