import WerkbankEngine

/// `note "TEXT"`: a prose paragraph in the shell's notebook.
public struct NoteStatement: Statement {
    public let text: String

    public static let help = StatementHelp(
        name: "note", syntax: "note \"TEXT\"", summary: "add a prose paragraph to the session's notebook")

    public static func starts(_ p: Parser) -> Bool { p.peek().kind == .string }

    public static func parse(_ p: inout Parser, keyword: Token) throws(Diagnostic) -> StatementNode {
        .statement(NoteStatement(text: p.advance().text))
    }

    public var kind: StatementKind { .note }

    public func execute(_ session: Session, source: String, _ context: ExecutionContext) throws(Diagnostic) -> StatementResult {
        guard let notebook = session.notebook else { throw Diagnostic("notes are recorded only in the interactive shell", at: nil) }
        try notebook.note(text)
        return .nothing
    }
}
