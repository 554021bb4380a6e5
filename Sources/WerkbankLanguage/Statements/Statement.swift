import WerkbankEngine

/// Help for one statement: what `help NAME`, the overview and the docs show.
/// Every example runs in the tests and must print `expected`.
public struct StatementHelp: Sendable {
    public var name: String
    /// Other words for the same statement (`quit` for `exit`).
    public var aliases: [String]
    public var syntax: String
    public var summary: String
    public var details: String
    /// Its `key=value` options or settings (`load`, `set`), for completion, help and the docs.
    public var options: [OptionDeclaration]
    /// Whether they are written `key=value` (load) or `NAME VALUE` (set).
    public var optionForm: OptionDeclaration.Form
    public var examples: [Example]

    public init(name: String, aliases: [String] = [], syntax: String, summary: String, details: String = "",
                options: [OptionDeclaration] = [], optionForm: OptionDeclaration.Form = .keyValue, examples: [Example] = []) {
        self.name = name
        self.aliases = aliases
        self.syntax = syntax
        self.summary = summary
        self.details = details
        self.options = options
        self.optionForm = optionForm
        self.examples = examples
    }

    /// The words that start the statement.
    public var keywords: [String] { [name] + aliases }
}

/// A statement other than a pipeline (`let`, `load`, `set`, …), defined in
/// one place like a stage: its help, its syntax (`parse`, which records what
/// it expects at the cursor for completion) and what it does (`execute`).
/// `StatementRegistry` lists them; the parser, `help`, completion and the
/// docs read that list.
public protocol Statement: Sendable {
    static var help: StatementHelp { get }
    /// Whether the line is this statement; the parser stands on its keyword.
    /// A line such as `datasets | count` starts a pipeline from a table
    /// named like a statement instead.
    static func starts(_ p: Parser) -> Bool
    /// Parses the statement; the keyword has been consumed. `load` without
    /// `as` gives a pipeline, so the result is a `StatementNode`.
    static func parse(_ p: inout Parser, keyword: Token) throws(Diagnostic) -> StatementNode
    /// What kind of outcome it gives, for the shell and notebooks.
    var kind: StatementKind { get }
    /// Runs the statement in `session`; `source` is the text its spans point into.
    func execute(_ session: Session, source: String, _ context: ExecutionContext) throws(Diagnostic) -> StatementResult
}

extension Statement {
    public static func starts(_ p: Parser) -> Bool { true }
    public var kind: StatementKind { .other(name: Self.help.name) }
}

extension Parser {
    /// True when the token after the keyword is a name, or when completing a
    /// line that ends right after the keyword.
    public var nameFollows: Bool {
        let next = peek().kind
        return next == .identifier || next == .quotedIdentifier || (completing && next == .end)
    }

    /// True when the keyword is alone on the line (`datasets`, `version`).
    public var keywordIsAlone: Bool { peek().kind == .end }
}
