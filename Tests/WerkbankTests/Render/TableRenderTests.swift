import Testing
@testable import WerkbankRender
import WerkbankEngine

/// Tables shared by the render tests.
enum RenderFixture {
    static func strings(_ values: [String?]) -> Column {
        var builder = StringDictionaryBuilder()
        let codes = values.map { builder.code(for: $0 ?? "") }
        return Column(.string(codes: codes, dictionary: builder.build()), validity: Validity(values.map { $0 != nil }))
    }

    static func date(_ s: String) -> Int32 { CalendarDate.parse(s)! }

    /// Every type, a row of nulls, and a string with a quote, comma, pipe and newline.
    static let mixed = Table([
        ("id", Column(.int([1, 2, -30]))),
        ("name", strings(["Keilepand", nil, "Zeeuws \"meisje\", b|c\nd"])),
        ("rate", Column(.float([2.5, 0, 1234567.891]), validity: Validity([true, false, true]))),
        ("ok", Column(.bool([true, false, false]), validity: Validity([true, false, true]))),
        ("when", Column(.date([date("2024-05-01"), 0, -1]), validity: Validity([true, false, true]))),
    ])

    static func ints(_ name: String, _ n: Int) -> Table {
        Table([(name, Column(.int((0..<n).map { Int64($0) })))])
    }

    /// Every line's width in terminal cells.
    static func lineWidths(_ s: String) -> [Int] {
        s.split(separator: "\n", omittingEmptySubsequences: false).map { TerminalWidth.of(String($0)) }
    }
}

@Suite struct TableRenderTests {
    @Test func goldenEveryType() {
        let expected = """
            ┌─────┬────────────────────────┬───────────────┬───────┬────────────┐
            │  id │ name                   │          rate │ ok    │ when       │
            ├─────┼────────────────────────┼───────────────┼───────┼────────────┤
            │   1 │ Keilepand              │           2.5 │ true  │ 2024-05-01 │
            │   2 │ null                   │          null │ null  │ null       │
            │ -30 │ Zeeuws "meisje", b|c↵d │ 1,234,567.891 │ false │ 1969-12-31 │
            └─────┴────────────────────────┴───────────────┴───────┴────────────┘
            3 rows × 5 columns

            """
        #expect(TableRenderer.render(RenderFixture.mixed, RenderOptions()) == expected)
    }

    @Test func specExample() {
        let t = Table([
            ("id", Column(.int([1, 2]))),
            ("name", RenderFixture.strings(["Keilepand", nil])),
            ("founded", Column(.int([2009, 0]), validity: Validity([true, false]))),
        ])
        let expected = """
            ┌────┬───────────┬─────────┐
            │ id │ name      │ founded │
            ├────┼───────────┼─────────┤
            │  1 │ Keilepand │    2009 │
            │  2 │ null      │    null │
            └────┴───────────┴─────────┘
            2 rows × 3 columns

            """
        #expect(TableRenderer.render(t, RenderOptions()) == expected)
    }

    /// Cells and the footer follow one convention (issue 18): grouped from
    /// 10,000 on, plain below (NumberConventionRenderTests).
    @Test func intsAndTheFooterFollowOneConvention() {
        let t = Table([("n", Column(.int([1_234_567, 2019])))])
        let out = TableRenderer.render(t, RenderOptions())
        #expect(out.contains("│ 1,234,567 │\n│      2019 │"))
        let big = RenderFixture.ints("n", 3120)
        #expect(TableRenderer.render(big, RenderOptions()).hasSuffix("3120 rows × 1 column (showing first 40)\n"))
    }

    @Test func rowsCutAtMaxRows() {
        let out = TableRenderer.render(RenderFixture.ints("n", 5), RenderOptions(maxRows: 2))
        let expected = """
            ┌───┐
            │ n │
            ├───┤
            │ 0 │
            │ 1 │
            └───┘
            5 rows × 1 column (showing first 2)

            """
        #expect(out == expected)
        // Exactly maxRows rows: nothing is cut.
        #expect(TableRenderer.render(RenderFixture.ints("n", 2), RenderOptions(maxRows: 2)).hasSuffix("\n2 rows × 1 column\n"))
        #expect(TableRenderer.render(RenderFixture.ints("n", 1), RenderOptions()).hasSuffix("\n1 row × 1 column\n"))
    }

    @Test func zeroRows() {
        let t = Table([("id", Column(.int([]))), ("name", RenderFixture.strings([]))])
        let expected = """
            ┌────┬──────┐
            │ id │ name │
            └────┴──────┘
            0 rows × 2 columns

            """
        #expect(TableRenderer.render(t, RenderOptions()) == expected)
    }

