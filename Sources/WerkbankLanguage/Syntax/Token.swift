/// The kinds of token the lexer produces.
public enum TokenKind: Sendable, Equatable {
    case identifier  // names and keywords (keywords are matched case-insensitively)
    case quotedIdentifier  // `odd name`
    case integer
    case float
    case string
    case pipe, comma, semicolon, newline
    case lparen, rparen, lbracket, rbracket
    case assign  // =
    case equal, notEqual, less, lessEqual, greater, greaterEqual
    case plus, minus, star, slash, slashSlash, percent
    case coalesce  // ??
    case concat  // ++
    case end
}

/// A token with its source span; `text` is the decoded value for strings and
/// quoted identifiers, the raw text otherwise.
public struct Token: Sendable, Equatable {
    public var kind: TokenKind
    public var text: String
    public var span: SourceSpan

    /// True for an identifier equal to `keyword`, ignoring case.
    public func isKeyword(_ keyword: String) -> Bool {
        kind == .identifier && text.lowercased() == keyword
    }
}
