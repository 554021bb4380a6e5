import Foundation
import WerkbankEngine
import WerkbankLanguage

/// A fresh session that runs a notebook's cells: paths resolve against the
/// notebook's folder, files are written only with `allowWrite`, and `note`
/// and `notebook` statements do nothing. Before a cell runs, the replay knows
/// (from the statements, see `StatementFiles`) which files the notebook
/// writes: without `allowWrite`, a cell that reads a file an earlier cell
/// writes is not run but fails, naming both cells and the flag (it would
/// read a stale file); a file the notebook writes is never pinned.
final class Replay {
    let session: Session
    let baseDirectory: String
    private let handler = ReplayNotebookHandler()
    private(set) var tracker: DatasetTracker
    /// Resolved path → the number of the first cell that writes it.
    private var writers: [String: Int] = [:]
    /// `--param NAME=PIPELINE`, by name.
    private var parameters: [String: String] = [:]
    /// The cells not run because they would read a file the replay did not write.
    private(set) var notRun: Set<Int> = []

    init(makeSession: SessionFactory, baseDirectory: String, allowWrite: Bool) throws(EngineError) {
        session = try makeSession()
        session.baseDirectory = baseDirectory
        session.allowWrite = allowWrite
        session.settings = NotebookOutput.settings(session.settings)
        session.notebook = handler
        self.baseDirectory = baseDirectory
        tracker = DatasetTracker(session: session)
    }

    /// Learns what the notebook's cells write, and the parameters to apply.
    func prepare(_ document: NotebookDocument, parameters: [String: String] = [:]) throws(NotebookError) {
        for cell in document.cells {
            for use in StatementFiles.uses(in: cell.code) where use.kind == .write {
                let path = resolve(use.path)
                if writers[path] == nil { writers[path] = cell.number }
            }
        }
        tracker.written = Set(writers.keys)
        let cells = try document.parameterCells()
        let listed = document.frontMatter.parameters
        // The front matter's list is what a reader sees first: it must say
        // what the cells do.
        for p in cells where !listed.contains(where: { $0.name == p.name && ($0.defaultValue ?? p.pipeline) == p.pipeline }) {
            throw NotebookError(
                "the front matter's 'parameters:' must list this cell: - name: \(p.name) / default: "
                    + FrontMatter.quote(p.pipeline), line: p.cell.line)
        }
        for p in listed where !cells.contains(where: { $0.name == p.name }) {
            throw NotebookError("the front matter lists parameter \"\(p.name)\", but no cell is marked ```werkbank parameter for it")
        }
        let names = cells.map(\.name)
        for name in parameters.keys.sorted() where !names.contains(name) {
            throw NotebookError(
                "--param \(name): the notebook has no parameter cell \"\(name)\""
                    + (names.isEmpty
                        ? " (mark a `let \(name) = …` cell with ```werkbank parameter)" : " (its parameters: \(names.joined(separator: ", ")))"))
        }
        self.parameters = parameters
    }

    /// Runs a cell's statements (a parameter cell with its `--param` value).
    func run(_ cell: NotebookDocument.Cell) -> [Outcome] {
        let code = self.code(of: cell)
        if !session.allowWrite, let stale = staleRead(cell, code: code) {
            notRun.insert(cell.number)
            return [Outcome(statement: code, kind: .pipeline, result: .failure(stale), settings: session.settings)]
        }
        let outcomes = session.run(code)
        tracker.update(session)
        return outcomes
    }

    /// The cell's code, with a parameter's value in place of its pipeline.
    func code(of cell: NotebookDocument.Cell) -> String {
        guard cell.markers.contains(.parameter), let p = NotebookDocument.parameter(in: cell.code),
            let value = parameters[p.name]
        else { return cell.code }
        return "let \(p.name) = \(value)"
    }

