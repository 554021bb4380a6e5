import WerkbankLanguage
import WerkbankShell

/// The interactive shell, when stdin and stdout are terminals (see WerkbankShell.Shell).
enum ShellCommand {
    static func run(_ session: Session) -> Int32 {
        Shell(session: session).run()
    }
}
