import WerkbankRender

/// A notebook's prose for the terminal (`werkbank present`): the Markdown a
/// notebook's prose uses — headings, paragraphs, `*emphasis*`, `**bold**`,
/// `` `code` ``, links, lists, block quotes, fenced code — laid out in lines of
/// at most `width` cells. With colour, styles are ANSI (bold, italic, cyan
/// code, dim link targets); without, the text is plain: emphasis marks go,
/// code keeps its backticks, a heading gets a rule under it.
///
/// Paragraphs are re-wrapped at word boundaries (Markdown joins a paragraph's
/// lines); fenced code and pipe tables keep their lines.
enum TerminalMarkdown {
    struct Style: OptionSet, Hashable {
        let rawValue: UInt8
        static let bold = Style(rawValue: 1)
        static let italic = Style(rawValue: 2)
        static let code = Style(rawValue: 4)
        static let dim = Style(rawValue: 8)
    }

    /// A run of text in one style.
    struct Span: Equatable {
        var text: String
        var style: Style
    }

    static func render(_ markdown: String, width: Int, color: Bool) -> [String] {
        let width = max(width, 10)
        var out: [String] = []
        var paragraph: [String] = []
        var item: (marker: String, indent: Int, text: [String])?
        var fence: Fence?

        func blank() { if let last = out.last, !last.isEmpty { out.append("") } }
        func flushParagraph() {
            if !paragraph.isEmpty {
                out += wrap(inline(paragraph.joined(separator: " "), color: color), width: width, color: color)
                paragraph = []
            }
            if let i = item {
                let body = wrap(inline(i.text.joined(separator: " "), color: color), width: width - i.indent, color: color)
                for (n, line) in body.enumerated() {
                    out.append((n == 0 ? i.marker : String(repeating: " ", count: i.indent)) + line)
                }
                item = nil
            }
        }

        for line in NotebookDocument.splitLines(markdown) {
            let text = String(line.text)
            if let open = fence {
                if open.closes(line.text) {
                    fence = nil
                } else {
                    for piece in hardWrap("    " + String(open.strip(line.text)), width: width) {
                        out.append(color ? Ansi.dim + piece + Ansi.reset : piece)
                    }
                }
                continue
            }
            if let open = Fence.opening(line.text) {
                flushParagraph()
                blank()
                fence = open
                continue
            }
            let trimmed = text.trimmingWhitespace()
            if trimmed.isEmpty {
                flushParagraph()
                blank()
                continue
            }
            if let (level, title) = heading(trimmed[...]) {
                flushParagraph()
                blank()
                let spans = inline(title, color: color).map { Span(text: $0.text, style: $0.style.union(.bold)) }
                let lines = wrap(spans, width: width, color: color)
                out += lines
                if !color {
                    let w = lines.map { TerminalWidth.of($0) }.max() ?? 0
                    out.append(String(repeating: level == 1 ? "═" : "─", count: max(w, 1)))
                }
                out.append("")
                continue
            }
            if trimmed.hasPrefix("|") {
                // A pipe table: its lines as written (cut to the width).
                flushParagraph()
                out += hardWrap(String(trimmed), width: width)
                continue
            }
            if trimmed.hasPrefix(">") {
                flushParagraph()
                let quoted = trimmed.dropFirst().trimmingWhitespace()
                for piece in wrap(inline(String(quoted), color: color), width: width - 2, color: color) {
                    out.append((color ? Ansi.dim + "│" + Ansi.reset : "│") + " " + piece)
                }
                continue
            }
            if trimmed.allSatisfy({ $0 == "-" || $0 == "*" || $0 == "_" || $0 == " " }), trimmed.filter({ $0 != " " }).count >= 3 {
                flushParagraph()
                out.append(String(repeating: "─", count: min(width, 40)))
                continue
            }
            if let (marker, rest) = listItem(trimmed[...]) {
                flushParagraph()
                let leading = text.prefix(while: { $0 == " " }).count
                let nest = String(repeating: " ", count: min(leading, 6) / 2 * 2)
                let shown = nest + marker
                item = (shown, TerminalWidth.of(shown), [rest])
                continue
            }
            // A line indented under a list item continues it.
            if item != nil, text.first == " " || text.first == "\t" {
                item!.text.append(String(trimmed))
                continue
            }
            if item != nil { flushParagraph() }
            paragraph.append(String(trimmed))
        }
        flushParagraph()
        while out.first?.isEmpty == true { out.removeFirst() }
        while out.last?.isEmpty == true { out.removeLast() }
        return out
    }

    /// `# Title` → (1, "Title"); nil when the line is not an ATX heading.
    static func heading(_ line: Substring) -> (Int, String)? {
        let marks = line.prefix(while: { $0 == "#" }).count
        guard (1...6).contains(marks) else { return nil }
        let rest = line.dropFirst(marks)
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        var title = rest.trimmingWhitespace()
        // A closing run of `#` is not part of the title.
        let closing = title.reversed().prefix(while: { $0 == "#" }).count
        if closing > 0, closing < title.count, title.dropLast(closing).last == " " {
            title = title.dropLast(closing).trimmingWhitespace()
        }
        return (marks, String(title))
    }