    @Test func zeroColumns() {
        #expect(TableRenderer.render(.empty, RenderOptions()) == "0 rows × 0 columns\n")
        let t = Table(fields: [], columns: [], rowCount: 3)
        #expect(TableRenderer.render(t, RenderOptions()) == "3 rows × 0 columns\n")
    }

    @Test func numbersAndDatesAreNeverCut() {
        let out = TableRenderer.render(RenderFixture.mixed, RenderOptions(width: 42))
        #expect(!out.contains("1,234,5…") && !out.contains("12345…"))
        #expect(!out.contains("2024-…"))
    }

    @Test func shrinksTextColumnsFirstThenHidesTheMiddle() {
        let out = TableRenderer.render(RenderFixture.mixed, RenderOptions(width: 42))
        #expect(RenderFixture.lineWidths(out).max() == 42)
        let expected = """
            ┌─────┬─────────────────┬───┬────────────┐
            │  id │ name            │ … │ when       │
            ├─────┼─────────────────┼───┼────────────┤
            │   1 │ Keilepand       │ … │ 2024-05-01 │
            │   2 │ null            │ … │ null       │
            │ -30 │ Zeeuws "meisje… │ … │ 1969-12-31 │
            └─────┴─────────────────┴───┴────────────┘
            3 rows × 5 columns
            hidden: rate, ok
            (3 of 5 columns shown: choose with
             select, or see a row whole with card)

            """
        #expect(out == expected)
    }

    @Test func shrinkingUsesTheWholeWidth() {
        let out = TableRenderer.render(RenderFixture.mixed, RenderOptions(width: 60))
        let expected = """
            ┌─────┬───────────────┬───────────────┬───────┬────────────┐
            │  id │ name          │          rate │ ok    │ when       │
            ├─────┼───────────────┼───────────────┼───────┼────────────┤
            │   1 │ Keilepand     │           2.5 │ true  │ 2024-05-01 │
            │   2 │ null          │          null │ null  │ null       │
            │ -30 │ Zeeuws "meis… │ 1,234,567.891 │ false │ 1969-12-31 │
            └─────┴───────────────┴───────────────┴───────┴────────────┘
            3 rows × 5 columns

            """
        #expect(out == expected)
    }

