import WerkbankEngine
import WerkbankLanguage
import WerkbankRender

/// Where a notebook command reads and writes: the real terminal, or strings
/// in a test.
public struct NotebookIO {
    public var out: (String) -> Void
    public var err: (String) -> Void
    /// One line of input without its terminator; nil at the end of input.
    public var readLine: () -> String?
    /// Whether stdout is a terminal (screen clearing, bold headings, colour).
    public var isTerminal: Bool
    public var width: Int
    public var height: Int
    /// One key at a time (a terminal in raw mode); nil: `present` reads its
    /// commands a line at a time through `readLine` (stdin is not a terminal).
    public var readKey: (() -> TerminalKey)?
    /// A line edited at `prompt`, starting as `prefill` (readline on a
    /// terminal, completing against the session); nil when the user cancels.
    /// Without it, `present` reads the line through `readLine`.
    public var editLine: ((_ prompt: String, _ prefill: String, _ session: Session) -> String?)?
    /// The terminal's size now (columns, rows), when it can change while
    /// `present` runs; nil: `width` and `height` hold.
    public var size: (() -> (width: Int, height: Int))?

    public init(
        out: @escaping (String) -> Void, err: @escaping (String) -> Void, readLine: @escaping () -> String?,
        isTerminal: Bool = false, width: Int = 100, height: Int = 40,
        readKey: (() -> TerminalKey)? = nil,
        editLine: ((_ prompt: String, _ prefill: String, _ session: Session) -> String?)? = nil
    ) {
        self.out = out
        self.err = err
        self.readLine = readLine
        self.isTerminal = isTerminal
        self.width = width
        self.height = height
        self.readKey = readKey
        self.editLine = editLine
    }
}

/// `werkbank present NB.md`: a notebook as slides for a lecture (see
/// `PresenterSlides` for what a slide holds and `PresentationState` for the
/// state each cell runs on). The keys are in `help`.
///
/// On a terminal the keys are single keys and each slide fills the screen
/// (a status line at the bottom; a slide taller than the screen scrolls).
/// Otherwise each line of stdin is one command (`n` or an empty line, `b`,
/// a number, `e` followed by the cell's new lines, `:` followed by a
/// statement, `?`, `q`) and each screen is printed whole.
public struct NotebookPresenter {
    public let path: String
    public let document: NotebookDocument
    let makeSession: SessionFactory

    public init(path: String, document: NotebookDocument, makeSession: @escaping SessionFactory) {
        self.path = path
        self.document = document
        self.makeSession = makeSession
    }

    public static let help = """
        Keys
          space  →  Enter   run the slide's cell; again: scroll on, then the next slide
          ←  b  Backspace   the previous slide, as it was
          12 Enter          go to slide 12
          ↑ ↓ PgUp PgDn     scroll a slide taller than the screen
          e                 edit the cell in place (readline, pre-filled) and run it again
          :                 ask an ad-hoc statement on the notebook's state at this slide
          ?                 these keys
          q  Ctrl-C         quit

        A slide is the prose that leads into a cell, the cell, its output and the prose
        that comments on the output. The prose between two cells is cut at its first
        heading (or, without one, before its last paragraph when that ends with a colon):
        the part above stays under the output, the rest leads into the next cell. Prose
        after the last cell that starts with a heading is a closing slide.

        A cell runs on the state of the cells before it, as the notebook has them (an
        edited cell as edited): going back or jumping replays the cells before the
        slide in a fresh session. Ad-hoc statements see the state at the slide and are
        forgotten when a cell runs. Nothing is written: not the notebook (edits last as
        long as the presentation), and no file (save is skipped, as in every replay).

        """

    public func present(_ io: NotebookIO) -> Int32 {
        let state: PresentationState
        do {
            state = try PresentationState(document: document, makeSession: makeSession, baseDirectory: Replay.folder(of: path))
        } catch {
            io.err("werkbank: \(error.message)\n")
            return 2
        }
        let title = document.frontMatter.title ?? NotebookRecorder.title(fromPath: path)
        let screen = PresenterScreen(title: title, slides: PresenterSlides.slides(document), state: state, io: io)
        screen.run()
        let edited = document.cells.indices.filter { state.isEdited($0) }
        if !edited.isEmpty {
            let list = edited.map { String($0 + 1) }.joined(separator: ", ")
            io.err(
                "werkbank: \(edited.count == 1 ? "cell \(list) was" : "cells \(list) were") edited during the presentation; \(path) is unchanged\n")
        }
        return 0
    }
}

