import WerkbankEngine

/// Parses the tokens of one statement into a `StatementNode`.
///
/// Stages parse their own arguments (see `Stage.parse`) through the helpers
/// here, so a stage's syntax lives in the stage's file.
public struct Parser {
    var tokens: [Token]
    var index = 0
    /// Guards recursion: 10,000 nested parentheses must give an error, not a
    /// stack overflow. `depth` is 1 in the outermost expression and grows by
    /// one for each parenthesis, call argument, `not` and unary minus inside it.
    var depth = 0
    /// Nesting levels accepted (docs/language.md: 200 parentheses deep).
    static let maxNesting = 200
    /// Operator nodes in one expression (docs/language.md: 2,000 operators in
    /// a chain). This also bounds the tree's depth, before it is built, to
    /// about `maxNodes + maxNesting`: binding, evaluating and even freeing a
    /// 100,000-deep tree would overflow the stack.
    static let maxNodes = 2000
    var nodes = 0

    // Completion: run over the tokens before the cursor (the `.end` token
    // stands at the cursor), the parser records in `expectations` what each
    // place that reaches the cursor would accept there. Parsing is unchanged.
    /// Whether to record expectations at the cursor.
    public var completing = false
    /// What fits at the cursor, in the order the grammar tried it.
    public internal(set) var expectations: [Expected] = []
    /// The offset of the `|` before the stage being parsed.
    var stageInputEnd: Int?
    /// Names the stage being parsed created so far (`derive a = 1, b = …`).
    var stageLocals: [String] = []
    /// Parsing `summarize`'s items: an aggregate call at the top level.
    var aggregateCalls = false
    /// Parsing `derive`'s items: aggregates and row functions fit too.
    var groupCalls = false

    mutating func countNode() throws(Diagnostic) {
        nodes += 1
        if nodes > Self.maxNodes {
            throw Diagnostic(
                "expression too long (more than \(Self.maxNodes) operators)", at: current.span,
                hint: "split it up, or for many alternatives use x in [a, b, ...]")
        }
    }

    /// One nesting level deeper; an error past `maxNesting`.
    mutating func enterNesting(at span: SourceSpan) throws(Diagnostic) {
        depth += 1
        if depth - 1 > Self.maxNesting {
            throw Diagnostic(
                "expression nested too deeply (more than \(Self.maxNesting) levels)", at: span,
                hint: "at most \(Self.maxNesting) levels of parentheses, calls and unary operators")
        }
    }

    public init(_ tokens: ArraySlice<Token>) {
        var t = Array(tokens)
        let endOffset = t.last?.span.end ?? 0
        if t.last?.kind != .end { t.append(Token(kind: .end, text: "", span: SourceSpan(endOffset, endOffset))) }
        self.tokens = t
    }

    // MARK: Cursor

    public var current: Token { tokens[min(index, tokens.count - 1)] }
    public func peek(_ offset: Int = 1) -> Token { tokens[min(index + offset, tokens.count - 1)] }

    @discardableResult
    public mutating func advance() -> Token {
        let t = current
        if index < tokens.count - 1 { index += 1 }
        return t
    }

    public var atEnd: Bool { current.kind == .end }
    /// The end of a stage: a `|` or the end of the statement.
    public var atStageEnd: Bool { current.kind == .pipe || current.kind == .end }

    public mutating func accept(_ kind: TokenKind) -> Bool {
        if current.kind == kind { advance(); return true }
        return false
    }

    public mutating func acceptKeyword(_ word: String) -> Bool {
        expecting(.keywords([word]))
        if current.isKeyword(word) { advance(); return true }
        return false
    }

    public mutating func expect(_ kind: TokenKind, _ what: String) throws(Diagnostic) -> Token {
        guard current.kind == kind else { throw unexpected(expected: what) }
        return advance()
    }

    public mutating func expectKeyword(_ word: String) throws(Diagnostic) {
        guard acceptKeyword(word) else { throw unexpected(expected: "'\(word)'") }
    }

    public func unexpected(expected: String) -> Diagnostic {
        let t = current
        let found: String
        switch t.kind {
        case .end: found = "the end of the statement"
        case .string: found = "the string \"\(t.text)\""
        default: found = "'\(t.text)'"
        }
        var hint: String?
        if t.kind == .assign { hint = "to compare, use '=='" }
        return Diagnostic("expected \(expected), found \(found)", at: t.span, hint: hint)
    }

