import Testing
@testable import WerkbankRender
import WerkbankEngine

@Suite struct CardRenderTests {
    @Test func goldenEveryType() {
        let expected = """
            id:   1
            name: Keilepand
            rate: 2.5
            ok:   true
            when: 2024-05-01

            id:   2
            name: null
            rate: null
            ok:   null
            when: null

            id:   -30
            name: Zeeuws "meisje", b|c↵d
            rate: 1,234,567.891
            ok:   false
            when: 1969-12-31

            3 rows × 5 columns

            """
        #expect(CardRenderer.render(RenderFixture.mixed, RenderOptions()) == expected)
    }

    @Test func specExample() {
        let t = Table([
            ("id", RenderFixture.strings(["keilepand"])),
            ("name", RenderFixture.strings(["Keilepand"])),
            ("founded", Column(.int([2009]))),
        ])
        #expect(
            CardRenderer.render(t, RenderOptions()) == """
                id:      keilepand
                name:    Keilepand
                founded: 2009

                1 row × 3 columns

                """)
    }

    @Test func longValuesWrapAtWords() {
        let t = Table([
            ("id", Column(.int([7]))),
            ("description", RenderFixture.strings(["The quick brown fox jumps over the lazy dog and keeps running through the fields"])),
        ])
        let out = CardRenderer.render(t, RenderOptions(width: 40))
        #expect(
            out == """
                id:          7
                description: The quick brown fox jumps
                             over the lazy dog and keeps
                             running through the fields

                1 row × 2 columns

                """)
        #expect(RenderFixture.lineWidths(out).allSatisfy { $0 <= 40 })
    }

    @Test func longWordsAreBroken() {
        let t = Table([("url", RenderFixture.strings(["see https://example.org/a/very/long/path/that/does/not/fit"]))])
        let out = CardRenderer.render(t, RenderOptions(width: 25))
        #expect(
            out == """
                url: see
                     https://example.org/
                     a/very/long/path/tha
                     t/does/not/fit

                1 row × 1 column

                """)
    }

    @Test func rowsCutAtMaxRows() {
        let out = CardRenderer.render(RenderFixture.ints("n", 5), RenderOptions(maxRows: 2))
        #expect(out == "n: 0\n\nn: 1\n\n5 rows × 1 column (showing first 2)\n")
    }

    @Test func zeroRowsAndColumns() {
        let t = Table([("id", Column(.int([])))])
        #expect(CardRenderer.render(t, RenderOptions()) == "0 rows × 1 column\n")
        #expect(CardRenderer.render(.empty, RenderOptions()) == "0 rows × 0 columns\n")
    }

    @Test func emptyStringHasNoTrailingSpaces() {
        let t = Table([("a", RenderFixture.strings([""])), ("long", Column(.int([1])))])
        #expect(CardRenderer.render(t, RenderOptions()) == "a:\nlong: 1\n\n1 row × 2 columns\n")
    }

    @Test func colorBoldsNamesAndDimsNulls() {
        let t = Table([("x", Column(.int([0]), validity: Validity([false])))])
        let out = CardRenderer.render(t, RenderOptions(color: true))
        #expect(out == "\u{1B}[1mx:\u{1B}[0m \u{1B}[2mnull\u{1B}[0m\n\n1 row × 1 column\n")
    }
}
