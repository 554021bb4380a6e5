import Testing
@testable import WerkbankRender
import WerkbankEngine

/// `RenderOptions.wrap` (notebook outputs): a text wider than its column goes
/// on over more lines instead of being cut, so the Markdown file keeps every value.
@Suite struct TableWrapRenderTests {
    static let table = Table([
        ("id", Column(.int([1, 2]))),
        ("name", RenderFixture.strings(["Het Hof van Cartesius Coöperatie U.A.", "DuCoop"])),
    ])

    @Test func aLongTextWrapsWithinItsColumnAndRulesSeparateTheRows() {
        // 30 cells: `│ id │ ` and ` │` leave 21 for the name.
        let expected = """
            ┌────┬───────────────────────┐
            │ id │ name                  │
            ├────┼───────────────────────┤
            │  1 │ Het Hof van Cartesius │
            │    │ Coöperatie U.A.       │
            ├────┼───────────────────────┤
            │  2 │ DuCoop                │
            └────┴───────────────────────┘
            2 rows × 2 columns

            """
        let out = TableRenderer.render(Self.table, RenderOptions(width: 30, wrap: true))
        #expect(out == expected, "\n\(out)")
        #expect(RenderFixture.lineWidths(out).allSatisfy { $0 <= 30 })
    }

    @Test func withoutWrapTheTextIsCut() {
        let out = TableRenderer.render(Self.table, RenderOptions(width: 30))
        #expect(out.contains("│  1 │ Het Hof van Cartesiu… │\n│  2 │ DuCoop                │\n"))
        // Nothing is cut when everything fits: no rules between rows either.
        let narrow = Table([("id", Column(.int([1, 2])))])
        #expect(TableRenderer.render(narrow, RenderOptions(width: 30, wrap: true)) == TableRenderer.render(narrow, RenderOptions(width: 30)))
    }

    @Test func aWordWiderThanTheColumnBreaksInside() {
        let t = Table([("x", RenderFixture.strings([String(repeating: "a", count: 30)]))])
        let out = TableRenderer.render(t, RenderOptions(width: 16, wrap: true))
        // 16 cells leave 12 for the text: 12 + 12 + 6.
        #expect(out.contains("│ aaaaaaaaaaaa │\n│ aaaaaaaaaaaa │\n│ aaaaaa       │\n"), "\n\(out)")
    }
}
