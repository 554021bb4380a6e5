/// Turns source text into tokens with spans. Never fails: bad characters and
/// unterminated strings become diagnostics collected beside the tokens.
public struct Lexer {
    private let bytes: [UInt8]
    private var pos = 0

    public init(_ source: String) { bytes = Array(source.utf8) }

    public struct Output: Sendable {
        public var tokens: [Token]
        public var errors: [Diagnostic]
        /// What the text ends inside, if anything: the shell asks for another
        /// line in a string, and completion offers paths there.
        public var openAtEnd: OpenRegion?

        /// The source ends inside a string: the shell asks for another line.
        public var endsInsideString: Bool {
            if case .string = openAtEnd { return true }
            return false
        }
    }

    /// A part of the text still open where the text ends.
    public enum OpenRegion: Sendable, Equatable {
        /// A string from the quote at this offset.
        case string(quoteAt: Int, quote: UInt8)
        /// A backquoted name from the backquote at this offset.
        case backquote(at: Int)
        case comment
    }

    public static func tokenize(_ source: String) -> Output {
        var lexer = Lexer(source)
        return lexer.run()
    }

    private mutating func run() -> Output {
        var tokens: [Token] = []
        var errors: [Diagnostic] = []
        var open: OpenRegion?
        while pos < bytes.count {
            let b = bytes[pos]
            let start = pos
            switch b {
            case 0x20, 0x09, 0x0D:
                pos += 1
            case 0x0A:
                pos += 1
                tokens.append(Token(kind: .newline, text: "\n", span: SourceSpan(start, pos)))
            case UInt8(ascii: "#"):
                while pos < bytes.count, bytes[pos] != 0x0A { pos += 1 }
                if pos == bytes.count { open = .comment }
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                switch lexString(quote: b) {
                case .success(let text): tokens.append(Token(kind: .string, text: text, span: SourceSpan(start, pos)))
                case .failure(let d):
                    errors.append(d)
                    open = .string(quoteAt: start, quote: b)
                }
            case UInt8(ascii: "`"):
                pos += 1
                let contentStart = pos
                while pos < bytes.count, bytes[pos] != UInt8(ascii: "`"), bytes[pos] != 0x0A { pos += 1 }
                if pos < bytes.count, bytes[pos] == UInt8(ascii: "`") {
                    let name = String(decoding: bytes[contentStart..<pos], as: UTF8.self)
                    pos += 1
                    tokens.append(Token(kind: .quotedIdentifier, text: name, span: SourceSpan(start, pos)))
                } else {
                    errors.append(
                        Diagnostic(
                            "unterminated backquoted name", at: SourceSpan(start, pos),
                            hint: "close the name with a backquote: `bruto ha`"))
                    if pos == bytes.count { open = .backquote(at: start) }
                }
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                tokens.append(lexNumber())
            case UInt8(ascii: "."):
                if pos + 1 < bytes.count, isDigit(bytes[pos + 1]) {
                    tokens.append(lexNumber())
                } else {
                    pos += 1
                    errors.append(Diagnostic("unexpected character '.'", at: SourceSpan(start, pos)))
                }
            default:
                if isIdentStart(b) {
                    // A dotted name is one name: a connection's table
                    // (`pg.panden`, `pg.bag.panden`) or a flattened JSON
                    // column (`adres.plaats`).
                    while pos < bytes.count,
                        isIdentContinue(bytes[pos])
                            || (bytes[pos] == UInt8(ascii: ".") && pos + 1 < bytes.count && isIdentStart(bytes[pos + 1]))
                    { pos += 1 }
                    let text = String(decoding: bytes[start..<pos], as: UTF8.self)
                    tokens.append(Token(kind: .identifier, text: text, span: SourceSpan(start, pos)))
                } else if let (kind, length) = symbol(at: pos) {
                    pos += length
                    let text = String(decoding: bytes[start..<pos], as: UTF8.self)
                    tokens.append(Token(kind: kind, text: text, span: SourceSpan(start, pos)))
                } else {
                    // Skip a whole UTF-8 sequence so the caret covers one character.
                    pos += 1
                    while pos < bytes.count, bytes[pos] & 0xC0 == 0x80 { pos += 1 }
                    let ch = String(decoding: bytes[start..<pos], as: UTF8.self)
                    errors.append(Diagnostic("unexpected character '\(ch)'", at: SourceSpan(start, pos)))
                }
            }
        }
        tokens.append(Token(kind: .end, text: "", span: SourceSpan(bytes.count, bytes.count)))
        return Output(tokens: tokens, errors: errors, openAtEnd: open)
    }