    /// A read of a file that this replay did not write although an earlier
    /// cell (or an earlier statement of this cell) writes it.
    private func staleRead(_ cell: NotebookDocument.Cell, code: String) -> Diagnostic? {
        var writtenHere: Set<String> = []
        for use in StatementFiles.uses(in: code) {
            let path = resolve(use.path)
            if use.kind == .write {
                writtenHere.insert(path)
                continue
            }
            let writer = writtenHere.contains(path) ? cell.number : writers[path].flatMap { $0 < cell.number ? $0 : nil }
            guard let writer else { continue }
            let which = writer == cell.number ? "an earlier statement of this cell writes" : "cell \(writer) writes"
            return Diagnostic(
                "cell \(cell.number) reads \(use.path), which \(which), but this replay wrote no files", at: use.span,
                hint: "replay with --allow-write to let the notebook write \(use.path) first")
        }
        return nil
    }

    func resolve(_ path: String) -> String {
        NotebookPaths.standardized(NotebookOutput.resolve(path, base: baseDirectory))
    }

    /// The notebook text of a cell's outcomes.
    func text(_ outcomes: [Outcome], cell: NotebookDocument.Cell) -> NotebookOutput.CellOutput {
        NotebookOutput.render(outcomes, source: code(of: cell), settings: session.settings, baseDirectory: baseDirectory)
    }

    /// The folder of the notebook at `path`, absolute, for resolving its paths.
    static func folder(of path: String) -> String {
        URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL.path
    }
}

/// `werkbank run NB.md [--check | --update] [--until N] [--allow-write]`.
public struct NotebookReplayer {
    public enum Mode: Sendable {
        /// Replay and print every cell's output.
        case run
        /// Compare every cell's output with the recorded one.
        case check
        /// Rewrite the output blocks and the hashes.
        case update
    }

    public struct Options: Sendable {
        public var mode: Mode = .run
        /// Stop after this cell (1-based).
        public var until: Int?
        public var allowWrite = false
        /// `--param NAME=PIPELINE`: replaces the pipeline of the parameter cell NAME.
        public var parameters: [String: String] = [:]
        public init(mode: Mode = .run, until: Int? = nil, allowWrite: Bool = false, parameters: [String: String] = [:]) {
            self.mode = mode
            self.until = until
            self.allowWrite = allowWrite
            self.parameters = parameters
        }
    }

    /// The notebook's path as given (shown in messages).
    public let path: String
    public let document: NotebookDocument
    let makeSession: SessionFactory

    public init(path: String, document: NotebookDocument, makeSession: @escaping SessionFactory) {
        self.path = path
        self.document = document
        self.makeSession = makeSession
    }

    /// Replays the notebook; returns the exit code (0 ok; 1 a mismatch under
    /// `--check`, a failing cell in a plain run, or a file that could not be
    /// written under `--update`).
    public func run(_ options: Options, out: (String) -> Void, err: (String) -> Void) -> Int32 {
        if options.mode == .update && !options.parameters.isEmpty {
            err("werkbank: --update records the notebook's own analysis; it cannot go with --param\n")
            return 2
        }
        let replay: Replay
        do {
            replay = try Replay(makeSession: makeSession, baseDirectory: Replay.folder(of: path), allowWrite: options.allowWrite)
        } catch {
            err("werkbank: \(error.message)\n")
            return 2
        }
        do {
            try replay.prepare(document, parameters: options.parameters)
        } catch {
            err("werkbank: \(path)\(error.line.map { ":\($0)" } ?? ""): \(error.message)\n")
            return 2
        }
        // Every mode says first, on stderr, which pinned inputs changed.
        let changes = datasetChanges(replay)
        for line in changes { err("werkbank: \(line)\n") }
        let cells = document.cells.prefix(options.until ?? Int.max)
        switch options.mode {
        case .run: return plain(cells, replay, out: out, err: err)
        case .check: return check(cells, replay, dataChanged: !changes.isEmpty, out: out)
        case .update: return update(cells, replay, options: options, out: out, err: err)
        }
    }

    /// Says on stderr, one line per file, which pinned inputs changed since
    /// recording (for `present` and `export`; `run` says it itself).
    public func reportChangedInputs(err: (String) -> Void) {
        guard let replay = try? Replay(makeSession: makeSession, baseDirectory: Replay.folder(of: path), allowWrite: false),
            (try? replay.prepare(document)) != nil
        else { return }
        for line in datasetChanges(replay) { err("werkbank: \(line)\n") }
    }

    // MARK: run

