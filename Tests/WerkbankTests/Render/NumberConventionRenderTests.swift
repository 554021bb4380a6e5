import Foundation
import Testing
import WerkbankEngine
import WerkbankLanguage
@testable import WerkbankRender

/// One convention for a number shown to people (`NumberText.groupFrom`):
/// from 10,000 on the whole part is grouped by threes with a comma, below
/// that it is written plain (2019, 3120), and the same number looks the same
/// in a table cell, a card, a message, a chart's labels and a map's legend.
/// Data (csv, json, `string()`, describe's min and max) never carries it.
/// Expected texts follow the rule by hand.
@Suite struct NumberConventionRenderTests {
    @Test func fiveDigitsAndMoreAreGroupedFourAreNot() {
        #expect(NumberText.thousands(0) == "0")
        #expect(NumberText.thousands(2019) == "2019")
        #expect(NumberText.thousands(9999) == "9999")
        #expect(NumberText.thousands(-9999) == "-9999")
        #expect(NumberText.thousands(10_000) == "10,000")
        #expect(NumberText.thousands(-1_234_567) == "-1,234,567")
        #expect(NumberText.thousands(Int.min) == "-9,223,372,036,854,775,808")
        #expect(NumberText.grouped("12345.678") == "12,345.678")
        #expect(NumberText.grouped("-9999.5") == "-9999.5")
        #expect(NumberText.grouped("100000") == "100,000")
        #expect(NumberText.grouped("NaN") == "NaN")
        #expect(NumberText.grouped("-inf") == "-inf")
        #expect(ValueFormatter.shape(rows: 3120, columns: 9) == "3120 rows × 9 columns")
        #expect(ValueFormatter.shape(rows: 31_200, columns: 1) == "31,200 rows × 1 column")
    }

    @Test func cellsOfEveryTextRendering() {
        let t = Table([
            ("jaar", Column(.int([2019, 2020]))),
            ("n", Column(.int([12_345, 3120]))),
            ("ha", Column(.float([1_234_567.891, 9999.5]))),
        ])
        #expect(
            TableRenderer.render(t, RenderOptions()) == """
                ┌──────┬────────┬───────────────┐
                │ jaar │      n │            ha │
                ├──────┼────────┼───────────────┤
                │ 2019 │ 12,345 │ 1,234,567.891 │
                │ 2020 │   3120 │        9999.5 │
                └──────┴────────┴───────────────┘
                2 rows × 3 columns

                """)
        let card = CardRenderer.render(t, RenderOptions())
        #expect(card.contains("n:    12,345\nha:   1,234,567.891\n"), "\(card)")
        let markdown = MarkdownRenderer.render(t, RenderOptions())
        #expect(markdown.contains("| 2019 | 12,345 | 1,234,567.891 |"), "\(markdown)")
        // The chart's labels and the map's legend use the same rule.
        #expect(AxisScale.number(12_345, decimals: 0) == "12,345")
        #expect(AxisScale.number(3120, decimals: 0) == "3120")
        #expect(AxisScale.number(1_234_567.891, decimals: 3) == "1,234,567.891")
    }

    @Test func aCountLooksTheSameInTheMessageTheTableAndTheChart() throws {
        let path = NSTemporaryDirectory() + "wb-\(UUID().uuidString).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ("v\n" + (0..<12_345).map { String($0 % 10) }.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let h = Harness(format: .table)
        #expect(h.run("load \"\(path)\" as t").stdout.hasPrefix("t: 12,345 rows × 1 column"))
        #expect(h.run("t | count").stdout.contains("│ 12,345 │"))
        #expect(h.run("t | count | card").stdout.contains("count: 12,345\n"))
        let chart = h.run("t | count | derive k = \"all\" | chart bar k count").stdout
        #expect(chart.contains("12,345"), "\(chart)")
        // Below 10,000 none of them groups.
        #expect(h.run("let s = t | take 3120").stdout.hasPrefix("s: 3120 rows × 1 column"))
        #expect(h.run("s | count").stdout.contains("│  3120 │"))
        let small = h.run("s | count | derive k = \"all\" | chart bar k count").stdout
        #expect(small.contains("3120") && !small.contains("3,120"), "\(small)")
    }

    @Test func dataNeverCarriesTheGrouping() {
        let h = Harness()
        #expect(h.csv("cases | select n = 12345, x = 1234567.5, s = string(12345) | take 1") == "n,x,s\n12345,1234567.5,12345\n")
        // describe's min and max are text values: written as the numbers they are.
        let d = h.csv("cases | select n = 12345 + entrepreneurs | describe | select min, max")
        #expect(d == "min,max\n12364,12465\n", "\(d)")
    }
}
