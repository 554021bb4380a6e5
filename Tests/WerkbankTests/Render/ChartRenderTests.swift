import Foundation
import Testing
import WerkbankEngine
@testable import WerkbankRender

/// Charts: golden terminal output per kind on Library data, edge cases, and
/// SVG that parses as XML.
@Suite struct ChartRenderTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/charts")

    static let goldens: [(String, String)] = [
        ("bar", "cases | where entrepreneurs is not null | chart bar name entrepreneurs"),
        ("hist", "cases | chart hist founded bins=4"),
        ("line", "timeline | count by year | sort year | chart line year count title=\"events per year\""),
        ("scatter", "cases | chart scatter founded entrepreneurs width=60"),
    ]

    func render(_ statement: String, width: Int = 100) -> String {
        let h = Harness(format: .table)
        h.session.settings.width = width
        return h.run(statement).stdout
    }

    @Test(arguments: goldens.map(\.0))
    func goldenTerminalChart(_ name: String) throws {
        let statement = try #require(Self.goldens.first { $0.0 == name }?.1)
        let expected = try String(contentsOf: Self.fixtures.appendingPathComponent("\(name).txt"), encoding: .utf8)
        let got = render(statement)
        if ProcessInfo.processInfo.environment["WERKBANK_UPDATE_GOLDEN"] == "1" {
            try got.write(to: Self.fixtures.appendingPathComponent("\(name).txt"), atomically: true, encoding: .utf8)
        }
        #expect(got == expected, "\(name) chart changed:\n\(got)")
        for line in got.split(separator: "\n") { #expect(TerminalWidth.of(String(line)) <= 100) }
    }

    /// The same charts as SVG, and a map and a grouped bar chart, pinned as
    /// files (rendering goldens: the numbers in them are the Library's).
    static let svgGoldens: [(String, String)] =
        goldens + [
            ("bar-grouped", "collectives | count by city, form | chart bar city count by form"),
            ("map", "load \"../Notebooks/gemeenten-werklocaties.geojson\" | derive code = int(substr(statcode, 3)) | chart map geometry code"),
        ]

    @Test(arguments: svgGoldens.map(\.0))
    func goldenSVGChart(_ name: String) throws {
        let statement = try #require(Self.svgGoldens.first { $0.0 == name }?.1)
        let dir = NSTemporaryDirectory() + "wb-svg-golden-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let h = Harness(format: .table, baseDirectory: Self.fixtures.deletingLastPathComponent().path)
        let out = h.run(
            statement.replacingOccurrences(
                of: "../Notebooks",
                with: Self.fixtures.deletingLastPathComponent()
                    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Notebooks").path) + " | save \"\(dir)/c.svg\"")
        #expect(!out.failed, "\(out.stderr)")
        let got = try String(contentsOfFile: dir + "/c.svg", encoding: .utf8)
        let file = Self.fixtures.appendingPathComponent("\(name).svg")
        if ProcessInfo.processInfo.environment["WERKBANK_UPDATE_GOLDEN"] == "1" { try got.write(to: file, atomically: true, encoding: .utf8) }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(got == expected, "\(name).svg changed (WERKBANK_UPDATE_GOLDEN=1 rewrites it after a deliberate change)")
    }

    func table(_ label: [String], _ values: [Double?]) -> Table {
        var b = StringDictionaryBuilder()
        let codes = label.map { b.code(for: $0) }
        return Table([
            ("k", Column(.string(codes: codes, dictionary: b.build()))),
            ("v", Column(.float(values.map { $0 ?? 0 }), validity: Validity(values.map { $0 != nil }))),
        ])
    }

    @Test func negativeValuesDrawLeftOfZero() {
        let out = TerminalChart.render(ChartSpec(kind: .bar, x: "k", y: "v"), table(["up", "down"], [10, -5]), RenderOptions(width: 40))
        let lines = out.split(separator: "\n").map(String.init)
        #expect(lines[2].hasPrefix("up   │"))
        let upBar = lines[2].firstIndex(of: "█").map { lines[2].distance(from: lines[2].startIndex, to: $0) } ?? 0
        let downEnd = lines[3].lastIndex(of: "█").map { lines[3].distance(from: lines[3].startIndex, to: $0) } ?? 99
        #expect(downEnd < upBar, "negative bar ends where the positive one starts:\n\(out)")
    }

    @Test func nullsOneRowAndNoRows() {
        let one = TerminalChart.render(ChartSpec(kind: .bar, x: "k", y: "v"), table(["only"], [3]), RenderOptions(width: 40))
        #expect(one.contains("only │") && one.contains(" 3\n"))
        let withNull = TerminalChart.render(ChartSpec(kind: .bar, x: "k", y: "v"), table(["a", "b"], [1, nil]), RenderOptions(width: 40))
        #expect(withNull.contains("b │") && withNull.contains("null"))
        let none = TerminalChart.render(ChartSpec(kind: .hist, x: "v", y: nil), table([], []), RenderOptions(width: 40))
        #expect(none.contains("(no rows to chart)"))
        let points = TerminalChart.render(ChartSpec(kind: .scatter, x: "v", y: "v"), table(["a", "b"], [nil, nil]), RenderOptions(width: 40))
        #expect(points.contains("(no points to chart)"))
    }

    @Test func thousandsOfCategoriesKeepTheLargest() {
        let n = 3000
        let t = table((0..<n).map { "c\($0)" }, (0..<n).map { Double($0 % 997) })
        let out = TerminalChart.render(ChartSpec(kind: .bar, x: "k", y: "v"), t, RenderOptions(width: 60))
        #expect(out.contains("2960 more bars not shown"))
        // Title, label header, the bars, the axis with its ticks and label, the note.
        #expect(out.split(separator: "\n").count == 2 + ChartData.maxBars + 3 + 1)
        #expect(out.contains("c996 "))
    }

    @Test func deterministic() {
        let t = table(["a", "b", "c"], [1.5, 2.25, 0.125])
        let spec = ChartSpec(kind: .bar, x: "k", y: "v")
        #expect(TerminalChart.render(spec, t, RenderOptions()) == TerminalChart.render(spec, t, RenderOptions()))
        #expect(SVGChart.render(spec, t) == SVGChart.render(spec, t))
    }

    @Test(arguments: ChartSpec.Kind.allCases)
    func svgParsesAsXML(_ kind: ChartSpec.Kind) throws {
        let t = table(["a&b", "<c>", "d\"e"], [1, -2, nil])
        let spec = ChartSpec(kind: kind, x: kind == .bar ? "k" : "v", y: kind == .hist ? nil : "v", title: "T <&> \"q\"")
        let svg = SVGChart.render(spec, t)
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse(), "invalid SVG for \(kind): \(parser.parserError.map { "\($0)" } ?? "")\n\(svg)")
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
    }
}

#if canImport(FoundationXML)
import FoundationXML
#endif