    func plain(_ cells: ArraySlice<NotebookDocument.Cell>, _ replay: Replay, out: (String) -> Void, err: (String) -> Void) -> Int32 {
        var failed: [NotebookDocument.Cell] = []
        for cell in cells {
            let result = replay.text(replay.run(cell), cell: cell)
            var block = "── cell \(cell.number) · line \(cell.line) " + String(repeating: "─", count: 40) + "\n"
            for line in NotebookDocument.splitLines(replay.code(of: cell)) { block += "> " + line.text + "\n" }
            block += result.text
            if !result.text.isEmpty && result.text.utf8.last != 0x0A { block += "\n" }
            out(block + "\n")
            if result.failed != cell.markers.contains(.expectError) { failed.append(cell) }
        }
        guard !failed.isEmpty else { return 0 }
        let list = failed.map { "cell \($0.number) (line \($0.line))" + ($0.markers.contains(.expectError) ? ", which should fail," : "") }
            .joined(separator: ", ")
        err("werkbank: \(failed.count) cell\(failed.count == 1 ? "" : "s") failed: \(list)\n")
        return 1
    }

    // MARK: --check

    func check(_ cells: ArraySlice<NotebookDocument.Cell>, _ replay: Replay, dataChanged: Bool, out: (String) -> Void) -> Int32 {
        // Which data changed was said on stderr before the cells ran, so that
        // a reader knows whether the data or the code moved.
        let sanitizers = document.frontMatter.sanitizers
        var mismatches = 0
        for cell in cells {
            let result = replay.text(replay.run(cell), cell: cell)
            if cell.markers.contains(.ignoreOutput) { continue }
            let recorded = cell.recordedOutput ?? ""
            if cell.markers.contains(.expectError) && !result.failed {
                mismatches += 1
                out(
                    "cell \(cell.number) (line \(cell.line)) is marked expect-error but ran without an error:\n"
                        + LineDiff.unified(
                            OutputComparison.lines(recorded).map(String.init),
                            OutputComparison.lines(result.text).map(String.init), from: "recorded", to: "now") + "\n")
                continue
            }
            if OutputComparison.same(recorded: recorded, now: result, sanitizers: sanitizers) { continue }
            mismatches += 1
            out(mismatchReport(cell, recorded: recorded, now: result.text) + "\n")
        }
        let unpinned = replay.tracker.all.filter { pin in
            !document.frontMatter.datasets.contains { $0.kind == pin.kind && $0.name == pin.name }
        }
        for pin in unpinned {
            out("note: the notebook reads \(pin.name), which its front matter does not pin (run --update to pin it)\n")
        }
        let n = cells.count
        let of = "\(n) cell\(n == 1 ? "" : "s") of \(path)"
        if mismatches == 0 {
            out("checked \(of): all match" + (dataChanged ? " (run --update to record the new hashes)" : "") + "\n")
            return 0
        }
        out("checked \(of): \(n - mismatches) match, \(mismatches) differ\(mismatches == 1 ? "s" : "")\n")
        return 1
    }

    func mismatchReport(_ cell: NotebookDocument.Cell, recorded: String, now: String) -> String {
        let where_ = "cell \(cell.number) (line \(cell.line))"
        var text =
            cell.recordedOutput == nil
            ? "\(where_) has no recorded output, but now gives output:\n"
            : "\(where_) differs from its recorded output:\n"
        let from = cell.outputLine.map { "recorded (line \($0))" } ?? "recorded"
        text += LineDiff.unified(
            OutputComparison.lines(recorded).map(String.init),
            OutputComparison.lines(now).map(String.init), from: from, to: "now")
        return text
    }

    /// One line per pinned dataset whose bytes are not those recorded (a
    /// file the notebook writes is no input: never reported).
    func datasetChanges(_ replay: Replay) -> [String] {
        document.frontMatter.datasets.compactMap { pin in
            if pin.kind == .file, replay.tracker.written.contains(replay.resolve(pin.name)) { return nil }
            let kind = pin.kind == .table ? pin.name : "file \(pin.name)"
            guard let now = replay.tracker.currentHash(pin, baseDirectory: replay.baseDirectory) else {
                return pin.kind == .table
                    ? "\(kind) is no longer in the Library (recorded sha256 \(DatasetPin.short(pin.sha256)))"
                    : "\(kind) is missing (recorded sha256 \(DatasetPin.short(pin.sha256)))"
            }
            guard now != pin.sha256 else { return nil }
            return "\(kind) changed since this notebook was recorded (sha256 \(DatasetPin.short(pin.sha256)) → \(DatasetPin.short(now)))"
        }
    }