    /// `- item`, `* item`, `+ item`, `1. item`, `1) item` → (shown marker, text).
    static func listItem(_ line: Substring) -> (String, String)? {
        if let first = line.first, first == "-" || first == "*" || first == "+", line.dropFirst().first == " " {
            return ("• ", String(line.dropFirst(2).trimmingWhitespace()))
        }
        let digits = line.prefix(while: { $0.isASCII && $0.isNumber })
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        let rest = line.dropFirst(digits.count)
        guard let mark = rest.first, mark == "." || mark == ")", rest.dropFirst().first == " " else { return nil }
        return (String(digits) + ". ", String(rest.dropFirst(2).trimmingWhitespace()))
    }

    // MARK: Inline

    /// A paragraph's spans: emphasis, strong emphasis, code spans, links and
    /// backslash escapes. An opening mark without its closing mark is text.
    static func inline(_ text: String, color: Bool) -> [Span] {
        var spans: [Span] = []
        parse(Array(text), style: [], color: color, into: &spans)
        // Adjacent spans of one style are one span.
        var merged: [Span] = []
        for s in spans where !s.text.isEmpty {
            if let last = merged.last, last.style == s.style { merged[merged.count - 1].text += s.text } else { merged.append(s) }
        }
        return merged
    }

    private static func parse(_ chars: [Character], style: Style, color: Bool, into spans: inout [Span]) {
        var text = ""
        func emit() {
            if !text.isEmpty { spans.append(Span(text: text, style: style)) }
            text = ""
        }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count, chars[i + 1].isPunctuation || chars[i + 1].isSymbol {
                text.append(chars[i + 1])
                i += 2
                continue
            }
            if c == "`" {
                let run = count(chars, from: i, of: "`")
                if let close = codeClose(chars, from: i + run, run: run) {
                    emit()
                    var code = String(chars[(i + run)..<close])
                    if code.count >= 2, code.first == " ", code.last == " ", code.contains(where: { $0 != " " }) {
                        code = String(code.dropFirst().dropLast())
                    }
                    spans.append(Span(text: color ? code : "`" + code + "`", style: style.union(.code)))
                    i = close + run
                    continue
                }
                text += String(repeating: "`", count: run)
                i += run
                continue
            }
            if c == "*" || c == "_" {
                let run = min(count(chars, from: i, of: c), 2)
                let before: Character? = i > 0 ? chars[i - 1] : nil
                let after: Character? = i + run < chars.count ? chars[i + run] : nil
                // An opening mark is followed by text; `_` inside a word (snake_case) is a letter.
                let opens =
                    after.map { !$0.isWhitespace } ?? false
                    && (c == "*" || !(before.map { $0.isLetter || $0.isNumber } ?? false))
                if opens, let close = emphasisClose(chars, from: i + run, mark: c, run: run) {
                    emit()
                    var inner: [Span] = []
                    parse(Array(chars[(i + run)..<close]), style: style.union(run == 2 ? .bold : .italic), color: color, into: &inner)
                    spans += inner
                    i = close + run
                    continue
                }
                text += String(repeating: String(c), count: run)
                i += run
                continue
            }
            if c == "[", let (label, target, end) = link(chars, from: i) {
                emit()
                parse(label, style: style, color: color, into: &spans)
                if !target.isEmpty, String(label) != target {
                    spans.append(Span(text: " (" + target + ")", style: style.union(.dim)))
                }
                i = end
                continue
            }
            text.append(c)
            i += 1
        }
        emit()
    }

    private static func count(_ chars: [Character], from i: Int, of c: Character) -> Int {
        var n = 0
        while i + n < chars.count, chars[i + n] == c { n += 1 }
        return n
    }

    /// Where the code span opened by `run` backticks closes (a run of the same length).
    private static func codeClose(_ chars: [Character], from start: Int, run: Int) -> Int? {
        var j = start
        while j < chars.count {
            if chars[j] == "`" {
                let n = count(chars, from: j, of: "`")
                if n == run { return j }
                j += n
            } else {
                j += 1
            }
        }
        return nil
    }

    /// The closing `run` of `mark` after `start`: preceded by text, not inside a code span.
    private static func emphasisClose(_ chars: [Character], from start: Int, mark: Character, run: Int) -> Int? {
        var j = start
        while j < chars.count {
            let c = chars[j]
            if c == "\\" { j += 2; continue }
            if c == "`" {
                let n = count(chars, from: j, of: "`")
                if let close = codeClose(chars, from: j + n, run: n) { j = close + n } else { j += n }
                continue
            }
            if c == mark {
                let n = count(chars, from: j, of: mark)
                let after: Character? = j + n < chars.count ? chars[j + n] : nil
                let closes =
                    j > start && !chars[j - 1].isWhitespace
                    && (mark == "*" || !(after.map { $0.isLetter || $0.isNumber } ?? false))
                if closes && (n == run || (n > run && run == 2)) { return j }
                if closes && n >= run && run == 1 && n != 2 { return j }
                j += n
                continue
            }
            j += 1
        }
        return nil
    }

    /// `[label](target)` starting at `i`: the label, the target and the index after `)`.
    private static func link(_ chars: [Character], from i: Int) -> ([Character], String, Int)? {
        var depth = 0
        var j = i
        while j < chars.count {
            if chars[j] == "[" { depth += 1 }
            if chars[j] == "]" {
                depth -= 1
                if depth == 0 { break }
            }
            j += 1
        }
        guard j + 1 < chars.count, chars[j] == "]", chars[j + 1] == "(" else { return nil }
        guard let close = chars[(j + 2)...].firstIndex(of: ")") else { return nil }
        let target = String(chars[(j + 2)..<close]).trimmingWhitespace()
        let url = target.split(separator: " ").first.map(String.init) ?? ""
        return (Array(chars[(i + 1)..<j]), url, close + 1)
    }

    // MARK: Layout

    /// Word-wraps spans into lines of at most `width` cells; a word wider than
    /// a line is broken inside.
    static func wrap(_ spans: [Span], width: Int, color: Bool) -> [String] {
        let width = max(width, 1)
        // Words: runs of non-space characters, each a list of styled pieces.
        var words: [[Span]] = []
        var current: [Span] = []
        for span in spans {
            var piece = ""
            for ch in span.text {
                if ch == " " || ch == "\t" || ch == "\n" {
                    if !piece.isEmpty { current.append(Span(text: piece, style: span.style)); piece = "" }
                    if !current.isEmpty { words.append(current); current = [] }
                } else {
                    piece.append(ch)
                }
            }
            if !piece.isEmpty { current.append(Span(text: piece, style: span.style)) }
        }
        if !current.isEmpty { words.append(current) }

        var lines: [String] = []
        var line: [Span] = []
        var used = 0
        func finish() {
            lines.append(draw(line, color: color))
            line = []
            used = 0
        }
        for word in words {
            let w = word.reduce(0) { $0 + TerminalWidth.of($1.text) }
            if used > 0, used + 1 + w > width { finish() }
            if used > 0 {
                line.append(Span(text: " ", style: line.last?.style.intersection(word.first?.style ?? []) ?? []))
                used += 1
            }
            if w <= width - used {
                line += word
                used += w
                continue
            }
            // Wider than a line: break it into pieces.
            for span in word {
                for ch in span.text {
                    let cw = TerminalWidth.of(ch)
                    if used + cw > width, used > 0 { finish() }
                    if let last = line.last, last.style == span.style {
                        line[line.count - 1].text.append(ch)
                    } else {
                        line.append(Span(text: String(ch), style: span.style))
                    }
                    used += cw
                }
            }
        }
        if !line.isEmpty || lines.isEmpty { finish() }
        return lines
    }

    /// One line's spans with their ANSI styles (or plain).
    static func draw(_ spans: [Span], color: Bool) -> String {
        guard color else { return spans.map(\.text).joined() }
        // Adjacent spans of one style (the words of a bold heading) are drawn as one.
        var runs: [Span] = []
        for s in spans {
            if let last = runs.last, last.style == s.style { runs[runs.count - 1].text += s.text } else { runs.append(s) }
        }
        var out = ""
        for s in runs {
            if s.style.isEmpty {
                out += s.text
                continue
            }
            var codes: [String] = []
            if s.style.contains(.bold) { codes.append("1") }
            if s.style.contains(.dim) { codes.append("2") }
            if s.style.contains(.italic) { codes.append("3") }
            if s.style.contains(.code) { codes.append("36") }
            out += "\u{1B}[" + codes.joined(separator: ";") + "m" + s.text + Ansi.reset
        }
        return out
    }

    /// `line` cut into pieces of at most `width` cells; ANSI escape sequences
    /// take no room and are carried into the piece they style.
    static func hardWrap(_ line: String, width: Int) -> [String] {
        let width = max(width, 1)
        var pieces: [String] = []
        var current = ""
        var used = 0
        var escape = false
        var styled = false
        for ch in line {
            if escape {
                current.append(ch)
                if ch.isLetter { escape = false }
                continue
            }
            if ch == "\u{1B}" {
                escape = true
                styled = true
                current.append(ch)
                continue
            }
            let cw = TerminalWidth.of(ch)
            if used + cw > width, used > 0 {
                pieces.append(styled ? current + Ansi.reset : current)
                current = ""
                used = 0
            }
            current.append(ch)
            used += cw
        }
        pieces.append(current)
        return pieces
    }
}
