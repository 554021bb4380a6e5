import Foundation
import WerkbankEngine
import WerkbankLanguage
import WerkbankNotebook
import WerkbankShell

/// `werkbank run | present | export NOTEBOOK ...`: the notebook module does
/// the work; this connects it to the real terminal and the Library.
enum NotebookCommands {
    static func run(_ arguments: [String], library: String?) -> Int32 {
        var io = NotebookIO(
            out: { StandardStreams.out($0) },
            err: { StandardStreams.err($0) },
            readLine: { Swift.readLine(strippingNewline: true) },
            isTerminal: Terminal.isTerminal(1),
            width: Terminal.isTerminal(1) ? Terminal.width() : 100,
            height: Terminal.isTerminal(1) ? terminalHeight() : 40)
        // `present` on a terminal: single keys, and readline to edit a cell or ask.
        if arguments.first == "present", Terminal.isTerminal(0), Terminal.isTerminal(1) {
            let terminal = PresenterTerminal()
            io.readKey = { terminal.readKey() }
            io.editLine = { prompt, prefill, session in terminal.readLine(prompt: prompt, prefill: prefill, session: session) }
            io.size = { (Terminal.width(), terminalHeight()) }
        }
        return NotebookCLI.run(arguments, makeSession: { () throws(EngineError) -> Session in
            try Driver.makeSession(library: library)
        }, io: io)
    }

    static func terminalHeight() -> Int {
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0 { return Int(size.ws_row) }
        return 40
    }
}