    // MARK: --update

    func update(
        _ cells: ArraySlice<NotebookDocument.Cell>, _ replay: Replay, options: Options,
        out: (String) -> Void, err: (String) -> Void
    ) -> Int32 {
        var outputs: [Int: String] = [:]
        var report = ""
        let sanitizers = document.frontMatter.sanitizers
        var blocked: [NotebookDocument.Cell] = []
        for cell in cells {
            let outcomes = replay.run(cell)
            // A cell that would read a stale file keeps what it recorded.
            if replay.notRun.contains(cell.number) {
                blocked.append(cell)
                continue
            }
            let result = replay.text(outcomes, cell: cell)
            // Output that is not compared is recorded once, for readers, and then left alone.
            if cell.markers.contains(.ignoreOutput) && cell.recordedOutput != nil { continue }
            let now = OutputComparison.merged(recorded: cell.recordedOutput, now: result)
            let recorded = cell.recordedOutput ?? ""
            if OutputComparison.same(recorded: recorded, now: result, sanitizers: sanitizers)
                && (cell.recordedOutput != nil || OutputComparison.lines(now).isEmpty)
            {
                continue
            }
            outputs[cell.number - 1] = now
            report += "cell \(cell.number) (line \(cell.line)): output updated\n"
            report +=
                LineDiff.unified(
                    OutputComparison.lines(recorded).map(String.init),
                    OutputComparison.lines(now).map(String.init),
                    from: "recorded", to: "now") + "\n"
        }
        // The pins: what the replay read, with today's hashes; under --until,
        // the recorded pins of the cells not run stay.
        var pins = replay.tracker.all
        if options.until != nil {
            for pin in document.frontMatter.datasets where !pins.contains(where: { $0.kind == pin.kind && $0.name == pin.name }) {
                pins.append(pin)
            }
        }
        let old = document.frontMatter.datasets
        var pinReport = ""
        for pin in pins {
            if let before = old.first(where: { $0.kind == pin.kind && $0.name == pin.name }) {
                if before.sha256 != pin.sha256 {
                    pinReport += "\(pin.name): sha256 \(DatasetPin.short(before.sha256)) → \(DatasetPin.short(pin.sha256))\n"
                }
            } else {
                pinReport += "\(pin.name): now pinned (sha256 \(DatasetPin.short(pin.sha256)))\n"
            }
        }
        for pin in old where !pins.contains(where: { $0.kind == pin.kind && $0.name == pin.name }) {
            pinReport += "\(pin.name): no longer read, unpinned\n"
        }
        let pinsChanged = pins != old
        if !blocked.isEmpty {
            // Never record a half-replayed notebook: nothing is written.
            let list = blocked.map { "cell \($0.number) (line \($0.line))" }.joined(separator: ", ")
            err(
                "werkbank: not updating \(path): \(list) read\(blocked.count == 1 ? "s" : "") a file that an earlier cell writes; "
                    + "replay with --update --allow-write so that those files are written first\n")
            return 1
        }
        guard !outputs.isEmpty || pinsChanged else {
            out("\(path) is up to date: \(cells.count) cell\(cells.count == 1 ? "" : "s") match\n")
            return 0
        }
        var frontMatter = document.frontMatter
        frontMatter.datasets = pins
        frontMatter.version = WerkbankVersion.current
        let text = document.rendered(outputs: outputs, frontMatter: frontMatter)
        do {
            try AtomicFile.write(Array(text.utf8), to: path)
        } catch {
            err("werkbank: cannot write \(path): \(error.message)\n")
            return 1
        }
        out(pinReport + (pinReport.isEmpty ? "" : "\n") + report)
        let n = outputs.count
        var parts: [String] = []
        if n > 0 { parts.append("\(n) output\(n == 1 ? "" : "s")") }
        if pinsChanged { parts.append("dataset hashes") }
        out("updated \(path): " + parts.joined(separator: " and ") + "\n")
        return 0
    }
}
