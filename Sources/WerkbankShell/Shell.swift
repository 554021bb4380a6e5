import Foundation
import WerkbankEngine
import WerkbankLanguage
import WerkbankRender

/// The interactive shell: a readline prompt on a session. Used when stdin
/// and stdout are terminals; batch mode (pipes, `-c`) never comes here.
///
/// - `werkbank> ` prompts, `     ...> ` continues an unfinished input (a line
///   ending in `|`, an open bracket or string); an empty line sends it as is.
/// - A line starting with `|` continues the last pipeline that ran (see
///   `InputBuffer.continuing`).
/// - Ctrl-C cancels the running statement (the session stays) or clears the
///   line at the prompt; Ctrl-D on an empty line leaves. Every state and
///   what Ctrl-C does in it: `Signals`.
/// - History: `HistoryFile`, saved before each input runs.
/// - Output taller than the terminal goes through the pager.
public final class Shell {
    public static let prompt = "werkbank> "
    public static let continuationPrompt = "     ...> "
    public static let historyLimit = 5000

    let session: Session
    let history: HistoryFile?
    let pager: Pager
    /// What a line starting with `|` continues (see `InputBuffer.continuation`).
    private let lastPipeline = SharedString()
    /// The last input as it ran (continuations included).
    private var lastInput: String?
    private var historyWarned = false

    public init(session: Session, history: HistoryFile? = HistoryFile.defaultPath().map { HistoryFile(path: $0, limit: Shell.historyLimit) }) {
        self.session = session
        self.history = history
        self.pager = Pager.fromEnvironment()
    }

    /// Runs until Ctrl-D, `exit` or `quit`; returns the exit status (0).
    public func run() -> Int32 {
        updateTerminalSettings()
        let lastPipeline = self.lastPipeline
        let completer = Completer(environment: .session(session, previousPipeline: { lastPipeline.get() }))
        let editor = LineEditor(completer: completer, historyLimit: Self.historyLimit)
        if let history { editor.loadHistory(history.load()) }
        Signals.install(cancelling: session.cancel)
        Console.write(Banner.text(session: session, width: session.settings.width, color: session.settings.color))
        Console.flush()

        var buffer = InputBuffer()
        while true {
            let prompt = buffer.isEmpty ? Self.prompt : Self.continuationPrompt
            switch editor.readLine(prompt: prompt, pending: buffer.pendingText) {
            case .endOfInput:
                if buffer.isEmpty {
                    Console.write("\n")
                    Console.flush()
                    editor.close()
                    return 0
                }
                // Ctrl-D inside an unfinished input drops it; another leaves.
                Console.write("\n")
                buffer.reset()
            case .interrupted:
                buffer.reset()
            case .line(let line):
                guard case .complete(let input) = buffer.add(line) else { continue }
                if input.allSatisfy(\.isWhitespace) { continue }
                editor.addHistory(input)
                saveHistory(input)
                if !execute(input) {
                    editor.close()
                    return 0
                }
            }
        }
    }

    /// Runs one input, showing each statement's output as soon as it is
    /// there; false after `exit`. Ctrl-C: see `Signals`.
    func execute(_ input: String) -> Bool {
        let previous = lastPipeline.get()
        if InputBuffer.startsWithPipe(input) {
            guard let previous else {
                let nothing = Diagnostic(
                    "nothing to continue: a line starting with | continues the last result shown", at: nil,
                    hint: "start with a table: cases | …, or after a let or a pipeline")
                Console.error(DiagnosticRenderer.render(nothing, source: input, color: session.settings.color))
                return true
            }
            // Say what is continued unless it is what the last input was.
            if previous != lastInput { Console.error("continuing: \(Self.clip(previous))\n") }
        }
        let text = InputBuffer.continuing(input, previous: previous) ?? input
        lastInput = text
        updateTerminalSettings()
        guard Signals.beginStatement() else {
            // Ctrl-C after Enter, before the input started: it does not run.
            Signals.endStatement()
            Console.write("\n")
            let cancelled = Diagnostic(EngineError.cancelled.message, at: nil)
            Console.error(DiagnosticRenderer.render(cancelled, source: text, color: session.settings.color))
            return true
        }
        var leave = false
        let outcomes = session.run(text, resettingCancel: false) { outcome in
            // The terminal echoed ^C; start the message on a line of its own.
            if Signals.pauseStatement() { Console.write("\n") }
            let paged = show(outcome, source: text)
            switch outcome.result {
            case .success(.exit): leave = true
            default: break
            }
            switch InputBuffer.continuation(of: outcome) {
            case .source(let source): lastPipeline.set(source)
            case .none: lastPipeline.set(nil)
            case .keep: break
            }
            Signals.resumeStatement(afterPager: paged)
        }
        if Signals.endStatement() { Console.write("\n") }
        Console.flush()
        if !outcomes.isEmpty { session.notebook?.record(text, outcomes: outcomes, session: session) }
        return !leave
    }

    /// One statement's output: results through the pager when taller than
    /// the terminal, errors and timings on stderr. True when the pager ran.
    @discardableResult
    func show(_ outcome: Outcome, source: String) -> Bool {
        updateTerminalSettings()
        let rendered = OutcomeRenderer.render(outcome, source: source, settings: session.settings, batch: false)
        var paged = false
        if !rendered.stdout.isEmpty { paged = pager.show(rendered.stdout, rows: max(TerminalInfo.size().rows - 1, 1)) }
        if !rendered.stderr.isEmpty { Console.error(rendered.stderr) }
        Console.flush()
        return paged
    }

    /// Width follows the terminal; `set color auto` follows the terminal and `NO_COLOR`.
    /// A long text wraps onto more lines of its cell, as in notebooks, so it
    /// is read whole at the prompt (the pager takes what is taller than the screen).
    func updateTerminalSettings() {
        session.settings.width = TerminalInfo.size().columns
        session.settings.wrapCells = true
        if session.settings.colorAuto { session.settings.color = TerminalInfo.colorWanted() }
    }

    func saveHistory(_ input: String) {
        guard let history else { return }
        do {
            try history.append([input])
        } catch {
            // Once: a read-only home must not nag after every statement.
            if !historyWarned { Console.error("werkbank: history not saved: \(error.message)\n") }
            historyWarned = true
        }
    }

    /// One line of at most 80 characters, for the `continuing:` note.
    static func clip(_ text: String) -> String {
        let line = text.split(separator: "\n").joined(separator: " ")
        return line.count > 80 ? String(line.prefix(79)) + "…" : line
    }
}
