/// What is being typed at the end of a text, and what the grammar accepts
/// there: the one question completion asks. The lexer says whether the text
/// ends inside a string, a backquoted name or a comment; the statement
/// splitter finds the statement the cursor is in; the parser, run over that
/// statement up to the word being typed, records what each place reaching the
/// cursor would accept (`Parser.completing`).
public struct CursorContext: Sendable {
    /// Where the word being typed sits.
    public enum Region: Sendable, Equatable {
        case code
        /// In a string opened by `quote`: `word` is the text after it.
        case string(quote: String)
        /// In a backquoted name: `word` starts with the backquote.
        case backquote
        /// In a comment or a number: nothing to complete.
        case none
    }

    /// The UTF-8 offset where the word being typed starts.
    public var start: Int
    public var word: String
    public var region: Region
    /// What fits at `start`, in the order the grammar tries it.
    public var expected: [Expected]
    /// The statement's text up to the cursor, with a continued pipeline
    /// before it; `ColumnScope.inputEnd` points into it.
    private var statement: [UInt8] = []
    private var statementStart = 0

    /// `previousPipeline` continues a statement that starts with `|` (the shell's last pipeline).
    public static func at(_ text: String, previousPipeline: () -> String? = { nil }) -> CursorContext {
        let bytes = Array(text.utf8)
        let lexed = Lexer.tokenize(text)
        var context = CursorContext(start: bytes.count, word: "", region: .code, expected: [])
        switch lexed.openAtEnd {
        case .comment:
            context.region = .none
            return context
        case .string(let quoteAt, let quote):
            context.start = quoteAt + 1
            context.region = .string(quote: String(decoding: [quote], as: UTF8.self))
        case .backquote(let at):
            context.start = at
            context.region = .backquote
        case nil:
            if let last = lexed.tokens.last(where: { $0.kind != .end }), last.span.end == bytes.count {
                switch last.kind {
                case .identifier: context.start = last.span.start
                case .integer, .float:
                    context.region = .none
                    return context
                default: break
                }
            }
        }
        context.word = String(decoding: bytes[context.start...], as: UTF8.self)
        context.locate(before: Array(bytes[..<context.start]), previousPipeline: previousPipeline)
        return context
    }

    /// Finds the statement that ends at the cursor and parses it in completion mode.
    private mutating func locate(before bytes: [UInt8], previousPipeline: () -> String?) {
        var tokens = Lexer.tokenize(String(decoding: bytes, as: UTF8.self)).tokens.filter { $0.kind != .end }
        // A stand-in for the word at the cursor, so the splitter decides
        // whether a line break before it ended the statement.
        let cursor = Token(kind: .identifier, text: "", span: SourceSpan(bytes.count, bytes.count))
        tokens.append(cursor)
        tokens.append(Token(kind: .end, text: "", span: cursor.span))
        var current = Array(StatementSplitter.split(tokens).last ?? [])
        if current.last == cursor { current.removeLast() }
        let start = current.first?.span.start ?? bytes.count
        if current.first?.kind == .pipe, let previous = previousPipeline() {
            // `| stage` continues the previous pipeline: complete as if it were written out.
            let joined = previous + "\n" + String(decoding: bytes[start...], as: UTF8.self)
            var inner = CursorContext(start: 0, word: "", region: .code, expected: [])
            inner.locate(before: Array(joined.utf8), previousPipeline: { nil })
            expected = inner.expected
            statement = inner.statement
            statementStart = inner.statementStart
            return
        }
        var parser = Parser(current[...])
        parser.completing = true
        _ = try? parser.parseStatement()
        expected = parser.expectations
        statement = bytes
        statementStart = start
    }

    /// The statement's text before the stage whose input `scope` means, for
    /// binding (`Session.schemaBeforeStage`); nil when it means no stage input.
    public func inputPrefix(_ scope: ColumnScope) -> String? {
        guard let end = scope.inputEnd, statementStart <= end, end <= statement.count else { return nil }
        return String(decoding: statement[statementStart..<end], as: UTF8.self)
    }
}
