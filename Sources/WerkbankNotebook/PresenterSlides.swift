/// How `werkbank present` cuts a notebook into slides, in the order a reader
/// reads it: a slide is the prose that leads into a cell, the cell, its
/// output, and the prose that comments on that output.
///
/// The prose between two cells is split in two: from its first heading on it
/// introduces the next cell; without a heading, its last paragraph does when
/// that paragraph ends with a colon ("…, as a chart:"); everything before
/// stays with the cell above, under its output. Prose after the last cell is
/// split the same way, and its part from the first heading on is a closing
/// slide of its own. A notebook without cells is one slide.
struct PresenterSlide {
    /// The prose before the cell.
    var lead: String
    /// The cell's index in the document (nil: a slide of prose only).
    var cell: Int?
    /// The prose after the cell's output.
    var follow: String
}

enum PresenterSlides {
    static func slides(_ document: NotebookDocument) -> [PresenterSlide] {
        var slides: [PresenterSlide] = []
        var lead = document.cells.first?.prose ?? ""
        for (i, cell) in document.cells.enumerated() {
            let after = i + 1 < document.cells.count ? document.cells[i + 1].prose : document.trailingProse
            let (follow, next) = split(after)
            slides.append(PresenterSlide(lead: i == 0 ? cell.prose : lead, cell: i, follow: follow))
            lead = next
        }
        if slides.isEmpty {
            return [PresenterSlide(lead: document.trailingProse, cell: nil, follow: "")]
        }
        if hasText(lead) { slides.append(PresenterSlide(lead: lead, cell: nil, follow: "")) }
        return slides
    }

    /// Prose after a cell's output: (what comments on the output, what leads into the next cell).
    static func split(_ prose: String) -> (follow: String, lead: String) {
        let lines = NotebookDocument.splitLines(prose)
        var fence: Fence?
        var paragraphStart: Int?
        var lastParagraph: (start: Int, end: Int)?
        for (n, line) in lines.enumerated() {
            if let open = fence {
                if open.closes(line.text) { fence = nil }
                continue
            }
            if let open = Fence.opening(line.text) {
                fence = open
                paragraphStart = nil
                lastParagraph = nil
                continue
            }
            let text = line.text.trimmingWhitespace()
            if TerminalMarkdown.heading(text) != nil {
                return (join(lines[..<n]), join(lines[n...]))
            }
            if text.isEmpty {
                paragraphStart = nil
            } else {
                if paragraphStart == nil { paragraphStart = n }
                lastParagraph = (paragraphStart!, n)
            }
        }
        if let last = lastParagraph, fence == nil,
            lines[last.end].text.trimmingTrailingWhitespace().hasSuffix(":")
        {
            return (join(lines[..<last.start]), join(lines[last.start...]))
        }
        return (prose, "")
    }

    static func join(_ lines: ArraySlice<NotebookDocument.Line>) -> String {
        lines.map { String($0.raw) }.joined()
    }

    static func hasText(_ s: String) -> Bool { s.contains(where: { !$0.isWhitespace }) }
}