/// One presentation in progress: the slide on screen, what has been shown
/// on it, and the keys.
final class PresenterScreen {
    let title: String
    let slides: [PresenterSlide]
    let state: PresentationState
    let io: NotebookIO
    var current = 0
    /// The first line of the slide shown (a terminal scrolls a tall slide).
    var offset = 0
    /// Each cell's output as last shown (a cell with an output is revealed).
    var outputs: [Int: String] = [:]
    /// Ad-hoc statements and their outputs on the slide on screen.
    var asides: [String] = []
    /// Digits typed for a jump.
    var jump = ""
    /// A one-time note on the status line.
    var note: String?

    init(title: String, slides: [PresenterSlide], state: PresentationState, io: NotebookIO) {
        self.title = title
        self.slides = slides
        self.state = state
        self.io = io
        columns = io.width
        lines = io.height
    }

    var color: Bool { io.isTerminal }
    /// The screen's size, read again before each screen is drawn.
    var columns: Int
    var lines: Int
    var width: Int { max(columns, 20) }
    /// Rows for the slide: the screen without the title line, a blank line and the status line.
    var viewport: Int { max(lines - 3, 3) }

    enum Command {
        case next, back, jump(Int), edit, ask(String?), help, quit
        case scroll(Int), top, bottom
        /// A key that only changed the status line (a digit of a jump).
        case none
    }

    func run() {
        while true {
            draw()
            note = nil
            let command = io.readKey != nil ? keyCommand() : lineCommand()
            switch command {
            case .quit:
                if io.isTerminal { io.out("\u{1B}[\(lines);1H\u{1B}[K\n") }
                return
            case .next: next()
            case .back: go(current - 1)
            case .jump(let n):
                if (1...slides.count).contains(n) { go(n - 1) } else { note = "no slide \(n) (1–\(slides.count))" }
            case .edit: edit()
            case .ask(let statement): ask(statement)
            case .help: showHelp()
            case .scroll(let by): offset += by
            case .top: offset = 0
            case .bottom: offset = Int.max / 2
            case .none: break
            }
        }
    }

    // MARK: Commands

    func next() {
        let slide = slides[current]
        if let cell = slide.cell, outputs[cell] == nil {
            // Long prose first: the cell runs once its code is on the screen.
            let codeEnd = codeStart(slide) + codeLines(cell).count
            if io.isTerminal, codeEnd > offset + viewport {
                offset += viewport
                return
            }
            runCell(cell)
            // The cell's code at the top, so that its output is in view.
            if io.isTerminal { offset = codeStart(slide) }
            return
        }
        let lines = body().count
        if io.isTerminal, offset + viewport < lines {
            offset += viewport
            return
        }
        if current + 1 < slides.count {
            go(current + 1)
        } else {
            note = "the end · q quits"
        }
    }

    func go(_ index: Int) {
        current = max(0, min(index, slides.count - 1))
        offset = 0
        asides = []
    }

    func runCell(_ cell: Int) {
        do {
            let outcomes = try state.run(cell)
            outputs[cell] = render(outcomes, source: state.codes[cell])
        } catch {
            note = "werkbank: \(error.message)"
        }
    }

    func edit() {
        guard let cell = slides[current].cell else {
            note = "this slide has no cell to edit"
            return
        }
        let old = NotebookDocument.splitLines(state.codes[cell]).map { String($0.text) }
        var new: [String] = []
        for (i, line) in old.enumerated() {
            let prompt = old.count == 1 ? "edit> " : "edit \(i + 1)/\(old.count)> "
            guard let edited = readLine(prompt: prompt, prefill: line) else {
                note = "edit cancelled"
                return
            }
            new.append(edited)
        }
        let code = new.joined(separator: "\n")
        if code != state.codes[cell] {
            state.edit(cell, code: code)
            // Later cells ran on the old state: they run again when shown.
            for later in outputs.keys where later > cell { outputs[later] = nil }
        }
        runCell(cell)
        asides = []
        if io.isTerminal { offset = codeStart(slides[current]) }
    }

