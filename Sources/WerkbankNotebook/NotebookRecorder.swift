import Foundation
import WerkbankEngine
import WerkbankLanguage

/// Records a shell session as a notebook: every input whose statements ran
/// to completion becomes a cell with the output the user saw (at width 100,
/// without colour); a failed or cancelled statement is not recorded unless
/// `notebook keep` asks for it (as an `expect-error` cell). `note "TEXT"`
/// adds a paragraph of prose; `notebook show`, `drop N` and `undo` edit the
/// record; `notebook save "PATH"` writes it; `notebook clear` starts over.
/// Every change is journalled (`NotebookJournal`), and `notebook recover`
/// brings back the record of a session that ended without saving.
///
/// The shell keeps the recorder alive (the session holds it weakly):
///
/// ```swift
/// let recorder = NotebookRecorder(session: session)
/// let outcomes = session.run(line)
/// recorder.record(line, outcomes: outcomes, session: session)
/// ```
///
/// Saving never overwrites a file it did not write without being asked
/// twice: a save over an existing file that differs and that this session
/// did not write (or that changed on disk since this session wrote it) is
/// refused with a message; the same `notebook save` repeated right away
/// overwrites it.
public final class NotebookRecorder: NotebookHandler {
    public private(set) var blocks: [NotebookBlock] = [] {
        didSet { journalBlocks() }
    }
    /// The title written to the front matter; the first heading of a note
    /// when not set, else the file name.
    public var title: String?
    private var tracker: DatasetTracker?
    /// sha256 of the bytes this recorder last wrote, by resolved path.
    private var written: [String: String] = [:]
    /// A refused save, which the same save repeated at once overrides.
    private var refused: String?
    /// The last input that failed: what `notebook keep` records.
    private var lastFailure: (code: String, output: String)?
    /// The blocks as last saved: anything else is unsaved work.
    private var savedBlocks: [NotebookBlock] = []
    /// Where the record is journalled (nil: not journalled, e.g. no home).
    public private(set) var journalPath: String?
    private var journal: NotebookJournal?
    /// Where journals are kept (this session's, and those `notebook recover` reads).
    private let journalFolder: String?
    /// The folder the recorded paths are relative to (the session's).
    private var baseDirectory = "."

    /// `journalFolder`: where to journal (nil: the default, `NotebookJournal.folder()`).
    public init(title: String? = nil, journalled: Bool = false, journalFolder: String? = nil) {
        self.title = title
        self.journalFolder = journalFolder ?? NotebookJournal.folder()
        if journalled {
            journal = NotebookJournal.forThisSession(in: self.journalFolder)
            journalPath = journal?.path
        }
    }

    /// A recorder that answers the session's `note` and `notebook` statements
    /// and journals its record. The caller keeps the recorder alive; the
    /// session holds it weakly.
    public convenience init(session: Session, title: String? = nil, journalled: Bool = false, journalFolder: String? = nil) {
        self.init(title: title, journalled: journalled, journalFolder: journalFolder)
        tracker = DatasetTracker(session: session)
        baseDirectory = session.baseDirectory
        session.notebook = self
    }

    public var cellCount: Int {
        blocks.reduce(0) { if case .cell = $1 { $0 + 1 } else { $0 } }
    }

    /// Whether there are cells or notes that no `notebook save` wrote.
    public var hasUnsavedWork: Bool { blocks != savedBlocks && !blocks.isEmpty }

    // MARK: NotebookHandler

    public func record(_ input: String, outcomes: [Outcome], session: Session) {
        if tracker == nil { tracker = DatasetTracker(session: session) }
        tracker?.update(session)
        baseDirectory = session.baseDirectory
        let kept = outcomes.filter(\.kind.isRecorded)
        guard !kept.isEmpty else { return }
        let succeeded = kept.filter { if case .success = $0.result { true } else { false } }
        let failed = kept.filter { if case .failure = $0.result { true } else { false } }
        refused = nil
        // A cancelled input never becomes a cell, not even on request.
        lastFailure = nil
        if !failed.isEmpty, !session.cancel.isCancelled {
            let code = failed.map(\.statement).joined(separator: "\n")
            let output = NotebookOutput.render(
                failed, source: input, settings: session.settings,
                baseDirectory: session.baseDirectory)
            lastFailure = (code, output.text)
        }
        guard !succeeded.isEmpty else { return }
        // The input as typed when all of it ran; else the statements that did.
        let code = failed.isEmpty ? Self.code(input) : succeeded.map(\.statement).joined(separator: "\n")
        let output = NotebookOutput.render(
            succeeded, source: input, settings: session.settings,
            baseDirectory: session.baseDirectory)
        blocks.append(.cell(code: code, output: output.text))
    }

