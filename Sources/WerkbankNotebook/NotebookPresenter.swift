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

    public init(out: @escaping (String) -> Void, err: @escaping (String) -> Void, readLine: @escaping () -> String?,
                isTerminal: Bool = false, width: Int = 100, height: Int = 40) {
        self.out = out
        self.err = err
        self.readLine = readLine
        self.isTerminal = isTerminal
        self.width = width
        self.height = height
    }
}

/// `werkbank present NB.md`: steps through a notebook in class. Each step
/// clears the screen and shows the prose before a cell (headings bold on a
/// terminal), then the cell; Enter runs it and shows its output (paged when
/// taller than the screen), Enter again goes on; `b` goes back, `q` quits.
/// Keys are read a line at a time, so stdin can drive it.
public struct NotebookPresenter {
    public let path: String
    public let document: NotebookDocument
    let makeSession: SessionFactory

    public init(path: String, document: NotebookDocument, makeSession: @escaping SessionFactory) {
        self.path = path
        self.document = document
        self.makeSession = makeSession
    }

    struct Step {
        var prose: String
        var cell: NotebookDocument.Cell?
    }

    var steps: [Step] {
        var steps = document.cells.map { Step(prose: $0.prose, cell: $0) }
        if document.trailingProse.contains(where: { !$0.isWhitespace }) || steps.isEmpty {
            steps.append(Step(prose: document.trailingProse, cell: nil))
        }
        return steps
    }

    public func present(_ io: NotebookIO) -> Int32 {
        let replay: Replay
        do {
            replay = try Replay(makeSession: makeSession, baseDirectory: Replay.folder(of: path), allowWrite: false)
        } catch {
            io.err("werkbank: \(error.message)\n")
            return 2
        }
        let steps = self.steps
        let title = document.frontMatter.title ?? NotebookRecorder.title(fromPath: path)
        let height = max(io.height, 8)
        var outputs: [Int: String] = [:]
        var index = 0
        func prompt(_ text: String) -> String? {
            io.out(Ansi.dim(text, when: io.isTerminal) + "\n")
            return io.readLine().map { $0.trimmingWhitespace().lowercased() }
        }
        /// Shows `text` page by page; false when the user quit.
        func page(_ lines: [Substring], used: Int, header: String) -> Bool {
            if used + lines.count + 1 <= height {
                io.out(lines.map { $0 + "\n" }.joined())
                return true
            }
            // Taller than the screen: the output gets screens of its own.
            let size = height - 3
            var start = 0
            while start < lines.count {
                let end = min(lines.count, start + size)
                clear()
                io.out(Ansi.dim(header, when: io.isTerminal) + "\n")
                io.out(lines[start..<end].map { $0 + "\n" }.joined())
                start = end
                guard start < lines.count else { break }
                switch prompt("── more: lines \(start + 1)–\(lines.count) · Enter next page · q quit ──") {
                case nil, "q": return false
                default: continue
                }
            }
            return true
        }
        func clear() {
            io.out(io.isTerminal ? "\u{1B}[2J\u{1B}[H" : String(repeating: "═", count: min(max(io.width, 20), 60)) + "\n")
        }

        while index < steps.count {
            let step = steps[index]
            clear()
            var screen = Ansi.bold(title, when: io.isTerminal) + "  ·  \(index + 1)/\(steps.count)\n\n"
            let prose = proseLines(step.prose, bold: io.isTerminal)
            if !prose.isEmpty { screen += prose.joined(separator: "\n") + "\n\n" }
            if let cell = step.cell {
                for (i, line) in NotebookDocument.splitLines(cell.code).enumerated() {
                    screen += (i == 0 ? "werkbank> " : "        | ") + line.text + "\n"
                }
            }
            io.out(screen)
            var used = screen.split(separator: "\n", omittingEmptySubsequences: false).count
            let last = index == steps.count - 1
            let next = last ? "Enter end" : "Enter next"
            guard let cell = step.cell else {
                switch prompt("[\(next) · b back · q quit]") {
                case nil, "q": return 0
                case "b": index = max(0, index - 1)
                default: if last { return 0 } else { index += 1 }
                }
                continue
            }
            if outputs[index] == nil {
                var action: String?
                repeat {
                    action = prompt("[Enter run · b back · q quit]")
                    used += 1
                } while action != nil && action != "" && action != "b" && action != "q"
                switch action {
                case nil, "q": return 0
                case "b":
                    index = max(0, index - 1)
                    continue
                default: break
                }
                outputs[index] = render(replay.run(cell), cell: cell, replay: replay, io: io)
            }
            let lines = NotebookDocument.splitLines(outputs[index] ?? "").map(\.text)
            io.out("\n")
            let first = NotebookDocument.splitLines(cell.code).first.map { String($0.text) } ?? ""
            guard page(lines, used: used + 1, header: "werkbank> " + first) else { return 0 }
            switch prompt("[\(next) · b back · q quit]") {
            case nil, "q": return 0
            case "b": index = max(0, index - 1)
            default: if last { return 0 } else { index += 1 }
            }
        }
        return 0
    }

    /// A cell's output for the screen: the terminal's width, colour on a terminal.
    func render(_ outcomes: [Outcome], cell: NotebookDocument.Cell, replay: Replay, io: NotebookIO) -> String {
        var s = replay.session.settings
        s.width = max(io.width, 20)
        s.color = io.isTerminal
        s.timer = false
        var text = ""
        for outcome in outcomes where NotebookOutput.isRecorded(outcome.statement) {
            let r = OutcomeRenderer.render(outcome, source: cell.code, settings: s, batch: false)
            text += r.stdout + r.stderr
        }
        return NotebookOutput.normalizePaths(text, baseDirectory: replay.baseDirectory)
    }

    /// Prose lines without the blank lines around them; on a terminal,
    /// headings are bold without their `#` marks.
    func proseLines(_ prose: String, bold: Bool) -> [String] {
        var lines = NotebookDocument.splitLines(prose).map { String($0.text) }
        while lines.first?.trimmingWhitespace().isEmpty == true { lines.removeFirst() }
        while lines.last?.trimmingWhitespace().isEmpty == true { lines.removeLast() }
        guard bold else { return lines }
        return lines.map { line in
            guard line.hasPrefix("#") else { return line }
            let text = line.drop(while: { $0 == "#" })
            guard text.isEmpty || text.first == " " else { return line }
            return Ansi.bold(String(text.trimmingWhitespace()))
        }
    }
}
