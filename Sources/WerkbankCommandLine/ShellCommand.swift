import WerkbankLanguage
import WerkbankNotebook
import WerkbankShell

/// The interactive shell, when stdin and stdout are terminals (see WerkbankShell.Shell).
enum ShellCommand {
    static func run(_ session: Session) -> Int32 {
        // Records the session for `note` and `notebook save` (the session
        // holds it weakly), journalled so that a crash loses nothing.
        let recorder = NotebookRecorder(session: session, journalled: true)
        let status = withExtendedLifetime(recorder) { Shell(session: session).run() }
        // Unsaved cells: say where they are kept (the journal stays).
        if let message = recorder.leaving() { StandardStreams.err(message + "\n") }
        return status
    }
}