    /// What a name stands for, which decides what completion offers for it.
    public enum NameRole {
        /// A column of the stage's input.
        case column
        /// A table in scope.
        case table
        /// A name being made up (a new table or column): nothing to offer.
        case newName
        case other(Expected)
    }

    /// A name: an identifier or a `backquoted name`.
    public mutating func parseName(_ what: String = "a column name", _ role: NameRole = .column) throws(Diagnostic) -> (String, SourceSpan) {
        switch role {
        case .column: expecting(.columns(columnScope))
        case .table: expecting(.table)
        case .newName: break
        case .other(let e): expecting(e)
        }
        let t = current
        guard t.kind == .identifier || t.kind == .quotedIdentifier else { throw unexpected(expected: what) }
        advance()
        return (t.text, t.span)
    }

    /// A file path in quotes.
    public mutating func parsePath(_ what: String) throws(Diagnostic) -> Token {
        expecting(.filePath)
        return try expect(.string, what)
    }

    public mutating func parseInteger(_ what: String) throws(Diagnostic) -> (Int, SourceSpan) {
        var negative = false
        let start = current.span
        if current.kind == .minus { negative = true; advance() }
        let t = current
        guard t.kind == .integer, let v = Int(t.text) else {
            if t.kind == .integer {
                throw Diagnostic("\(what) is too large", at: t.span)
            }
            throw unexpected(expected: what)
        }
        advance()
        return (negative ? -v : v, start.union(t.span))
    }

    /// `item, item, ...` until the stage ends or `stop` says so.
    public mutating func parseList<T>(
        stopAtKeyword stop: Set<String> = [],
        _ item: (inout Parser) throws(Diagnostic) -> T
    ) throws(Diagnostic) -> [T] {
        var items: [T] = []
        repeat {
            items.append(try item(&self))
        } while accept(.comma)
        _ = stop
        return items
    }

    /// `name, name, ...` naming output columns (keys of `count by`,
    /// `summarize … by`, `distinct`): a name given twice would make two
    /// columns of that name, so it is refused where it is written.
    public mutating func parseColumnNames(_ what: String) throws(Diagnostic) -> [(String, SourceSpan)] {
        let names = try parseList { (p: inout Parser) throws(Diagnostic) in try p.parseName(what) }
        for (k, (name, span)) in names.enumerated() where names[..<k].contains(where: { $0.0 == name }) {
            throw Diagnostic("column \"\(name)\" appears twice", at: span, hint: "name each column once")
        }
        return names
    }

    /// `name = expr` or `expr`.
    public mutating func parseNamedExpr() throws(Diagnostic) -> NamedExpr {
        if current.kind == .identifier || current.kind == .quotedIdentifier, peek().kind == .assign {
            let name = advance()
            advance()
            return NamedExpr(name: name.text, nameSpan: name.span, expr: try parseExpr())
        }
        return NamedExpr(name: nil, nameSpan: nil, expr: try parseExpr())
    }

    /// `key=value` options, as long as they follow; `declared` are the ones
    /// the statement or stage knows (it checks the keys it is given).
    public mutating func parseOptions(_ declared: [OptionDeclaration]) throws(Diagnostic) -> [OptionNode] {
        var options: [OptionNode] = []
        while true {
            expecting(.options(declared.map(\.name)))
            guard current.kind == .identifier, peek().kind == .assign else { break }
            let key = advance()
            advance()
            if let option = declared.first(where: { $0.name == key.text.lowercased() }), !option.value.words.isEmpty {
                expecting(.keywords(option.value.words))
            }
            let value = current
            switch value.kind {
            case .lbracket:
                // key=["a", "b"] is key="a" key="b" (null=["-", "n.v.t."]).
                advance()
                repeat {
                    guard current.kind == .string else { throw unexpected(expected: "a text in quotes in the list of \(key.text)") }
                    let item = advance()
                    options.append(OptionNode(key: key.text.lowercased(), value: item, span: key.span.union(item.span)))
                } while accept(.comma)
                _ = try expect(.rbracket, "']' to close the list of \(key.text)")
                continue
            case .string, .integer, .float, .identifier: advance()
            case .minus where peek().kind == .integer:
                advance()
                let n = advance()
                options.append(
                    OptionNode(
                        key: key.text.lowercased(),
                        value: Token(kind: .integer, text: "-" + n.text, span: value.span.union(n.span)),
                        span: key.span.union(n.span)))
                continue
            default: throw unexpected(expected: "a value for \(key.text)")
            }
            options.append(OptionNode(key: key.text.lowercased(), value: value, span: key.span.union(value.span)))
        }
        return options
    }

