import Testing
@testable import WerkbankRender
import WerkbankEngine

@Suite struct ValueFormatterRenderTests {
    @Test(
        arguments: [
            (2.5, 4, "2.5"), (2.0, 4, "2"), (-0.0, 4, "0"), (0.0, 4, "0"), (1234567.891, 4, "1234567.891"),
            (1.0 / 3, 4, "0.3333"), (2.0 / 3, 4, "0.6667"), (-2.0 / 3, 2, "-0.67"), (0.1 + 0.2, 4, "0.3"),
            (2.675, 2, "2.68"), (0.125, 2, "0.13"), (-0.125, 2, "-0.13"), (99.99995, 4, "100"),
            (9.99995, 4, "10"), (0.00005, 4, "0.0001"), (0.00004, 4, "0"), (-0.00004, 4, "0"),
            (1e-05, 4, "0"), (1e-05, 6, "0.00001"), (1e16, 4, "10000000000000000"), (1.5e300, 0, "15" + String(repeating: "0", count: 299)),
            (2.5, 0, "3"), (-2.5, 0, "-3"), (0.4, 0, "0"), (123.456, 1, "123.5"), (Double.leastNonzeroMagnitude, 4, "0"),
            (Double.nan, 4, "NaN"), (Double.infinity, 4, "inf"), (-Double.infinity, 4, "-inf"),
            (1.7976931348623157e308, 0, "17976931348623157" + String(repeating: "0", count: 292)),
            (123.456, -1, "123"),
        ] as [(Double, Int, String)])
    func fixed(value: Double, decimals: Int, expected: String) {
        #expect(ValueFormatter.fixed(value, decimals: decimals) == expected)
    }

    @Test func display() {
        let t = RenderFixture.mixed
        #expect(ValueFormatter.display(t.columns[0], 2, decimals: 4) == "-30")
        #expect(ValueFormatter.display(t.columns[1], 1, decimals: 4) == "null")
        #expect(ValueFormatter.display(t.columns[1], 2, decimals: 4) == "Zeeuws \"meisje\", b|c↵d")
        #expect(ValueFormatter.display(t.columns[2], 0, decimals: 4) == "2.5")
        #expect(ValueFormatter.display(t.columns[3], 2, decimals: 4) == "false")
        #expect(ValueFormatter.display(t.columns[4], 0, decimals: 4) == "2024-05-01")
    }

    @Test func thousandsAndShape() {
        #expect(ValueFormatter.thousands(0) == "0")
        #expect(ValueFormatter.thousands(999) == "999")
        // Four digits stay plain (the one convention: NumberConventionRenderTests).
        #expect(ValueFormatter.thousands(3120) == "3120")
        #expect(ValueFormatter.thousands(31_200) == "31,200")
        #expect(ValueFormatter.thousands(1_000_000) == "1,000,000")
        #expect(ValueFormatter.thousands(-1234567) == "-1,234,567")
        #expect(ValueFormatter.shape(rows: 3120, columns: 9) == "3120 rows × 9 columns")
        #expect(ValueFormatter.shape(rows: 1, columns: 1) == "1 row × 1 column")
        #expect(ValueFormatter.shape(rows: 0, columns: 0) == "0 rows × 0 columns")
    }

    @Test func shortestFloat() {
        #expect(ValueFormatter.shortestFloat(2.0) == "2.0")
        #expect(ValueFormatter.shortestFloat(0.1) == "0.1")
        #expect(ValueFormatter.shortestFloat(1e-05) == "1e-05")
        #expect(ValueFormatter.shortestFloat(.nan) == "NaN")
        #expect(ValueFormatter.shortestFloat(-.infinity) == "-inf")
    }

    @Test(
        arguments: [
            ("", 0), ("abc", 3), ("a\tb", 2), ("東京", 4), ("ｱ", 1), ("Ａ", 2), ("e\u{301}", 1), ("Zürich", 6),
            ("한국어", 6), ("\u{1100}\u{1161}\u{11A8}", 2), ("👍", 2), ("👍🏽", 2), ("👩‍👩‍👧", 2), ("🇳🇱", 2),
            ("❤️", 2), ("a\u{200B}b", 2), ("…", 1), ("─│┌", 3), ("ß", 1), ("क्षि", 3),
        ] as [(String, Int)])
    func terminalWidth(text: String, cells: Int) {
        #expect(TerminalWidth.of(text) == cells)
    }

    @Test func truncateAndWrap() {
        #expect(Cells.truncate("Keilepand", to: 6) == "Keile…")
        #expect(Cells.truncate("Keilepand", to: 9) == "Keilepand")
        #expect(Cells.truncate("東京都東京", to: 6) == "東京…")
        #expect(Cells.truncate("abc", to: 1) == "…")
        #expect(Cells.truncate("abc", to: 0) == "")
        #expect(Cells.wrap("aa bb cc", width: 5) == ["aa bb", "cc"])
        #expect(Cells.wrap("abcdefgh", width: 3) == ["abc", "def", "gh"])
        #expect(Cells.wrap("a  b", width: 10) == ["a  b"])
        #expect(Cells.wrap("東京都東京都", width: 5) == ["東京", "都東", "京都"])
    }

    @Test func visible() {
        #expect(Cells.visible("plain") == "plain")
        #expect(Cells.visible("a\r\nb") == "a␍↵b")
        #expect(Cells.visible("\u{85}x\u{2028}") == "\u{FFFD}x↵")
        #expect(Cells.visible("héllo") == "héllo")
    }

    @Test func formatsRender() {
        let t = RenderFixture.mixed
        let o = RenderOptions()
        #expect(OutputFormat.table.render(t, o) == TableRenderer.render(t, o))
        #expect(OutputFormat.csv.render(t, o) == CSVWriter.render(t))
        #expect(OutputFormat.json.render(t, o) == JSONWriter.render(t, lines: false))
        #expect(OutputFormat.jsonl.render(t, o) == JSONWriter.render(t, lines: true))
        #expect(OutputFormat.markdown.render(t, o) == MarkdownRenderer.render(t, o))
        #expect(OutputFormat.allCases.map(\.rawValue) == ["table", "csv", "json", "jsonl", "markdown"])
    }
}