    private func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
    private func isIdentStart(_ b: UInt8) -> Bool {
        (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == UInt8(ascii: "_") || b >= 0x80
    }
    private func isIdentContinue(_ b: UInt8) -> Bool { isIdentStart(b) || isDigit(b) }

    private func symbol(at i: Int) -> (TokenKind, Int)? {
        let b = bytes[i]
        let next: UInt8 = i + 1 < bytes.count ? bytes[i + 1] : 0
        switch b {
        case UInt8(ascii: "|"): return (.pipe, 1)
        case UInt8(ascii: ","): return (.comma, 1)
        case UInt8(ascii: ";"): return (.semicolon, 1)
        case UInt8(ascii: "("): return (.lparen, 1)
        case UInt8(ascii: ")"): return (.rparen, 1)
        case UInt8(ascii: "["): return (.lbracket, 1)
        case UInt8(ascii: "]"): return (.rbracket, 1)
        case UInt8(ascii: "="): return next == UInt8(ascii: "=") ? (.equal, 2) : (.assign, 1)
        case UInt8(ascii: "!"): return next == UInt8(ascii: "=") ? (.notEqual, 2) : nil
        case UInt8(ascii: "<"):
            if next == UInt8(ascii: "=") { return (.lessEqual, 2) }
            if next == UInt8(ascii: ">") { return (.notEqual, 2) }
            return (.less, 1)
        case UInt8(ascii: ">"): return next == UInt8(ascii: "=") ? (.greaterEqual, 2) : (.greater, 1)
        case UInt8(ascii: "+"): return next == UInt8(ascii: "+") ? (.concat, 2) : (.plus, 1)
        case UInt8(ascii: "-"): return (.minus, 1)
        case UInt8(ascii: "*"): return (.star, 1)
        case UInt8(ascii: "/"): return next == UInt8(ascii: "/") ? (.slashSlash, 2) : (.slash, 1)
        case UInt8(ascii: "%"): return (.percent, 1)
        case UInt8(ascii: "?"): return next == UInt8(ascii: "?") ? (.coalesce, 2) : nil
        default: return nil
        }
    }

    /// Digits with `_` separators, an optional fraction and exponent.
    private mutating func lexNumber() -> Token {
        let start = pos
        var isFloat = false
        func digits() { while pos < bytes.count, isDigit(bytes[pos]) || bytes[pos] == UInt8(ascii: "_") { pos += 1 } }
        digits()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "."), pos + 1 < bytes.count, isDigit(bytes[pos + 1]) {
            isFloat = true
            pos += 1
            digits()
        }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E") {
            var look = pos + 1
            if look < bytes.count, bytes[look] == UInt8(ascii: "+") || bytes[look] == UInt8(ascii: "-") { look += 1 }
            if look < bytes.count, isDigit(bytes[look]) {
                isFloat = true
                pos = look
                digits()
            }
        }
        let raw = String(decoding: bytes[start..<pos], as: UTF8.self)
        return Token(
            kind: isFloat ? .float : .integer, text: raw.replacingAll("_", with: ""),
            span: SourceSpan(start, pos))
    }

    private mutating func lexString(quote: UInt8) -> Result<String, Diagnostic> {
        let start = pos
        pos += 1
        var out: [UInt8] = []
        while pos < bytes.count {
            let b = bytes[pos]
            if b == quote {
                pos += 1
                return .success(String(decoding: out, as: UTF8.self))
            }
            if b == UInt8(ascii: "\\"), pos + 1 < bytes.count {
                let e = bytes[pos + 1]
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "'"): out.append(e)
                default:
                    out.append(b)
                    out.append(e)
                }
                pos += 2
                continue
            }
            out.append(b)
            pos += 1
        }
        return .failure(
            Diagnostic(
                "unterminated string", at: SourceSpan(start, start + 1),
                hint: "close the string with \(quote == UInt8(ascii: "'") ? "'" : "\"")"))
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