    // MARK: Expressions (precedence climbing, lowest first)

    public mutating func parseExpr() throws(Diagnostic) -> Expr {
        defer { depth -= 1 }
        try enterNesting(at: current.span)
        if depth == 1 { nodes = 0 }
        let e = try parseOr()
        if current.kind == .assign {
            throw Diagnostic("'=' is not a comparison", at: current.span, hint: "to compare, use '=='")
        }
        return e
    }

    private mutating func parseOr() throws(Diagnostic) -> Expr {
        var lhs = try parseAnd()
        while current.isKeyword("or") {
            advance()
            try countNode()
            let rhs = try parseAnd()
            lhs = .binary(.or, lhs, rhs, lhs.span.union(rhs.span))
        }
        return lhs
    }

    private mutating func parseAnd() throws(Diagnostic) -> Expr {
        var lhs = try parseNot()
        while current.isKeyword("and") {
            advance()
            try countNode()
            let rhs = try parseNot()
            lhs = .binary(.and, lhs, rhs, lhs.span.union(rhs.span))
        }
        return lhs
    }

    private mutating func parseNot() throws(Diagnostic) -> Expr {
        if current.isKeyword("not") {
            let t = advance()
            try countNode()
            defer { depth -= 1 }
            try enterNesting(at: t.span)
            let e = try parseNot()
            return .unary(.not, e, t.span.union(e.span))
        }
        return try parseComparison()
    }

    private mutating func parseComparison() throws(Diagnostic) -> Expr {
        let lhs = try parseCoalesce()
        let op: BinaryOperator?
        switch current.kind {
        case .equal: op = .equal
        case .notEqual: op = .notEqual
        case .less: op = .less
        case .lessEqual: op = .lessEqual
        case .greater: op = .greater
        case .greaterEqual: op = .greaterEqual
        default: op = nil
        }
        if let op {
            advance()
            try countNode()
            let rhs = try parseCoalesce()
            return .binary(op, lhs, rhs, lhs.span.union(rhs.span))
        }
        if completing, current.isKeyword("not"), peek().kind == .end {
            expectations.append(.keywords(["in"]))  // `x not ` at the cursor: only `not in` fits
        }
        if current.isKeyword("in") || (current.isKeyword("not") && peek().isKeyword("in")) {
            let negated = current.isKeyword("not")
            if negated { advance() }
            advance()
            try countNode()
            if current.kind == .lparen {
                throw Diagnostic("a list after 'in' is written in square brackets", at: current.span, hint: "x in [1, 2, 3]")
            }
            _ = try expect(.lbracket, "'[' to start the list")
            var items: [Expr] = []
            if current.kind != .rbracket {
                repeat { items.append(try parseCoalesce()) } while accept(.comma)
            }
            let close = try expect(.rbracket, "']' to close the list")
            expecting(.keywords(Self.connectiveKeywords))
            return .inList(lhs, items, negated: negated, lhs.span.union(close.span))
        }
        if current.isKeyword("is") {
            advance()
            expecting(.keywords(["null"]))
            let negated = acceptKeyword("not")
            expecting(.keywords(["null"]))
            let t = current
            guard t.isKeyword("null") else { throw unexpected(expected: "'null' after 'is'") }
            advance()
            expecting(.keywords(Self.connectiveKeywords))
            return .isNull(lhs, negated: negated, lhs.span.union(t.span))
        }
        return lhs
    }

    private mutating func parseCoalesce() throws(Diagnostic) -> Expr {
        var lhs = try parseAdditive()
        while current.kind == .coalesce {
            advance()
            try countNode()
            let rhs = try parseAdditive()
            lhs = .binary(.coalesce, lhs, rhs, lhs.span.union(rhs.span))
        }
        return lhs
    }

