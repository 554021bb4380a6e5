/// A strict well-formedness check (XML rules, which the exported HTML
/// follows): tags nest and close, attributes are quoted and unique, every
/// `&` starts a known entity, no control characters. Returns the first
/// problem, or nil.
public enum XMLCheck {
    public static func problem(inDocument text: String) -> String? {
        check(text, document: true)
    }

    public static func problem(inFragment text: String) -> String? {
        check(text, document: false)
    }

    static func check(_ text: String, document: Bool) -> String? {
        let s = Array(text.unicodeScalars)
        var i = 0
        var stack: [String] = []
        var roots = 0
        func isNameStart(_ c: Unicode.Scalar) -> Bool {
            (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_" || c == ":"
        }
        func isName(_ c: Unicode.Scalar) -> Bool {
            isNameStart(c) || (c >= "0" && c <= "9") || c == "-" || c == "."
        }
        func at(_ p: Int) -> String { "at character \(p)" }
        func name() -> String? {
            guard i < s.count, isNameStart(s[i]) else { return nil }
            var n = ""
            while i < s.count, isName(s[i]) {
                n.unicodeScalars.append(s[i])
                i += 1
            }
            return n
        }
        func skipSpace() {
            while i < s.count, s[i] == " " || s[i] == "\n" || s[i] == "\t" || s[i] == "\r" { i += 1 }
        }
        func starts(_ p: String) -> Bool {
            let u = Array(p.unicodeScalars)
            return i + u.count <= s.count && Array(s[i..<(i + u.count)]) == u
        }
        /// Checks an entity at s[i] == "&"; advances past it.
        func entity() -> String? {
            var j = i + 1
            var body = ""
            while j < s.count, s[j] != ";", j - i < 12 {
                body.unicodeScalars.append(s[j])
                j += 1
            }
            guard j < s.count, s[j] == ";" else { return "a bare & \(at(i)) (write &amp;)" }
            let ok: Bool
            if ["amp", "lt", "gt", "quot", "apos"].contains(body) {
                ok = true
            } else if body.hasPrefix("#x") {
                ok = body.count > 2 && body.dropFirst(2).allSatisfy { $0.isHexDigit }
            } else if body.hasPrefix("#") {
                ok = body.count > 1 && body.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }
            } else {
                ok = false
            }
            guard ok else { return "unknown entity &\(body); \(at(i))" }
            i = j + 1
            return nil
        }
        func badChar(_ c: Unicode.Scalar) -> Bool {
            (c.value < 0x20 && c != "\n" && c != "\t" && c != "\r") || c.value == 0xFFFE || c.value == 0xFFFF
        }
        if document {
            skipSpace()
            if starts("<!DOCTYPE") {
                while i < s.count, s[i] != ">" { i += 1 }
                guard i < s.count else { return "unclosed DOCTYPE" }
                i += 1
            }
        }
        while i < s.count {
            let c = s[i]
            if badChar(c) { return "control character U+\(String(c.value, radix: 16)) \(at(i))" }
            if c == "&" {
                if let p = entity() { return p }
                continue
            }
            if c != "<" {
                if document && stack.isEmpty && !(c == " " || c == "\n" || c == "\t" || c == "\r") {
                    return "text outside the root element \(at(i))"
                }
                i += 1
                continue
            }
            // Markup.
            if starts("<!--") {
                let start = i
                i += 4
                while i < s.count, !starts("-->") {
                    if starts("--") { return "\"--\" inside a comment \(at(i))" }
                    i += 1
                }
                guard i < s.count else { return "unclosed comment \(at(start))" }
                i += 3
                continue
            }
            if i + 1 < s.count, s[i + 1] == "/" {
                let start = i
                i += 2
                guard let n = name() else { return "bad closing tag \(at(start))" }
                skipSpace()
                guard i < s.count, s[i] == ">" else { return "bad closing tag </\(n) \(at(start))" }
                i += 1
                guard let open = stack.popLast() else { return "closing </\(n)> with no open element \(at(start))" }
                guard open == n else { return "</\(n)> closes <\(open)> \(at(start))" }
                continue
            }
            let start = i
            i += 1
            guard let n = name() else { return "a bare < \(at(start)) (write &lt;)" }
            var attributes: Set<String> = []
            var selfClosing = false
            while true {
                let before = i
                skipSpace()
                guard i < s.count else { return "unclosed tag <\(n) \(at(start))" }
                if s[i] == ">" {
                    i += 1
                    break
                }
                if s[i] == "/" {
                    guard i + 1 < s.count, s[i + 1] == ">" else { return "bad / in tag <\(n) \(at(i))" }
                    i += 2
                    selfClosing = true
                    break
                }
                guard i > before else { return "attributes of <\(n)> must be separated by spaces \(at(i))" }
                guard let a = name() else { return "bad attribute in <\(n)> \(at(i))" }
                guard attributes.insert(a).inserted else { return "duplicate attribute \(a) in <\(n)> \(at(i))" }
                skipSpace()
                guard i < s.count, s[i] == "=" else { return "attribute \(a) of <\(n)> has no value \(at(i))" }
                i += 1
                skipSpace()
                guard i < s.count, s[i] == "\"" || s[i] == "'" else { return "unquoted attribute \(a) of <\(n)> \(at(i))" }
                let quote = s[i]
                i += 1
                while i < s.count, s[i] != quote {
                    if s[i] == "<" { return "< inside attribute \(a) of <\(n)> \(at(i))" }
                    if badChar(s[i]) { return "control character inside attribute \(a) \(at(i))" }
                    if s[i] == "&" {
                        if let p = entity() { return p }
                        continue
                    }
                    i += 1
                }
                guard i < s.count else { return "unclosed attribute \(a) of <\(n)> \(at(start))" }
                i += 1
            }
            if stack.isEmpty {
                roots += 1
                if document && roots > 1 { return "a second root element <\(n)> \(at(start))" }
            }
            if !selfClosing { stack.append(n) }
        }
        if let open = stack.last { return "<\(open)> is never closed" }
        if document && roots == 0 { return "no root element" }
        return nil
    }
}
