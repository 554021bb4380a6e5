import Testing
@testable import WerkbankNotebook
import WerkbankRender

/// The presenter's prose: Markdown for the terminal, and where the prose
/// between two cells goes (under the result above, or before the next cell).
@Suite struct PresenterProseNotebookTests {
    func plain(_ markdown: String, width: Int = 100) -> [String] {
        TerminalMarkdown.render(markdown, width: width, color: false)
    }

    @Test func inlineMarksGoInPlainText() {
        #expect(plain("A *first* look, **bold**, _em_ and `code *not em*`.") == ["A first look, bold, em and `code *not em*`."])
        // snake_case, a lone star, an unclosed mark and escapes stay as written.
        #expect(plain("snake_case_name and 2 * 3 and *open and \\*lit\\*") == ["snake_case_name and 2 * 3 and *open and *lit*"])
        #expect(plain("See [the page](https://example.org/x).") == ["See the page (https://example.org/x)."])
        #expect(plain("``a ` b``") == ["`a ` b`"])
    }

    @Test func stylesOnAColourTerminal() {
        let line = TerminalMarkdown.render("*a* **b** `c`", width: 100, color: true)
        #expect(line == ["\u{1B}[3ma\u{1B}[0m \u{1B}[1mb\u{1B}[0m \u{1B}[36mc\u{1B}[0m"])
        #expect(TerminalMarkdown.render("## Two words", width: 100, color: true) == ["\u{1B}[1mTwo words\u{1B}[0m"])
    }

    @Test func blocks() {
        let md = """
            # Title

            A paragraph over
            two lines.

            - one item that is long enough to wrap at twenty
            - two
            1. first

            > quoted

            ```
            code  kept
            ```
            """
        #expect(
            plain(md, width: 20) == [
                "Title", "═════", "",
                "A paragraph over two", "lines.", "",
                "• one item that is", "  long enough to", "  wrap at twenty",
                "• two",
                "1. first", "",
                "│ quoted", "",
                "    code  kept",
            ])
    }

    @Test func linesNeverExceedTheWidth() {
        let md = "A " + String(repeating: "x", count: 45) + " and **bold words that wrap** with `code`."
        for width in [10, 17, 30] {
            for line in plain(md, width: width) { #expect(TerminalWidth.of(line) <= width, "\(width): \(line)") }
            // Every character of the text is there (spaces at breaks aside).
            #expect(plain(md, width: width).joined().filter { !$0.isWhitespace } == plain(md).joined().filter { !$0.isWhitespace })
        }
        let styled = TerminalMarkdown.hardWrap("\u{1B}[1m" + String(repeating: "y", count: 25) + "\u{1B}[0m", width: 10)
        #expect(styled.count == 3)
    }

    // MARK: Slides

    @Test func proseSplitsAtItsFirstHeading() {
        let (follow, lead) = PresenterSlides.split("\nSeven rows.\n\n## Next\n\nIntro.\n\n")
        #expect(follow == "\nSeven rows.\n\n")
        #expect(lead == "## Next\n\nIntro.\n\n")
    }

    @Test func withoutAHeadingALastParagraphEndingInAColonLeadsOn() {
        #expect(PresenterSlides.split("\nHalf and half.\n\nThe same, weighted:\n\n") == ("\nHalf and half.\n\n", "The same, weighted:\n\n"))
        #expect(PresenterSlides.split("\nFor the projector:\n") == ("\n", "For the projector:\n"))
        // No heading, no colon: all of it comments on the result above.
        #expect(PresenterSlides.split("\nSeven rows.\n\nNot seven cases.\n") == ("\nSeven rows.\n\nNot seven cases.\n", ""))
        // A `#` inside a fenced block is not a heading.
        #expect(PresenterSlides.split("```\n# no\n```\nText.\n").lead == "")
    }

    @Test func slidesOfANotebook() throws {
        let doc = try NotebookDocument.parse(
            """
            ---
            werkbank: 1
            ---

            Intro.

            ```werkbank
            cases | count
            ```

            Seven.

            ## Next

            ```werkbank
            cases | count by city
            ```

            Comment.

            # The end

            Bye.

            """)
        let slides = PresenterSlides.slides(doc)
        #expect(slides.count == 3)
        #expect(slides[0].cell == 0 && slides[0].lead.contains("Intro.") && slides[0].follow.contains("Seven."))
        #expect(
            slides[1].cell == 1 && slides[1].lead.hasPrefix("## Next") && slides[1].follow.contains("Comment.") && !slides[1].follow.contains("Bye"))
        #expect(slides[2].cell == nil && slides[2].lead.hasPrefix("# The end"))
        let empty = try NotebookDocument.parse("---\nwerkbank: 1\n---\n\nJust prose.\n")
        #expect(PresenterSlides.slides(empty).count == 1)
    }
}