    func ask(_ given: String?) {
        guard let statement = given ?? readLine(prompt: "werkbank> ", prefill: "") else { return }
        guard statement.contains(where: { !$0.isWhitespace }) else { return }
        let slide = slides[current]
        // The state at this slide: after its cell when the cell has run, else before it.
        let after: Int
        if let cell = slide.cell {
            after = outputs[cell] != nil ? cell + 1 : cell
        } else {
            after = slides[..<current].compactMap(\.cell).last.map { $0 + 1 } ?? 0
        }
        let outcomes: [Outcome]
        do {
            outcomes = try state.ask(statement, after: after)
        } catch {
            note = "werkbank: \(error.message)"
            return
        }
        var text = ""
        for (i, line) in NotebookDocument.splitLines(statement).enumerated() {
            text += Ansi.dim(i == 0 ? "werkbank> " : "        | ", when: color) + line.text + "\n"
        }
        asides.append(text + render(outcomes, source: statement))
        if io.isTerminal {
            // The question and its answer in view.
            let all = body()
            let start = all.count - wrapped(asides.last!).count - 1
            offset = max(0, min(start, all.count - viewport))
        }
    }

    func showHelp() {
        guard let readKey = io.readKey else {
            io.out(NotebookPresenter.help)
            return
        }
        io.out(
            "\u{1B}[H\u{1B}[2J" + Ansi.bold(title, when: color) + "\n\n" + NotebookPresenter.help.replacingAll("\n", with: "\r\n")
                + Ansi.dim("any key goes back to the slide", when: color))
        _ = readKey()
    }

    /// A line from the user: readline at the bottom of a terminal, else the next line of input.
    func readLine(prompt: String, prefill: String) -> String? {
        if let editLine = io.editLine {
            if io.isTerminal { io.out("\u{1B}[\(lines);1H\u{1B}[K") }
            return editLine(prompt, prefill, state.session)
        }
        return io.readLine()
    }

    // MARK: Input

    func keyCommand() -> Command {
        guard let readKey = io.readKey else { return .quit }
        let key = readKey()
        if !jump.isEmpty {
            switch key {
            case .character(let c) where c.isASCII && c.isNumber:
                if jump.count < 6 { jump.append(c) }
                return .none
            case .backspace:
                jump.removeLast()
                return .none
            case .enter:
                defer { jump = "" }
                return .jump(Int(jump) ?? 0)
            case .interrupt, .endOfInput: return .quit
            default:
                jump = ""
                return .none
            }
        }
        switch key {
        case .character(" "), .right, .enter, .character("n"): return .next
        case .left, .backspace, .character("b"), .character("p"): return .back
        case .character(let c) where c.isASCII && c.isNumber:
            jump = String(c)
            return .none
        case .character("e"): return .edit
        case .character(":"): return .ask(nil)
        case .character("?"), .character("h"): return .help
        case .character("q"), .interrupt, .endOfInput: return .quit
        case .down, .character("j"): return .scroll(1)
        case .up, .character("k"): return .scroll(-1)
        case .pageDown: return .scroll(viewport)
        case .pageUp: return .scroll(-viewport)
        case .home: return .top
        case .end: return .bottom
        case .resize: return .none
        default: return .none
        }
    }

    func lineCommand() -> Command {
        guard let line = io.readLine() else { return .quit }
        let t = line.trimmingWhitespace()
        if t.hasPrefix(":") {
            let rest = String(t.dropFirst()).trimmingWhitespace()
            return .ask(rest.isEmpty ? nil : rest)
        }
        switch t.lowercased() {
        case "", "n", "next": return .next
        case "b", "back", "p": return .back
        case "e", "edit": return .edit
        case "?", "h", "help": return .help
        case "q", "quit": return .quit
        default:
            if let n = Int(t) { return .jump(n) }
            note = "unknown command \"\(t)\" (? lists them)"
            return .none
        }
    }

    // MARK: Drawing

