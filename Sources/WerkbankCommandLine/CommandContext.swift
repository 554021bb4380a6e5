import Foundation
import WerkbankEngine
import WerkbankLanguage
import WerkbankLibrary
import WerkbankNotebook
import WerkbankRender
import WerkbankShell

/// What the commands need from the world: the process's streams, terminal
/// and Library (`CommandContext.process`), or a test's stand-ins, so that a
/// test runs the real command line in-process.
public struct CommandContext {
    /// A session on the bundled Library, or on the folder `--library` names.
    public var makeSession: (_ library: String?) throws(EngineError) -> Session
    /// The streams and terminal of the notebook commands; `presenting`:
    /// `present`, which reads single keys and edits lines on a terminal.
    public var notebookIO: (_ presenting: Bool) -> NotebookIO
    public var out: (String) -> Void
    public var err: (String) -> Void
    /// stdin and stdout are terminals: no `-c` means the interactive shell.
    public var isInteractive: Bool
    /// The statements on stdin, read whole (batch mode without `-c`).
    public var readInput: () -> String
    /// A progress bar for slow loads on stderr (the shell and batch modes only).
    public var showsLoadProgress: Bool

    public init(
        makeSession: @escaping (_ library: String?) throws(EngineError) -> Session,
        notebookIO: @escaping (_ presenting: Bool) -> NotebookIO,
        out: @escaping (String) -> Void, err: @escaping (String) -> Void,
        isInteractive: Bool = false, readInput: @escaping () -> String = { "" }, showsLoadProgress: Bool = false
    ) {
        self.makeSession = makeSession
        self.notebookIO = notebookIO
        self.out = out
        self.err = err
        self.isInteractive = isInteractive
        self.readInput = readInput
        self.showsLoadProgress = showsLoadProgress
    }

    /// This process: stdout and stderr, the terminal it runs in, the Library
    /// bundled in the binary.
    public static var process: CommandContext {
        let stdoutIsTerminal = TerminalWindow.isTerminal(1)
        let environment = ProcessInfo.processInfo.environment
        return CommandContext(
            makeSession: { library throws(EngineError) in
                let catalog = Catalog()
                try (library.map(Library.folder) ?? .bundled).register(into: catalog)
                let session = Session(catalog: catalog, baseDirectory: ".", allowWrite: true)
                session.settings.width = TerminalWindow.size(orElse: .init(columns: 100, rows: 40)).columns
                session.settings.color = false
                return session
            },
            notebookIO: { presenting in
                let size = TerminalWindow.size(orElse: .init(columns: 100, rows: 40))
                var io = NotebookIO(
                    out: { StandardStreams.out($0) }, err: { StandardStreams.err($0) },
                    readLine: { Swift.readLine(strippingNewline: true) },
                    isTerminal: stdoutIsTerminal, width: size.columns, height: size.rows)
                // `present` on a terminal: single keys, and readline to edit a cell or ask.
                if presenting, TerminalWindow.isTerminal(0), stdoutIsTerminal {
                    let terminal = PresenterTerminal()
                    io.readKey = { terminal.readKey() }
                    io.editLine = { prompt, prefill, session in terminal.readLine(prompt: prompt, prefill: prefill, session: session) }
                    io.size = {
                        let size = TerminalWindow.size(orElse: .init(columns: 100, rows: 40))
                        return (size.columns, size.rows)
                    }
                }
                return io
            },
            out: { StandardStreams.out($0) }, err: { StandardStreams.err($0) },
            isInteractive: TerminalWindow.isTerminal(0) && stdoutIsTerminal,
            readInput: { String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) },
            // On a terminal's stderr, never in CI logs or pipes.
            showsLoadProgress: TerminalWindow.isTerminal(2) && environment["CI"] == nil && environment["TERM"] != "dumb")
    }
}
