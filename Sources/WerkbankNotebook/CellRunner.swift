import WerkbankEngine
import WerkbankLanguage
import WerkbankRender

/// Builds the session a replay runs in (the command line passes one on the
/// bundled Library, or on `--library DIR`).
public typealias SessionFactory = () throws(EngineError) -> Session

/// How notebook output is made: the same for the shell's recording and a
/// replay, so the same statements on the same data give the same bytes.
public enum NotebookOutput {
    /// The fixed width of notebook output, whatever the terminal.
    public static let width = 100

    /// The session's settings with what a notebook fixes: width 100, no
    /// colour, no timer, table cells wrapped rather than cut (the Markdown
    /// file shows every value).
    public static func settings(_ s: Settings) -> Settings {
        var s = s
        s.width = width
        s.wrapCells = true
        s.color = false
        s.colorAuto = false
        s.timer = false
        return s
    }

    /// Whether a statement belongs in a notebook: `note`, `notebook`, `help`,
    /// `version`, `exit`/`quit`, `set color` and `set timer` do not (they
    /// change nothing a notebook shows).
    public static func isRecorded(_ statement: String) -> Bool {
        let words = statement.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).prefix(2).map { $0.lowercased() }
        guard let first = words.first else { return false }
        switch first {
        case "note", "notebook", "help", "version", "exit", "quit": return false
        case "set": return !(words.count > 1 && (words[1] == "color" || words[1] == "timer"))
        default: return true
        }
    }

    /// The text a notebook records for one input: for each recorded
    /// statement, its stdout then its stderr, as the shell shows them.
    /// `baseDirectory` is the folder paths were resolved against; it is
    /// taken out of the text, so that no absolute path of this machine
    /// gets into a notebook.
    public static func render(_ outcomes: [Outcome], source: String, settings: Settings,
                              baseDirectory: String) -> (text: String, failed: Bool) {
        let s = Self.settings(settings)
        var text = ""
        var failed = false
        for outcome in outcomes where isRecorded(outcome.statement) {
            let r = OutcomeRenderer.render(outcome, source: source, settings: s, batch: false)
            text += r.stdout + r.stderr
            if case .failure = outcome.result { failed = true }
        }
        return (normalizePaths(text, baseDirectory: baseDirectory), failed)
    }

    static func normalizePaths(_ text: String, baseDirectory: String) -> String {
        let neutral = "hint: paths are relative to the notebook's folder"
        var text = text.replacingAll("hint: paths are relative to the current folder", with: neutral)
        let base = baseDirectory.hasSuffix("/") ? String(baseDirectory.dropLast()) : baseDirectory
        guard !base.isEmpty, base != "." else { return text }
        text = text.replacingAll("hint: paths are relative to " + base, with: neutral)
        return text.replacingAll(base + "/", with: "")
    }

    /// `path` resolved against `base` as the session resolves file paths.
    static func resolve(_ path: String, base: String) -> String {
        ExecutionContext(cancel: CancellationToken(), baseDirectory: base, allowWrite: false).resolve(path)
    }
}

