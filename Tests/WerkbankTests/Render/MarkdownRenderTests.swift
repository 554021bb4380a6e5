import Testing
@testable import WerkbankRender
import WerkbankEngine

@Suite struct MarkdownRenderTests {
    @Test func goldenEveryType() {
        #expect(
            MarkdownRenderer.render(RenderFixture.mixed, RenderOptions()) == """
                | id | name | rate | ok | when |
                | ---: | --- | ---: | --- | --- |
                | 1 | Keilepand | 2.5 | true | 2024-05-01 |
                | 2 | null | null | null | null |
                | -30 | Zeeuws "meisje", b\\|c<br>d | 1,234,567.891 | false | 1969-12-31 |

                """)
    }

    @Test func allRowsNoFooter() {
        let out = MarkdownRenderer.render(RenderFixture.ints("n", 100), RenderOptions(maxRows: 3))
        #expect(out.split(separator: "\n").count == 102)
        #expect(out.hasSuffix("| 99 |\n"))
    }

    @Test func escaping() {
        let t = Table([("a|b", RenderFixture.strings(["x\r\ny\rz\nw\tv\u{1}"]))])
        #expect(MarkdownRenderer.render(t, RenderOptions()) == "| a\\|b |\n| --- |\n| x<br>y<br>z<br>w v␁ |\n")
    }

    @Test func floatsUseDecimals() {
        let t = Table([("x", Column(.float([1.0 / 3])))])
        #expect(MarkdownRenderer.render(t, RenderOptions(decimals: 2)) == "| x |\n| ---: |\n| 0.33 |\n")
    }

    @Test func zeroRowsAndColumns() {
        #expect(MarkdownRenderer.render(Table([("id", Column(.int([])))]), RenderOptions()) == "| id |\n| ---: |\n")
        #expect(MarkdownRenderer.render(.empty, RenderOptions()) == "")
    }
}