    @Test func hiddenColumnsAreWrapped() {
        let names = (1...12).map { "column_\($0)" }
        let t = Table(names.map { ($0, Column(.int([1]))) })
        let out = TableRenderer.render(t, RenderOptions(width: 40))
        #expect(
            out == """
                ┌──────────┬──────────┬───┬───────────┐
                │ column_1 │ column_2 │ … │ column_12 │
                ├──────────┼──────────┼───┼───────────┤
                │        1 │        1 │ … │         1 │
                └──────────┴──────────┴───┴───────────┘
                1 row × 12 columns
                hidden: column_3, column_4, column_5,
                        column_6, column_7, column_8,
                        column_9, column_10, column_11
                (3 of 12 columns shown: choose with
                 select, or see a row whole with card)

                """)
        #expect(RenderFixture.lineWidths(out).allSatisfy { $0 <= 40 })
    }

    @Test func wideUnicodeIsMeasuredInCells() {
        let t = Table([("stad", RenderFixture.strings(["東京都 Tokyo", "Zürich", "e\u{301}"])), ("n", Column(.int([1, 22, 333])))])
        let expected = """
            ┌──────────────┬─────┐
            │ stad         │   n │
            ├──────────────┼─────┤
            │ 東京都 Tokyo │   1 │
            │ Zürich       │  22 │
            │ é            │ 333 │
            └──────────────┴─────┘
            3 rows × 2 columns

            """
        #expect(TableRenderer.render(t, RenderOptions()) == expected)
        let narrow = TableRenderer.render(t, RenderOptions(width: 16))
        // A text column is not cut below 12 cells: at 16 the second column is hidden instead.
        #expect(narrow.contains("│ 東京都 Tokyo │\n"))
        #expect(narrow.contains("hidden: n\n"))
        #expect(narrow.split(separator: "\n").filter { $0.hasPrefix("│") || $0.hasPrefix("┌") }.allSatisfy { TerminalWidth.of(String($0)) <= 16 })
    }

    @Test(arguments: [1, 3, 5, 8, 9, 10, 12, 16, 20, 25, 33, 42, 50, 64, 80, 100, 120])
    func neverWiderThanTheWidth(width: Int) {
        let wide = Table([
            ("id", Column(.int([1, 22_222_222]))),
            ("城市", RenderFixture.strings(["東京都東京都東京都東京都", "Zürich 🇨🇭 👩‍👩‍👧"])),
            ("note", RenderFixture.strings([String(repeating: "long text ", count: 20), "tab\there"])),
            ("rate", Column(.float([1.0 / 3, -2.5e10]))),
            ("when", Column(.date([0, 19000]))),
        ])
        let out = TableRenderer.render(wide, RenderOptions(width: width))
        #expect(out.hasSuffix("\n"))
        #expect(!out.hasSuffix("\n\n"))
        // Every box line fits; the shape and hidden lines fit from width 25 on.
        for line in out.split(separator: "\n") {
            let isBox = line.hasPrefix("┌") || line.hasPrefix("│") || line.hasPrefix("├") || line.hasPrefix("└")
            if isBox || width >= 25 {
                #expect(TerminalWidth.of(String(line)) <= width, "\(line)")
            }
        }
    }

    @Test func boxLinesHaveEqualWidths() {
        let out = TableRenderer.render(RenderFixture.mixed, RenderOptions(width: 50))
        let box = out.split(separator: "\n").filter { ["┌", "│", "├", "└"].contains(where: $0.hasPrefix) }
        let widths = Set(box.map { TerminalWidth.of(String($0)) })
        #expect(widths.count == 1)
    }

    @Test func colorBoldsHeadersAndDimsNulls() {
        let t = Table([("id", Column(.int([1, 2]), validity: Validity([true, false])))])
        let out = TableRenderer.render(t, RenderOptions(color: true))
        let expected = "┌──────┐\n│   \u{1B}[1mid\u{1B}[0m │\n├──────┤\n│    1 │\n│ \u{1B}[2mnull\u{1B}[0m │\n└──────┘\n2 rows × 1 column\n"
        #expect(out == expected)
        #expect(!TableRenderer.render(t, RenderOptions()).contains("\u{1B}"))
    }

    @Test func controlCharactersStayOnOneLine() {
        let t = Table([("s", RenderFixture.strings(["a\nb\tc\rd\u{0}e\u{1B}f\u{7F}"]))])
        let out = TableRenderer.render(t, RenderOptions())
        #expect(out.contains("│ a↵b→c␍d␀e␛f␡ │"))
        #expect(out.split(separator: "\n").count == 6)
    }

    @Test func floatsFollowDecimals() {
        let t = Table([("x", Column(.float([1.0 / 3, 2.0, -0.0, .nan, .infinity, -.infinity])))])
        let out = TableRenderer.render(t, RenderOptions(decimals: 2))
        #expect(
            out == """
                ┌──────┐
                │    x │
                ├──────┤
                │ 0.33 │
                │    2 │
                │    0 │
                │  NaN │
                │  inf │
                │ -inf │
                └──────┘
                6 rows × 1 column

                """)
    }

    @Test func layoutCapsTheWidestFirst() {
        let text = [true, true, true]
        let (columns, w) = TableRenderer.layout(natural: [30, 10, 20], floors: [6, 6, 6], cutFirst: text, width: 1 + 9 + 40)
        #expect(columns == [0, 1, 2])
        #expect(w.reduce(0, +) == 40)
        #expect(w[1] == 10)
        #expect(w[0] >= w[2] && w[0] - w[2] <= 1)
        // Three floors need 1 + 3 × 9 = 28 cells; the first and last with `…` 1 + 18 + 4 = 23: only the first, 16 wide.
        let (columns2, w2) = TableRenderer.layout(natural: [30, 10, 20], floors: [6, 6, 6], cutFirst: text, width: 20)
        #expect(columns2 == [0])
        #expect(w2 == [16])
        // 26 cells: the floors of all three need 28, the first and last with `…` 23; the
        // 15 cells left for their text go 8 and 7 (the widest capped first), `…` takes 1.
        let (columns3, w3) = TableRenderer.layout(natural: [30, 10, 20], floors: [6, 6, 6], cutFirst: text, width: 26)
        #expect(columns3 == [0, nil, 2])
        #expect(w3 == [8, 1, 7])
        let none = TableRenderer.layout(natural: [30], floors: [6], cutFirst: [true], width: 4)
        #expect(none.columns.isEmpty && none.widths.isEmpty)
        let one = TableRenderer.layout(natural: [30], floors: [6], cutFirst: [true], width: 7)
        #expect(one.columns == [0] && one.widths == [3])
    }

    @Test func layoutCutsTextBeforeNumbers() {
        // Text shrinks to its floor before a number column loses a cell.
        let (_, w) = TableRenderer.layout(natural: [20, 12], floors: [6, 10], cutFirst: [true, false], width: 1 + 6 + 24)
        #expect(w == [12, 12])
        let (_, w2) = TableRenderer.layout(natural: [20, 12], floors: [6, 10], cutFirst: [true, false], width: 1 + 6 + 17)
        #expect(w2 == [6, 11])
    }
}