/// Compares outputs the way a reader would: line by line, ignoring trailing
/// spaces (editors strip them) and trailing blank lines; a `save` that a
/// replay skipped matches the recorded `saved …` line for the same file.
enum OutputComparison {
    /// An output's lines as written in an output block.
    static func lines(_ s: String) -> [Substring] {
        var lines = NotebookDocument.splitLines(s).map { $0.text.trimmingTrailingWhitespace() }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    static func canonical(_ s: String) -> [String] {
        lines(s).map { line in
            if let path = savePath(line) { return "save → " + path }
            return String(line)
        }
    }

    /// Equal after the notebook's sanitizers have rewritten both sides.
    static func same(recorded: String, now: String, sanitizers: [OutputSanitizer] = []) -> Bool {
        if canonical(recorded) == canonical(now) { return true }
        guard !sanitizers.isEmpty else { return false }
        return canonical(OutputSanitizer.apply(sanitizers, to: recorded)) == canonical(OutputSanitizer.apply(sanitizers, to: now))
    }

    static let skippedPrefix = "save skipped: not writing "
    static let skippedSuffix = " (replays write files only with --allow-write)"

    /// The file of a `save` message line (`saved 3 rows × 2 columns to x.csv`,
    /// or the replay's `save skipped: not writing x.csv (…)`).
    static func savePath(_ line: Substring) -> String? {
        if line.hasPrefix(skippedPrefix), line.hasSuffix(skippedSuffix) {
            return String(line.dropFirst(skippedPrefix.count).dropLast(skippedSuffix.count))
        }
        if line.hasPrefix("saved "), let r = line.firstRange(of: " to ") {
            return String(line[r.upperBound...])
        }
        return nil
    }

    /// The output to write on `--update`: `now`, except that a save the
    /// replay skipped keeps its recorded line.
    static func merged(recorded: String?, now: String) -> String {
        guard let recorded else { return now }
        var saved: [String: Substring] = [:]
        for line in lines(recorded) where line.hasPrefix("saved ") {
            if let p = savePath(line) { saved[p] = line }
        }
        if saved.isEmpty { return now }
        return lines(now).map { line -> String in
            if line.hasPrefix(skippedPrefix), let p = savePath(line), let s = saved[p] { return String(s) }
            return String(line)
        }.joined(separator: "\n") + "\n"
    }
}

/// Answers `note` and `notebook` in a replay: a replay records nothing and
/// writes no notebook.
final class ReplayNotebookHandler: NotebookHandler {
    func record(_ input: String, outcomes: [Outcome], session: Session) {}
    func note(_ text: String) throws(Diagnostic) {}
    func perform(_ command: NotebookCommand, session: Session) throws(Diagnostic) -> StatementResult {
        if case .save = command { return .message("notebook save skipped: a replay writes no notebook") }
        return .nothing
    }
}

/// The datasets a session has read, with the sha256 of each at first use.
struct DatasetTracker {
    /// The Library's tables and how to hash them, taken when the session was
    /// fresh (a `let` may later hide a Library name).
    let library: [String: @Sendable () -> String?]
    private var tablesSeen = 0
    private var filesSeen = 0
    private(set) var pins: [DatasetPin] = []
    private var files: [DatasetPin] = []
    /// Files the notebook itself writes (resolved, standardized): never pinned.
    var written: Set<String> = []

    init(session: Session) {
        var library: [String: @Sendable () -> String?] = [:]
        for name in session.catalog.names {
            guard let entry = session.catalog.entry(name), case .library = entry.origin, let hash = entry.contentHash else { continue }
            library[name] = hash
        }
        self.library = library
    }

    /// Takes in the tables and files the session read since the last call.
    mutating func update(_ session: Session) {
        let tables = session.tablesUsed
        for name in tables.dropFirst(tablesSeen) {
            guard let hash = library[name] else { continue }
            // A name that now stands for a loaded file is pinned as that file.
            if let entry = session.catalog.entry(name), case .file = entry.origin { continue }
            if pins.contains(where: { $0.kind == .table && $0.name == name }) { continue }
            if let h = hash() { pins.append(DatasetPin(kind: .table, name: name, sha256: h)) }
        }
        tablesSeen = tables.count
        let read = session.filesRead
        for file in read.dropFirst(filesSeen) {
            if files.contains(where: { $0.name == file.written }) { continue }
            if written.contains(NotebookPaths.standardized(file.resolved)) { continue }
            if let h = SHA256.hexOfFile(file.resolved) { files.append(DatasetPin(kind: .file, name: file.written, sha256: h)) }
        }
        filesSeen = read.count
    }

    /// Library tables first, then files, each in order of first use.
    var all: [DatasetPin] { pins + files }

    /// The sha256 of a pinned dataset as it is now.
    func currentHash(_ pin: DatasetPin, baseDirectory: String) -> String? {
        switch pin.kind {
        case .table: return library[pin.name].flatMap { $0() }
        case .file: return SHA256.hexOfFile(NotebookOutput.resolve(pin.name, base: baseDirectory))
        }
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
