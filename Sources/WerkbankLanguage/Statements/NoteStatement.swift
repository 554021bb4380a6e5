import WerkbankEngine

/// `note "TEXT"`: a prose paragraph in the shell's notebook.
public struct NoteStatement: Statement {
    public let text: String

    public static let help = StatementHelp(
        name: "note", syntax: "note \"TEXT\"", summary: "add a prose paragraph to the session's notebook")

    /// `note | count` reads a table named note; anything else after the word is a note.
    public static func starts(_ p: Parser) -> Bool { p.peek().kind != .pipe }

    public static func parse(_ p: inout Parser, keyword: Token) throws(Diagnostic) -> StatementNode {
        guard p.current.kind == .string else {
            throw Diagnostic("note takes its text in quotes", at: p.current.kind == .end ? keyword.span : p.current.span,
                             hint: "note \"Your text here, in double quotes\"")
        }
        return .statement(NoteStatement(text: p.advance().text))
    }

    public var kind: StatementKind { .note }

    public func execute(_ session: Session, source: String, _ context: ExecutionContext) throws(Diagnostic) -> StatementResult {
        guard let notebook = session.notebook else { throw Diagnostic("notes are recorded only in the interactive shell", at: nil) }
        try notebook.note(text)
        return .message("noted: a paragraph in the session's notebook (notebook show lists it)")
    }
}
