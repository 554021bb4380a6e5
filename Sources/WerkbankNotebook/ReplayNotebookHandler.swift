import WerkbankLanguage

/// Answers `note` and `notebook` in a replay: a replay records nothing and
/// writes no notebook.
final class ReplayNotebookHandler: NotebookHandler {
    func record(_ input: String, outcomes: [Outcome], session: Session) {}
    func note(_ text: String) throws(Diagnostic) {}
    func perform(_ command: NotebookCommand, session: Session) throws(Diagnostic) -> StatementResult {
        if case .save = command { return .message("notebook save skipped: a replay writes no notebook") }
        return .nothing
    }
}
