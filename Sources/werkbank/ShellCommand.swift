import WerkbankLanguage
import WerkbankNotebook
import WerkbankShell

/// The interactive shell, when stdin and stdout are terminals (see WerkbankShell.Shell).
enum ShellCommand {
    static func run(_ session: Session) -> Int32 {
        // Records the session for `note` and `notebook save` (the session holds it weakly).
        let recorder = NotebookRecorder(session: session)
        return withExtendedLifetime(recorder) { Shell(session: session).run() }
    }
}
