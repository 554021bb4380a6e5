import Foundation
import Testing

/// The exported page of `Notebooks/kaart.md` in headless Chromium: the map is
/// an SVG whose polygons are really drawn (each area a path with a size on
/// screen and a fill from the classes), the legend is there, and a
/// screenshot of the page is made.
@Suite(.serialized) struct MapExportNotebookTests {
    static let probe = """
        <script>
        (function () {
          var svg = document.querySelector("figure.chart > svg");
          var areas = 0, filled = 0, legend = [];
          if (svg) {
            svg.querySelectorAll("path[d^='M']").forEach(function (p) {
              var b = p.getBBox();
              if (b.width > 1 && b.height > 1) areas += 1;
              var f = p.getAttribute("fill");
              if (f && f !== "none" && f.charAt(0) === "#") filled += 1;
            });
            svg.querySelectorAll("text").forEach(function (t) { legend.push(t.textContent); });
          }
          var out = document.createElement("pre");
          out.id = "werkbank-map";
          out.textContent = JSON.stringify({ svg: !!svg, areas: areas, filled: filled, texts: legend,
                                             title: svg ? svg.querySelector("title").textContent : "" });
          document.body.appendChild(out);
        })();
        </script>
        """

    @Test(.enabled(if: BrowserExportNotebookTests.browser != nil, "no Chromium installed (.ci/deps installs it)"))
    func theMapIsDrawnWithItsLegend() throws {
        guard let binary = BinaryRunner.binary else { Issue.record("no werkbank binary"); return }
        let folder = NSTemporaryDirectory() + "wb-kaart-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let notebook = BrowserExportNotebookTests.root.appendingPathComponent("Notebooks/kaart.md").path
        let html = folder + "/kaart.html"
        let export = try BinaryRunner.run(executable: binary, ["export", notebook, "--html", html], timeout: 60)
        #expect(export.status == 0, "\(export.stderr)")
        let page = try String(contentsOfFile: html, encoding: .utf8).replacingOccurrences(of: "</body>", with: Self.probe + "\n</body>")
        let probed = folder + "/probed.html"
        try page.write(toFile: probed, atomically: true, encoding: .utf8)
        let r = try BrowserExportNotebookTests.chromium(["--window-size=1000,1600", "--virtual-time-budget=5000", "--dump-dom",
                                                         URL(fileURLWithPath: probed).absoluteString], profile: folder + "/profile")
        guard let start = r.stdout.range(of: "<pre id=\"werkbank-map\">"),
              let end = r.stdout.range(of: "</pre>", range: start.upperBound..<r.stdout.endIndex) else {
            Issue.record("no measurements in the dumped DOM (exit \(r.status)): \(r.stderr.suffix(800))")
            return
        }
        let text = String(r.stdout[start.upperBound..<end.lowerBound])
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
        let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
        #expect(json["svg"] as? Bool == true)
        // The teaching file has eleven municipalities: eleven areas drawn, each filled.
        #expect(json["areas"] as? Int == 11, "\(json)")
        #expect(json["filled"] as? Int == 11, "\(json)")
        let texts = json["texts"] as? [String] ?? []
        #expect(texts.contains("parks"), "the legend's heading: \(texts)")
        #expect(texts.contains("no value"), "the legend names the areas without a count: \(texts)")
        #expect(texts.filter { $0.contains("–") }.count >= 2, "the classes' ranges: \(texts)")
        #expect((json["title"] as? String)?.contains("Business parks") == true)

        let png = folder + "/kaart.png"
        _ = try BrowserExportNotebookTests.chromium(["--window-size=1000,1600", "--screenshot=\(png)", URL(fileURLWithPath: html).absoluteString],
                                                    profile: folder + "/profile")
        let data = try #require(FileManager.default.contents(atPath: png), "no screenshot")
        #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47]) && data.count > 20_000, "a screenshot with a map in it: \(data.count) bytes")
    }
}