    public func note(_ text: String) throws(Diagnostic) {
        let t = text.trimmingCharacters(in: .newlines)
        guard !t.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw Diagnostic("a note needs some text", at: nil, hint: "note \"What the table shows, and why it matters\"")
        }
        refused = nil
        blocks.append(.prose(t))
    }

    public func perform(_ command: NotebookCommand, session: Session) throws(Diagnostic) -> StatementResult {
        switch command {
        case .save(let path, let span): return .message(try save(path: path, span: span, session: session))
        case .clear: return .message(clear(session: session))
        case .show: return .table(show(), .table)
        case .drop(let n, let span): return .message(try drop(n, span: span))
        case .undo: return .message(try undo())
        case .keep: return .message(try keep())
        case .recover: return .message(try recover(session: session))
        }
    }

    func save(path: String, span: SourceSpan, session: Session) throws(Diagnostic) -> String {
        guard session.allowWrite else {
            return "notebook save skipped: not writing \(path) (replays write files only with --allow-write)"
        }
        let ext = (path as NSString).pathExtension.lowercased()
        guard ext == "md" || ext == "markdown" else {
            throw Diagnostic("a notebook is a Markdown file", at: span, hint: "end the path in .md")
        }
        guard !blocks.isEmpty else {
            throw Diagnostic(
                "nothing to save yet: the notebook has no cells", at: span,
                hint: "run a statement or add a note first")
        }
        if tracker == nil { tracker = DatasetTracker(session: session) }
        tracker?.update(session)
        let resolved = NotebookOutput.resolve(path, base: session.baseDirectory)
        // A replay resolves paths against the notebook's folder.
        let folder = (resolved as NSString).deletingLastPathComponent
        let moved = NotebookPaths.move(blocks, from: session.baseDirectory, to: folder)
        let pins = NotebookPaths.pins(tracker?.all ?? [], of: blocks, from: session.baseDirectory, to: folder)
        let text = document(blocks: moved.blocks, pins: pins, defaultTitle: Self.title(fromPath: path))
        let bytes = Array(text.utf8)
        let hash = SHA256.hex(bytes)

        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory) {
            if isDirectory.boolValue {
                throw Diagnostic("\(path) is a folder", at: span, hint: "give a file name ending in .md")
            }
            let existing = SHA256.hexOfFile(resolved)
            if existing == hash {
                written[resolved] = hash
                savedBlocks = blocks
                return "notebook \(path) is already up to date (\(summary))"
            }
            let ours = existing != nil && written[resolved] == existing
            if !ours && refused != resolved {
                refused = resolved
                let what =
                    written[resolved] != nil
                    ? "\(path) changed on disk since this session saved it"
                    : "\(path) already exists and was not written by this session"
                throw Diagnostic(
                    what + "; not overwriting it", at: span,
                    hint: "repeat the same notebook save to overwrite it, or save under another name")
            }
        }
        do {
            try AtomicFile.write(bytes, to: resolved)
        } catch {
            throw Diagnostic("cannot save the notebook: \(error.message)", at: span)
        }
        written[resolved] = hash
        refused = nil
        savedBlocks = blocks
        return (["saved notebook \(path) (\(summary))"] + moved.warnings).joined(separator: "\n")
    }

    func clear(session: Session) -> String {
        let n = cellCount
        blocks.removeAll()
        savedBlocks = []
        refused = nil
        lastFailure = nil
        // Pin only what the cells recorded from now on read.
        session.forgetUsage()
        tracker = DatasetTracker(session: session)
        return "notebook cleared (\(n) cell\(n == 1 ? "" : "s") dropped)"
    }

    /// One row per block: its number (for `notebook drop`), its kind, its
    /// first line, and the first line of a cell's output.
    func show() -> Table {
        var kinds: [String?] = [], texts: [String?] = [], outputs: [String?] = []
        for block in blocks {
            switch block {
            case .prose(let t):
                kinds.append("note")
                texts.append(Self.oneLine(t))
                outputs.append("")
            case .cell(let code, let output, let markers):
                kinds.append(markers.contains(.expectError) ? "cell, expect-error" : "cell")
                texts.append(Self.oneLine(code))
                outputs.append(Self.summaryLine(output))
            }
        }
        return Table(
            [
                ("n", Column(.int((0..<blocks.count).map { Int64($0 + 1) }))), ("kind", .strings(kinds)),
                ("text", .strings(texts)), ("output", .strings(outputs)),
            ], rowCount: blocks.count)
    }

    func drop(_ n: Int, span: SourceSpan) throws(Diagnostic) -> String {
        guard n <= blocks.count else {
            throw Diagnostic("there is no cell or note \(n): the notebook has \(blocks.count)", at: span, hint: "see notebook show")
        }
        let removed = blocks.remove(at: n - 1)
        return "dropped \(Self.describe(removed)) (\(blocks.count) left)"
    }

    func undo() throws(Diagnostic) -> String {
        guard let removed = blocks.popLast() else {
            throw Diagnostic("nothing to undo: the notebook has no cells or notes", at: nil)
        }
        return "dropped the last \(Self.describe(removed)) (\(blocks.count) left)"
    }

    func keep() throws(Diagnostic) -> String {
        guard let failure = lastFailure else {
            throw Diagnostic(
                "no failed statement to keep", at: nil,
                hint: "notebook keep right after a statement that failed records it as an expected error")
        }
        lastFailure = nil
        blocks.append(.cell(code: failure.code, output: failure.output, markers: [.expectError]))
        return "kept the failed statement as an expect-error cell (a replay checks that it still fails this way)"
    }

    /// Brings back the newest journal of a session that ended without saving:
    /// its cells and notes are appended, and its cells run again (without
    /// being recorded twice) so that their tables are back.
    func recover(session: Session) throws(Diagnostic) -> String {
        guard let path = NotebookJournal.orphans(in: journalFolder).first else {
            throw Diagnostic(
                "no unsaved session to recover", at: nil,
                hint: "journals are kept in \(journalFolder ?? "$XDG_STATE_HOME/werkbank/journal")")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Diagnostic("cannot read the journal \(path)", at: nil)
        }
        let document: NotebookDocument
        do { document = try NotebookDocument.parse(bytes: Array(data)) } catch {
            throw Diagnostic("the journal \(path) cannot be read: \(error.message)", at: nil)
        }
        var recovered: [NotebookBlock] = []
        for cell in document.cells {
            let prose = cell.prose.trimmingCharacters(in: .whitespacesAndNewlines)
            if !prose.isEmpty { recovered.append(.prose(prose)) }
            recovered.append(.cell(code: cell.code, output: cell.recordedOutput ?? "", markers: cell.markers))
        }
        let trailing = document.trailingProse.trimmingCharacters(in: .whitespacesAndNewlines)
        if !trailing.isEmpty { recovered.append(.prose(trailing)) }
        // Paths were written against the old session's folder.
        if let folder = document.frontMatter.sessionFolder {
            recovered = NotebookPaths.move(recovered, from: folder, to: session.baseDirectory).blocks
        }
        var failures = 0
        let handler = session.notebook
        session.notebook = nil  // the recovered cells are recorded as they were, not again
        for case .cell(let code, _, let markers) in recovered where !markers.contains(.expectError) {
            let outcomes = session.run(code)
            if outcomes.contains(where: { if case .failure = $0.result { true } else { false } }) { failures += 1 }
        }
        session.notebook = handler
        tracker?.update(session)
        blocks += recovered
        unlink(path)
        let cells = recovered.filter { if case .cell = $0 { true } else { false } }.count
        var message =
            "recovered \(cells) cell\(cells == 1 ? "" : "s") and \(recovered.count - cells) note\(recovered.count - cells == 1 ? "" : "s") from \(path); their cells ran again"
        if failures > 0 { message += "\nwarning: \(failures) of them failed now (see notebook show; notebook drop N removes one)" }
        return message
    }

    /// Called when the shell ends: removes the journal when everything is
    /// saved; otherwise says where the unsaved work is.
    public func leaving() -> String? {
        guard hasUnsavedWork else {
            journal?.remove()
            return nil
        }
        let cells = cellCount, notes = blocks.count - cellCount
        var what = cells == 1 ? "1 unsaved cell" : "\(cells) unsaved cells"
        if notes > 0 { what += notes == 1 ? " and 1 note" : " and \(notes) notes" }
        guard let journalPath else { return "warning: \(what) lost (no journal: HOME is not set)" }
        return "\(what) kept in \(journalPath)\n  in the next session: notebook recover, then notebook save \"NAME.md\""
    }

    // MARK: Journal

    private func journalBlocks() {
        guard let journal else { return }
        if blocks.isEmpty {
            journal.remove()
            return
        }
        var frontMatter = FrontMatter(title: title ?? firstHeading(), datasets: tracker?.all ?? [])
        frontMatter.sessionFolder = NotebookPaths.absolute(baseDirectory)
        // Best effort: a journal that cannot be written must not stop the session.
        try? journal.write(NotebookDocument.compose(frontMatter: frontMatter, blocks: blocks))
    }

    static func describe(_ block: NotebookBlock) -> String {
        switch block {
        case .prose(let t): "note \"\(clip(firstLine(t)))\""
        case .cell(let code, _, _): "cell \"\(clip(firstLine(code)))\""
        }
    }

    /// The lines of a cell or note on one line.
    static func oneLine(_ text: String) -> String {
        text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    /// The first line of an output that is not part of a table's frame or
    /// body: a table's shape (`3 rows × 2 columns`), a message, an error.
    static func summaryLine(_ output: String) -> String {
        let lines = output.split(separator: "\n")
        let framed: Set<Character> = ["┌", "│", "├", "└"]
        return String(lines.first { !($0.first.map(framed.contains) ?? true) } ?? lines.first ?? "")
    }

    static func firstLine(_ text: String) -> String {
        String(text.split(separator: "\n", omittingEmptySubsequences: true).first ?? "")
    }

    static func clip(_ s: String) -> String { s.count > 60 ? String(s.prefix(59)) + "…" : s }

    // MARK: The document

    /// The notebook as it would be saved now (paths as the session wrote them).
    public func document(defaultTitle: String? = nil) -> String {
        document(blocks: blocks, pins: tracker?.all ?? [], defaultTitle: defaultTitle)
    }

    func document(blocks: [NotebookBlock], pins: [DatasetPin], defaultTitle: String?) -> String {
        let title = self.title ?? firstHeading() ?? defaultTitle
        return NotebookDocument.compose(frontMatter: FrontMatter(title: title, datasets: pins), blocks: blocks)
    }

    private var summary: String {
        let n = cellCount, d = tracker?.all.count ?? 0
        return "\(n) cell\(n == 1 ? "" : "s"), \(d) dataset\(d == 1 ? "" : "s") pinned"
    }

    private func firstHeading() -> String? {
        for case .prose(let text) in blocks {
            for line in text.split(separator: "\n") where line.hasPrefix("#") {
                let t = line.drop(while: { $0 == "#" }).trimmingWhitespace()
                if !t.isEmpty { return String(t) }
            }
        }
        return nil
    }

    static func code(_ input: String) -> String {
        var code = input
        while let last = code.unicodeScalars.last, last == "\n" || last == "\r" {
            code.unicodeScalars.removeLast()
        }
        return code
    }

    /// "notes/cases-compared.md" → "cases compared".
    static func title(fromPath path: String) -> String {
        let base = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return base.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
    }
}
