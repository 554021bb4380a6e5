/// Cuts a token stream into statements: `;` or a newline ends one, except
/// inside brackets and where a pipeline continues (a line ending in `|`, or the
/// next line starting with `|`).
public enum StatementSplitter {
    /// Token ranges of the statements, each without separators; empty
    /// statements (blank lines, comments) are skipped.
    public static func split(_ tokens: [Token]) -> [ArraySlice<Token>] {
        var out: [ArraySlice<Token>] = []
        var start = 0
        var depth = 0
        var i = 0
        func close(_ end: Int) {
            let slice = tokens[start..<end].filter { $0.kind != .newline }
            if !slice.isEmpty { out.append(ArraySlice(slice)) }
        }
        while i < tokens.count {
            let t = tokens[i]
            switch t.kind {
            case .lparen, .lbracket: depth += 1
            case .rparen, .rbracket: depth = max(0, depth - 1)
            case .semicolon:
                close(i)
                depth = 0
                start = i + 1
            case .newline where depth == 0:
                let previous = tokens[start..<i].last { $0.kind != .newline }
                var j = i + 1
                while j < tokens.count, tokens[j].kind == .newline { j += 1 }
                let next = j < tokens.count ? tokens[j] : nil
                if previous?.kind != .pipe, next?.kind != .pipe {
                    close(i)
                    start = i + 1
                }
            case .end:
                close(i)
                start = i
            default: break
            }
            i += 1
        }
        return out
    }

    /// True when `source` is an unfinished statement: it ends inside a string,
    /// a bracket, or right after a `|` (the shell then asks for another line).
    public static func needsContinuation(_ source: String) -> Bool {
        let lexed = Lexer.tokenize(source)
        if case .string = lexed.openAtEnd { return true }
        var depth = 0
        for t in lexed.tokens {
            switch t.kind {
            case .lparen, .lbracket: depth += 1
            case .rparen, .rbracket: depth -= 1
            case .semicolon: depth = 0
            default: break
            }
        }
        if depth > 0 { return true }
        let last = lexed.tokens.last { $0.kind != .newline && $0.kind != .end }
        return last?.kind == .pipe
    }
}
