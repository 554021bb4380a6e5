/// Fenced code blocks as CommonMark draws them: a run of three or more
/// backticks or tildes, indented at most three spaces, with an info string;
/// closed by a run of the same character at least as long.
struct Fence: Equatable {
    enum Kind: Equatable { case cell, output, other }

    var character: Character
    var length: Int
    var indent: Int
    var info: String

    var kind: Kind {
        let word = info.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "{" }).first.map { $0.lowercased() } ?? ""
        switch word {
        case "werkbank": return .cell
        case "output": return .output
        default: return .other
        }
    }

    var marker: String { String(repeating: String(character), count: length) }

    /// The opening fence on `line` (without its line terminator), if it is one.
    static func opening(_ line: Substring) -> Fence? {
        var indent = 0
        var rest = line[...]
        while rest.first == " " {
            indent += 1
            rest = rest.dropFirst()
        }
        guard indent <= 3, let ch = rest.first, ch == "`" || ch == "~" else { return nil }
        let run = rest.prefix(while: { $0 == ch }).count
        guard run >= 3 else { return nil }
        let info = rest.dropFirst(run).trimmingWhitespace()
        if ch == "`" && info.contains("`") { return nil }
        return Fence(character: ch, length: run, indent: indent, info: String(info))
    }

    /// Whether `line` closes this fence.
    func closes(_ line: Substring) -> Bool {
        var indent = 0
        var rest = line[...]
        while rest.first == " " {
            indent += 1
            rest = rest.dropFirst()
        }
        guard indent <= 3 else { return false }
        let run = rest.prefix(while: { $0 == character }).count
        guard run >= length else { return false }
        return rest.dropFirst(run).allSatisfy { $0 == " " || $0 == "\t" }
    }

    /// A content line with the fence's indentation removed (as CommonMark does).
    func strip(_ line: Substring) -> Substring {
        var rest = line
        var n = 0
        while n < indent, rest.first == " " {
            rest = rest.dropFirst()
            n += 1
        }
        return rest
    }

    /// Whether this fence can hold `lines` without one of them closing it early.
    func canHold(_ lines: [Substring]) -> Bool {
        !lines.contains { closes($0) }
    }

    /// The shortest backtick fence (at least three) that no line of `lines` can close.
    static func backticks(for lines: [Substring]) -> Fence {
        var longest = 0
        for line in lines {
            let rest = line.drop(while: { $0 == " " || $0 == "\t" })
            longest = max(longest, rest.prefix(while: { $0 == "`" }).count)
        }
        return Fence(character: "`", length: max(3, longest + 1), indent: 0, info: "")
    }

    /// A whole fenced block: the opening fence with `info`, the lines, the closing fence.
    static func block(info: String, lines: [Substring], newline: String, reuse: Fence? = nil) -> String {
        var fence = backticks(for: lines)
        if let reuse, reuse.canHold(lines) { fence = reuse }
        let pad = String(repeating: " ", count: fence.indent)
        var out = pad + fence.marker + info + newline
        for line in lines { out += (line.isEmpty ? "" : pad) + line + newline }
        out += pad + fence.marker + newline
        return out
    }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }

    func trimmingTrailingWhitespace() -> Substring {
        var s = self
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}

extension String {
    func trimmingWhitespace() -> String { String(self[...].trimmingWhitespace()) }

    /// Without the characters of `set` at either end.
    func trimming(_ set: String) -> String {
        let chars = Set(set.unicodeScalars)
        var s = unicodeScalars[...]
        while let f = s.first, chars.contains(f) { s = s.dropFirst() }
        while let l = s.last, chars.contains(l) { s = s.dropLast() }
        return String(String.UnicodeScalarView(s))
    }
}
