import Foundation
import WerkbankEngine
import WerkbankReaders
import WerkbankLanguage
import WerkbankLibrary
import WerkbankRender

/// Runs an invocation: builds the session, feeds it statements, writes output.
enum Driver {
    static func run(_ inv: Invocation) -> Int32 {
        switch inv.mode {
        case .help:
            print(Invocation.usage, terminator: "")
            return 0
        case .version:
            print("werkbank \(WerkbankVersion.current)")
            return 0
        case .completions(let shell):
            print(Completions.script(for: shell) ?? "", terminator: "")
            return 0
        case .man:
            print(ManPage.render(), terminator: "")
            return 0
        case .notebook(let arguments):
            return NotebookCommands.run(arguments, library: inv.library)
        default: break
        }
        // A progress bar for slow loads: on a terminal's stderr, never in CI
        // logs or pipes (notebook replays returned above, without one).
        LoadProgress.isEnabled = Terminal.isTerminal(2) && ProcessInfo.processInfo.environment["CI"] == nil
            && ProcessInfo.processInfo.environment["TERM"] != "dumb"
        let session: Session
        do {
            session = try makeSession(library: inv.library)
        } catch {
            FileHandle.standardError.write(Data("werkbank: \(error.message)\n".utf8))
            return 2
        }
        if let f = inv.format { session.settings.format = f }
        switch inv.mode {
        case .statements(let text):
            return runBatch(text, session)
        default:
            if Terminal.isTerminal(0) && Terminal.isTerminal(1) {
                return ShellCommand.run(session)
            }
            // Statements from stdin (a pipe or a file), read whole.
            let data = FileHandle.standardInput.readDataToEndOfFile()
            return runBatch(String(decoding: data, as: UTF8.self), session)
        }
    }

    /// A session on the bundled Library, or on the one in `library`.
    static func makeSession(library: String?) throws(EngineError) -> Session {
        let catalog = Catalog()
        try (library.map(Library.folder) ?? .bundled).register(into: catalog)
        let session = Session(catalog: catalog, baseDirectory: ".", allowWrite: true)
        session.settings.width = Terminal.isTerminal(1) ? Terminal.width() : 100
        session.settings.color = false
        return session
    }

    /// Runs statements and prints each result as it comes; exit 1 if any failed.
    static func runBatch(_ text: String, _ session: Session) -> Int32 {
        var failed = false
        _ = session.run(text) { outcome in
            let r = OutcomeRenderer.render(outcome, source: text, settings: session.settings, batch: true)
            if !r.stdout.isEmpty { StandardStreams.out(r.stdout) }
            if !r.stderr.isEmpty { StandardStreams.err(r.stderr) }
            if case .failure = outcome.result { failed = true }
        }
        return failed ? 1 : 0
    }
}

enum Terminal {
    static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) != 0 }

    static func width() -> Int {
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 100
    }
}