    /// The slide's lines, each at most the width.
    func body() -> [String] {
        let slide = slides[current]
        let proseWidth = min(width, 100)
        var parts: [[String]] = []
        if PresenterSlides.hasText(slide.lead) {
            parts.append(TerminalMarkdown.render(slide.lead, width: proseWidth, color: color))
        }
        if let cell = slide.cell {
            parts.append(codeLines(cell))
            if let output = outputs[cell] {
                parts.append(wrapped(output))
                if PresenterSlides.hasText(slide.follow) {
                    parts.append(TerminalMarkdown.render(slide.follow, width: proseWidth, color: color))
                }
            }
        }
        for aside in asides { parts.append(wrapped(aside)) }
        return Array(parts.filter { !$0.isEmpty }.joined(separator: [""]))
    }

    func codeLines(_ cell: Int) -> [String] {
        var lines: [String] = []
        for (i, line) in NotebookDocument.splitLines(state.codes[cell]).enumerated() {
            let prompt = i == 0 ? "werkbank> " : "        | "
            // A line wider than the screen goes on under the code, not under the prompt.
            let pieces = TerminalMarkdown.hardWrap(String(line.text), width: width - prompt.count)
            for (k, piece) in pieces.enumerated() {
                lines.append((k == 0 ? Ansi.dim(prompt, when: color) : String(repeating: " ", count: prompt.count)) + piece)
            }
        }
        return lines
    }

    /// Where the cell's code starts in the slide's lines.
    func codeStart(_ slide: PresenterSlide) -> Int {
        guard PresenterSlides.hasText(slide.lead) else { return 0 }
        return TerminalMarkdown.render(slide.lead, width: min(width, 100), color: color).count + 1
    }

    func wrapped(_ text: String) -> [String] {
        var lines = NotebookDocument.splitLines(text).map { String($0.text) }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.flatMap { TerminalMarkdown.hardWrap($0, width: width) }
    }

    func header() -> String {
        var s = Ansi.bold(title, when: color) + "  ·  \(current + 1)/\(slides.count)"
        if let cell = slides[current].cell {
            s += "  ·  cell \(cell + 1)"
            if state.isEdited(cell) { s += " (edited)" }
        }
        return s
    }

    func status(lines: Int) -> String {
        if !jump.isEmpty { return "go to slide \(jump)▏ Enter go · Esc cancel" }
        var parts: [String] = []
        if let note { parts.append(note) }
        let slide = slides[current]
        let unrun = slide.cell.map { outputs[$0] == nil } ?? false
        let more = io.isTerminal && offset + viewport < lines
        parts.append(unrun ? "space run" : more ? "space more" : current + 1 < slides.count ? "space next" : "the end")
        parts.append("← back · 1-\(slides.count)⏎ jump")
        if slide.cell != nil { parts.append("e edit") }
        parts.append(": ask · ? keys · q quit")
        if io.isTerminal, lines > viewport {
            parts.append("lines \(offset + 1)–\(min(offset + viewport, lines))/\(lines)")
        }
        return parts.joined(separator: " · ")
    }

    func draw() {
        if let size = io.size?() {
            columns = size.width
            self.lines = size.height
        }
        let lines = body()
        guard io.isTerminal else {
            io.out(String(repeating: "═", count: 60) + "\n" + header() + "\n\n")
            io.out(lines.map { $0 + "\n" }.joined())
            io.out("\n[" + status(lines: lines.count) + "]\n")
            return
        }
        offset = max(0, min(offset, lines.count - viewport))
        var screen = "\u{1B}[H\u{1B}[2J" + TerminalMarkdown.hardWrap(header(), width: width)[0] + "\r\n\r\n"
        for line in lines[offset..<min(lines.count, offset + viewport)] { screen += line + "\r\n" }
        let statusText = TerminalMarkdown.hardWrap(status(lines: lines.count), width: width - 1)[0]
        screen += "\u{1B}[\(self.lines);1H" + Ansi.dim(statusText, when: color)
        io.out(screen)
    }

    /// A cell's output for the screen: the terminal's width, colour on a terminal.
    func render(_ outcomes: [Outcome], source: String) -> String {
        var s = state.session.settings
        s.width = width
        s.color = color
        s.timer = false
        var text = ""
        for outcome in outcomes where outcome.kind.isRecorded {
            let r = OutcomeRenderer.render(NotebookOutput.forNotebook(outcome), source: source, settings: s, batch: false)
            text += r.stdout + r.stderr
        }
        return NotebookOutput.normalizePaths(text, baseDirectory: state.baseDirectory)
    }
}
