import WerkbankEngine
import WerkbankRender

/// `let NAME = PIPELINE`: runs the pipeline and binds its table to a name.
public struct LetStatement: Statement {
    public let name: String
    public let nameSpan: SourceSpan
    public let pipeline: PipelineNode

    public static let help = StatementHelp(
        name: "let", syntax: "let NAME = PIPELINE", summary: "bind a table to a name; shows NAME: R rows × C columns",
        details: "The name cannot be a word of the language (a statement or a stage); a later let replaces it.",
        examples: [Example("let big = cases | where entrepreneurs >= 100; big | select name", "name\nDe Kroon\nHof van Cartesius\n")])

    public static func starts(_ p: Parser) -> Bool { p.nameFollows }

    public static func parse(_ p: inout Parser, keyword: Token) throws(Diagnostic) -> StatementNode {
        let (name, span) = try p.parseName("a name for the table", .newName)
        _ = try p.expect(.assign, "'=' after the name")
        return .statement(LetStatement(name: name, nameSpan: span, pipeline: try p.parsePipeline()))
    }

    public var kind: StatementKind { .letBinding(name: name) }

    public func execute(_ session: Session, source: String, _ context: ExecutionContext) throws(Diagnostic) -> StatementResult {
        try Self.checkName(name, nameSpan)
        let (table, _) = try session.runPipeline(pipeline, source: source, context: context)
        let hides = Self.hidesLibraryTable(name, session)
        session.catalog.set(name, table, origin: .binding)
        return .message("\(name): \(ValueFormatter.shape(rows: table.rowCount, columns: table.columnCount))" + hides)
    }

    /// What a name given to a new table says when it was a Library table's.
    static func hidesLibraryTable(_ name: String, _ session: Session) -> String {
        guard case .library? = session.catalog.entry(name)?.origin else { return "" }
        return "; the Library table \(name) is hidden for the rest of the session"
    }

    /// A table may not be named like a statement or a stage.
    static func checkName(_ name: String, _ span: SourceSpan) throws(Diagnostic) {
        if StatementRegistry.isReserved(name) {
            throw Diagnostic("\"\(name)\" is a keyword and cannot name a table", at: span, hint: "choose another name")
        }
    }
}