    private mutating func parseAdditive() throws(Diagnostic) -> Expr {
        var lhs = try parseMultiplicative()
        // Whether lhs is the concat call of a `++` chain so far.
        var chain = false
        while current.kind == .plus || current.kind == .minus || current.kind == .concat {
            let token = advance()
            try countNode()
            let rhs = try parseMultiplicative()
            if token.kind == .concat {
                // `a ++ b` is concat(a, b); a chain `a ++ b ++ c` is one call,
                // so a long chain does not nest.
                if chain, case .call(let name, let nameSpan, var args, let span) = lhs {
                    args.append(rhs)
                    lhs = .call(name: name, nameSpan: nameSpan, arguments: args, span.union(rhs.span))
                } else {
                    lhs = .call(name: "concat", nameSpan: token.span, arguments: [lhs, rhs], lhs.span.union(rhs.span))
                }
                chain = true
                continue
            }
            chain = false
            lhs = .binary(token.kind == .plus ? .add : .subtract, lhs, rhs, lhs.span.union(rhs.span))
        }
        return lhs
    }

    private mutating func parseMultiplicative() throws(Diagnostic) -> Expr {
        var lhs = try parseUnary()
        while true {
            let op: BinaryOperator
            switch current.kind {
            case .star: op = .multiply
            case .slash: op = .divide
            case .slashSlash: op = .integerDivide
            case .percent: op = .modulo
            default: return lhs
            }
            advance()
            try countNode()
            let rhs = try parseUnary()
            lhs = .binary(op, lhs, rhs, lhs.span.union(rhs.span))
        }
    }

    private mutating func parseUnary() throws(Diagnostic) -> Expr {
        if current.kind == .minus {
            let t = advance()
            try countNode()
            defer { depth -= 1 }
            try enterNesting(at: t.span)
            // Fold `-literal` so that -9223372036854775808 is a valid int.
            if current.kind == .integer || current.kind == .float {
                let n = current
                if let lit = numberLiteral(Token(kind: n.kind, text: "-" + n.text, span: t.span.union(n.span))) {
                    advance()
                    return lit
                }
            }
            let e = try parseUnary()
            return .unary(.negate, e, t.span.union(e.span))
        }
        return try parsePrimary()
    }

    private func numberLiteral(_ t: Token) -> Expr? {
        if t.kind == .integer { return Int64(t.text).map { .literal(.int($0), t.span) } }
        if let d = Double(t.text), d.isFinite { return .literal(.float(d), t.span) }
        return nil
    }

    /// An operand; at the cursor, what may start one, and after one, the operators.
    private mutating func parsePrimary() throws(Diagnostic) -> Expr {
        // Checked here rather than in `expecting`: operands are the parser's
        // hot path, and the values are built only at the cursor.
        let aggregatePosition = aggregateCalls && depth == 1
        if atCursor {
            expectations.append(aggregatePosition ? .aggregate(columnScope) : .expression(columnScope, keywords: Self.operandKeywords))
            if groupCalls { expectations.append(.groupCall) }
        }
        let operand = try parseOperand()
        if !aggregatePosition, atCursor { expectations.append(.keywords(Self.operatorKeywords)) }
        return operand
    }

    private mutating func parseOperand() throws(Diagnostic) -> Expr {
        let t = current
        switch t.kind {
        case .integer, .float:
            advance()
            if let lit = numberLiteral(t) { return lit }
            throw Diagnostic(
                "number \(t.text) is too large for a 64-bit integer", at: t.span,
                hint: "write it as a float, e.g. \(t.text).0")
        case .string:
            advance()
            return .literal(.string(t.text), t.span)
        case .quotedIdentifier:
            advance()
            return .column(t.text, t.span)
        case .identifier:
            let word = t.text.lowercased()
            if word == "true" || word == "false" {
                advance()
                return .literal(.bool(word == "true"), t.span)
            }
            if word == "null" {
                advance()
                return .literal(.null, t.span)
            }
            advance()
            if current.kind == .lparen {
                advance()
                try countNode()
                var args: [Expr] = []
                if word == "count", current.isKeyword("distinct") {
                    throw Diagnostic("count(distinct x) is written count_distinct(x)", at: current.span, hint: "summarize n = count_distinct(city)")
                }
                if current.kind != .rparen {
                    repeat { args.append(try parseExpr()) } while accept(.comma)
                }
                let close = try expect(.rparen, "')' to close the call of \(t.text)")
                return .call(name: t.text, nameSpan: t.span, arguments: args, t.span.union(close.span))
            }
            return .column(t.text, t.span)
        case .lparen:
            let open = advance()
            let e = try parseExpr()
            let close = try expect(.rparen, "')'")
            // The parentheses belong to the expression: a caret or a label
            // quoting `(a + b) * 2` must not lose the opening one.
            return e.withSpan(open.span.union(close.span))
        default:
            throw unexpected(expected: "a value, a column or '('")
        }
    }
}
