/// Draws a diagnostic: the message, the line and column, the source line
/// with a caret under the span, and the hint. The one place errors are drawn.
public enum DiagnosticRenderer {
    public static func render(_ d: Diagnostic, source: String, color: Bool = false) -> String {
        let red = color ? "\u{1B}[1;31m" : "", bold = color ? "\u{1B}[1m" : "", cyan = color ? "\u{1B}[36m" : "", reset = color ? "\u{1B}[0m" : ""
        var out = "\(red)error\(reset)\(bold): \(d.message)\(reset)\n"
        if let span = d.span {
            let bytes = Array(source.utf8)
            let start = min(max(span.start, 0), bytes.count)
            var lineStart = start
            while lineStart > 0, bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
            var lineEnd = start
            while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            let lineNumber = bytes[..<lineStart].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
            let line = String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self)
            let before = String(decoding: bytes[lineStart..<start], as: UTF8.self)
            let end = min(max(span.end, start), lineEnd)
            let covered = String(decoding: bytes[start..<end], as: UTF8.self)
            let column = before.count + 1
            let gutter = String(lineNumber)
            let pad = String(repeating: " ", count: gutter.count)
            // Very long lines (a 1 MB statement) are cut around the caret.
            let (shown, offset) = window(line, around: before.count, width: 120)
            out += "\(pad)\(cyan)-->\(reset) line \(lineNumber), column \(column)\n"
            out += "\(pad) \(cyan)|\(reset)\n"
            out += "\(cyan)\(gutter) |\(reset) \(shown)\n"
            let caretCount = max(1, min(covered.count, 120))
            out +=
                "\(pad) \(cyan)|\(reset) " + String(repeating: " ", count: max(0, before.count - offset))
                + red + String(repeating: "^", count: caretCount) + reset + "\n"
        }
        if let hint = d.hint { out += "\(cyan)hint\(reset): \(hint)\n" }
        return out
    }

    static func window(_ line: String, around column: Int, width: Int) -> (String, Int) {
        let chars = Array(line)
        guard chars.count > width else { return (line, 0) }
        let start = max(0, min(column - width / 2, chars.count - width))
        let slice = String(chars[start..<min(chars.count, start + width)])
        return ((start > 0 ? "…" : "") + slice + (start + width < chars.count ? "…" : ""), start > 0 ? start - 1 : 0)
    }
}
