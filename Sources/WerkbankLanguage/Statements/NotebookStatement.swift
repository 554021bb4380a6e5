import WerkbankEngine

/// `notebook save "PATH" | show | drop N | undo | keep | recover | clear`:
/// asks the session's notebook recorder (the shell's) to act.
public struct NotebookStatement: Statement {
    public let command: NotebookCommand

    public static let help = StatementHelp(
        name: "notebook", syntax: "notebook save \"PATH\" | show | drop N | undo | keep | recover | clear",
        summary: "the session's notebook: write it, list its cells and notes, drop one or the last, keep the failed input as an expected error, bring back an unsaved session, start over")

    public static func parse(_ p: inout Parser, keyword: Token) throws(Diagnostic) -> StatementNode {
        p.expecting(.keywords(NotebookCommand.words))
        let word = p.current.kind == .identifier ? p.current.text.lowercased() : ""
        let command: NotebookCommand
        switch word {
        case "save":
            p.advance()
            let t = try p.parsePath("a file path in quotes")
            command = .save(path: t.text, t.span)
        case "drop":
            p.advance()
            let (n, span) = try p.parseInteger("the number of a cell or note (see notebook show)")
            guard n >= 1 else { throw Diagnostic("cells and notes are numbered from 1", at: span, hint: "see notebook show") }
            command = .drop(n, span)
        case "clear": p.advance(); command = .clear
        case "show": p.advance(); command = .show
        case "undo": p.advance(); command = .undo
        case "keep": p.advance(); command = .keep
        case "recover": p.advance(); command = .recover
        default:
            throw Diagnostic("expected one of \(NotebookCommand.words.joined(separator: ", ")) after notebook", at: p.current.span,
                             hint: "notebook show lists what is recorded; notebook save \"NAME.md\" writes it")
        }
        return .statement(NotebookStatement(command: command))
    }

    public var kind: StatementKind { .notebook }

    public func execute(_ session: Session, source: String, _ context: ExecutionContext) throws(Diagnostic) -> StatementResult {
        guard let notebook = session.notebook else { throw Diagnostic("notebooks are recorded only in the interactive shell", at: nil) }
        return try notebook.perform(command, session: session)
    }
}

/// `notebook …`: what the session's recorded notebook is asked to do.
public enum NotebookCommand: Sendable, Equatable {
    /// `notebook save "PATH"`
    case save(path: String, SourceSpan)
    /// `notebook clear`: start over.
    case clear
    /// `notebook show`: the cells and notes recorded so far, numbered.
    case show
    /// `notebook drop N`: remove block N (a cell or a note) of `notebook show`.
    case drop(Int, SourceSpan)
    /// `notebook undo`: remove the last cell or note.
    case undo
    /// `notebook keep`: record the input that just failed, as an `expect-error` cell.
    case keep
    /// `notebook recover`: bring back the cells of a session that ended without saving.
    case recover

    /// The words after `notebook`, for help and completion.
    public static let words = ["save", "clear", "show", "drop", "undo", "keep", "recover"]
}
