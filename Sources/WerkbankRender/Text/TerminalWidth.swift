/// Display width of text in terminal cells, as terminals lay it out:
/// East Asian wide and fullwidth characters and emoji take 2 cells,
/// combining marks, format characters (zero-width space, joiners) and
/// controls take 0, everything else 1.
///
/// Measured per grapheme cluster: a cluster that is an emoji (emoji
/// presentation, a variation selector 16, a flag, a ZWJ sequence) is 2 cells;
/// otherwise the widths of its scalars add up (as `wcwidth` does, so a
/// Devanagari conjunct or a Hangul jamo sequence measures as terminals draw it).
public enum TerminalWidth {
    /// - Complexity: O(n) in the UTF-8 length; printable ASCII is a fast path.
    public static func of(_ s: String) -> Int {
        var ascii = true
        var controls = 0
        for b in s.utf8 {
            if b >= 0x80 { ascii = false; break }
            if b < 0x20 || b == 0x7F { controls += 1 }
        }
        if ascii { return s.utf8.count - controls }
        var total = 0
        for ch in s { total += of(ch) }
        return total
    }

    /// Width of one grapheme cluster.
    public static func of(_ ch: Character) -> Int {
        let scalars = ch.unicodeScalars
        if scalars.count == 1 { return of(scalars.first!) }
        var sum = 0
        for u in scalars {
            if u.value == 0xFE0F || u.value == 0x200D || u.properties.isEmojiPresentation { return 2 }
            sum += of(u)
        }
        return sum
    }

    /// Width of one scalar on its own.
    public static func of(_ u: Unicode.Scalar) -> Int {
        let v = u.value
        if v < 0x7F { return v < 0x20 ? 0 : 1 }
        if v < 0xA0 { return 0 }  // DEL and C1 controls
        if v < 0x300 { return v == 0xAD ? 0 : 1 }  // Latin-1, Latin Extended (soft hyphen is invisible)
        switch u.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return 0
        default: break
        }
        if (0x1160...0x11FF).contains(v) || (0xD7B0...0xD7FF).contains(v) { return 0 }  // Hangul medial/final jamo
        if isWide(v) || u.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// East Asian Width W or F (Unicode 15), outside of emoji.
    static func isWide(_ v: UInt32) -> Bool {
        if v < 0x1100 { return false }
        switch v {
        case 0x1100...0x115F, 0x2329...0x232A,
             0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF,
             0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1AFF0...0x1B2FF,
             0x1F200...0x1F2FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}

/// Text helpers shared by the renderers: visible control characters,
/// cutting to a width with `…`, padding to a width.
enum Cells {
    /// The string with control characters replaced by visible stand-ins, so
    /// that a value always stays on one line: newline `↵`, tab `→`, carriage
    /// return `␍`, other C0 controls and DEL as their control pictures
    /// (`␀`, `␛`, `␡`), C1 controls as `�`, line/paragraph separators as `↵`.
    static func visible(_ s: String) -> String {
        var plain = true
        for b in s.utf8 where b < 0x20 || b >= 0x7F {
            plain = false
            break
        }
        if plain { return s }
        var needs = false
        for u in s.unicodeScalars where replacement(u) != nil {
            needs = true
            break
        }
        if !needs { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            if let r = replacement(u) { out.append(r) } else { out.append(u) }
        }
        return String(out)
    }

    @inline(__always) static func replacement(_ u: Unicode.Scalar) -> Unicode.Scalar? {
        switch u.value {
        case 0x0A, 0x2028, 0x2029: "\u{21B5}"  // ↵
        case 0x09: "\u{2192}"  // →
        case 0x00...0x1F: Unicode.Scalar(0x2400 + u.value)  // ␀ … ␟ (␍ for CR)
        case 0x7F: "\u{2421}"  // ␡
        case 0x80...0x9F: "\u{FFFD}"
        default: nil
        }
    }

    /// `s` cut to at most `width` cells, ending in `…` when cut.
    static func truncate(_ s: String, to width: Int) -> String {
        if width <= 0 { return "" }
        let w = TerminalWidth.of(s)
        if w <= width { return s }
        var out = ""
        var used = 0
        for ch in s {
            let cw = TerminalWidth.of(ch)
            if used + cw > width - 1 { break }
            out.append(ch)
            used += cw
        }
        return out + "…"
    }

    /// Splits `s` into pieces of at most `width` cells (at least one
    /// character a piece, so a too-wide character still makes progress).
    static func chunks(_ s: String, width: Int) -> [String] {
        var out: [String] = []
        var cur = ""
        var used = 0
        for ch in s {
            let cw = TerminalWidth.of(ch)
            if used + cw > width, !cur.isEmpty {
                out.append(cur)
                cur = ""
                used = 0
            }
            cur.append(ch)
            used += cw
        }
        if !cur.isEmpty || out.isEmpty { out.append(cur) }
        return out
    }

    static func spaces(_ n: Int) -> String { n > 0 ? String(repeating: " ", count: n) : "" }

    /// Word-wraps `s` (already one line) into lines of at most `width` cells;
    /// a word wider than the line is broken inside.
    static func wrap(_ s: String, width: Int) -> [String] {
        let width = max(width, 1)
        if TerminalWidth.of(s) <= width { return [s] }
        var lines: [String] = []
        var line = ""
        var used = 0
        var lineStarted = false
        for sub in s.split(separator: " ", omittingEmptySubsequences: false) {
            let word = String(sub)
            let ww = TerminalWidth.of(word)
            if lineStarted, used + 1 + ww <= width {
                line += " " + word
                used += 1 + ww
                continue
            }
            if lineStarted {
                lines.append(line)
                line = ""
                used = 0
                lineStarted = false
            }
            if word.isEmpty { continue }  // spaces at a line break are dropped
            var pieces = ww <= width ? [word] : chunks(word, width: width)
            let last = pieces.removeLast()
            lines.append(contentsOf: pieces)
            line = last
            used = TerminalWidth.of(last)
            lineStarted = true
        }
        if lineStarted || lines.isEmpty { lines.append(line) }
        return lines
    }
}

/// Prose for the terminal (help, notes): words wrapped to the width, each
/// line after the first indented under the first (a hanging indent).
public enum Paragraph {
    public static func wrap(_ text: String, width: Int, firstIndent: String, indent: String) -> String {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        let room = max(20, width - TerminalWidth.of(indent))
        let lines = Cells.wrap(words, width: room)
        return lines.enumerated().map { ($0.offset == 0 ? firstIndent : indent) + $0.element }.joined(separator: "\n")
    }
}
