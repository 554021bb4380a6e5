import Foundation
import WerkbankEngine
import WerkbankRender

/// What a statement produced.
public enum StatementResult: Sendable {
    case table(Table, Presentation)
    /// A message that is not a result (`let`, `load … as`, `save`).
    case message(String)
    /// Text shown as is (help).
    case text(String)
    case nothing
    case exit
}

/// One statement and what came of it, as values: its kind, its result
/// (table, message or diagnostic), the files it read and what it did besides
/// (files written). The shell renders it, the notebook records and compares
/// it, the HTML export draws it; nobody parses the text back.
public struct Outcome: Sendable {
    /// The statement's text as typed (what a notebook cell or a later `|`
    /// line reuses).
    public var statement: String
    public var kind: StatementKind
    public var result: Result<StatementResult, Diagnostic>
    /// What the statement did besides its result, in order (`save`).
    public var events: [StatementEvent]
    /// Files read, as written in the statement.
    public var filesRead: [String]
    public var seconds: Double
    /// The settings in force when the statement finished: a later `set` in the
    /// same input must not change how this result looks.
    public var settings: Settings

    public init(
        statement: String, kind: StatementKind, result: Result<StatementResult, Diagnostic>,
        events: [StatementEvent] = [], filesRead: [String] = [], seconds: Double = 0, settings: Settings
    ) {
        self.statement = statement
        self.kind = kind
        self.result = result
        self.events = events
        self.filesRead = filesRead
        self.seconds = seconds
        self.settings = settings
    }

    /// Files written, as written in the statement.
    public var filesWritten: [String] {
        events.compactMap { if case .wrote(let path, _, _) = $0 { path } else { nil } }
    }

    /// The statement's error, if it failed.
    public var diagnostic: Diagnostic? {
        if case .failure(let d) = result { d } else { nil }
    }
}

/// Records a shell session as a notebook and answers `note` and `notebook`
/// statements (the notebook module provides one; the shell feeds it).
public protocol NotebookHandler: AnyObject {
    /// One input (a cell) and what its statements produced.
    func record(_ input: String, outcomes: [Outcome], session: Session)
    func note(_ text: String) throws(Diagnostic)
    /// Answers a `notebook …` statement.
    func perform(_ command: NotebookCommand, session: Session) throws(Diagnostic) -> StatementResult
}

/// A session: the tables in scope, the settings, and the statement runner.
public final class Session: @unchecked Sendable {
    public var settings = Settings()
    public let catalog: Catalog
    public var baseDirectory: String
    public var allowWrite: Bool
    public let cancel = CancellationToken()
    public weak var notebook: NotebookHandler?
    /// Whether pipelines carry only the columns later stages read (always,
    /// but for the tests that compare results with and without it).
    public var pruneColumns = true
    /// Files read, as written in the statement and as resolved, in order of first
    /// reading; notebooks pin their hashes.
    public private(set) var filesRead: [(written: String, resolved: String)] = []
    /// Tables used by name, in order of first use (for notebook hashes).
    public private(set) var tablesUsed: [String] = []
    /// The SQL engines connected to (`connect`), in order.
    public internal(set) var connections: [Connection] = []
    /// A connection's tables brought into werkbank for the stages of a
    /// pipeline that run here (`EnginePipeline`), by name, while it runs.
    var fetchedRemote: [String: Table] = [:]

    public init(catalog: Catalog = Catalog(), baseDirectory: String = ".", allowWrite: Bool = true) {
        self.catalog = catalog
        self.baseDirectory = baseDirectory
        self.allowWrite = allowWrite
    }

    /// Runs every statement of `source` in order; an error ends only its own
    /// statement. `each` sees every outcome as soon as it is there.
    /// `resettingCancel: false` leaves `cancel` as the caller set it (the
    /// shell resets it itself, so that a Ctrl-C just before the run is not lost).
    public func run(_ source: String, resettingCancel: Bool = true, each: (Outcome) -> Void = { _ in }) -> [Outcome] {
        let lexed = Lexer.tokenize(source)
        var outcomes: [Outcome] = []
        // Statements before the first lexical error run; from there on the
        // statement boundaries are unknowable (an unterminated string), so the
        // error ends the batch.
        let lexError = lexed.errors.first
        // Ctrl-C stops the running statement and the ones after it in this input.
        if resettingCancel { cancel.reset() }
        for tokens in StatementSplitter.split(lexed.tokens) {
            if cancel.isCancelled { break }
            if let lexError {
                // Only a statement that ended (a `;` or line break) before the error runs.
                let end = tokens.last?.span.end ?? 0, errorStart = lexError.span?.start ?? 0
                let closed = lexed.tokens.contains {
                    ($0.kind == .semicolon || $0.kind == .newline) && $0.span.start >= end && $0.span.start < errorStart
                }
                if !closed { break }
            }
            let text = sourceText(source, tokens)
            let started = DispatchTime.now()
            let context = ExecutionContext(cancel: cancel, baseDirectory: baseDirectory, allowWrite: allowWrite)
            var result: Result<StatementResult, Diagnostic>
            var kind = StatementKind(unparsed: tokens)
            do {
                var parser = Parser(tokens)
                let statement = try parser.parseStatement()
                kind = StatementKind(statement)
                result = .success(try execute(statement, source: source, context: context))
            } catch {
                result = .failure(error)
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
            let outcome = Outcome(
                statement: text, kind: kind, result: result, events: context.events,
                filesRead: context.filesRead, seconds: seconds, settings: settings)
            outcomes.append(outcome)
            each(outcome)
            if case .success(.exit) = result { return outcomes }
        }
        if let lexError {
            let outcome = Outcome(
                statement: source, kind: StatementKind(unparsed: lexed.tokens[...]), result: .failure(lexError),
                settings: settings)
            outcomes.append(outcome)
            each(outcome)
        }
        return outcomes
    }

    func sourceText(_ source: String, _ tokens: ArraySlice<Token>) -> String {
        guard let first = tokens.first, let last = tokens.last(where: { $0.kind != .end }) else { return "" }
        let bytes = Array(source.utf8)
        let start = min(first.span.start, bytes.count), end = min(max(last.span.end, start), bytes.count)
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    // MARK: Statements

    func execute(_ statement: StatementNode, source: String, context: ExecutionContext) throws(Diagnostic) -> StatementResult {
        switch statement {
        case .pipeline(let p):
            let (table, presentation) = try runPipeline(p, source: source, context: context)
            return .table(table, presentation)
        case .statement(let s):
            return try s.execute(self, source: source, context)
        }
    }

    /// Forgets which tables and files were used (a notebook started over).
    public func forgetUsage() {
        tablesUsed.removeAll()
        filesRead.removeAll()
    }

    /// A table in scope by name, with a did-you-mean when it is not.
    func resolve(_ name: String, _ span: SourceSpan) throws(Diagnostic) -> Table {
        do {
            if let t = try catalog.table(name) {
                if !tablesUsed.contains(name) { tablesUsed.append(name) }
                return t
            }
        } catch {
            throw Diagnostic("cannot load \(name): \(error.message)", at: span)
        }
        if name == "datasets" { return try datasetsTable() }
        // A connection's table binds on its columns; its rows stay in the engine.
        if let fetched = fetchedRemote[name] { return fetched }
        if let standIn = remoteStandIn(name) { return standIn }
        if let unknown = unknownRemoteTable(name, span) { throw unknown }
        throw Diagnostic(
            "unknown table \"\(name)\"", at: span,
            hint: DidYouMean.hint(name, among: catalog.names)
                ?? (catalog.names.isEmpty
                    ? "load a file first: load \"file.csv\" as name"
                    : "tables: " + catalog.names.joined(separator: ", ")))
    }

    func load(_ node: LoadNode, columns: Set<String>?, context: ExecutionContext) throws(Diagnostic) -> FileLoader.Loaded {
        let request = try FileLoader.request(node)
        let path = context.resolve(node.path)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw Diagnostic("no file \"\(node.path)\"", at: node.pathSpan, pathBase: PathBase(baseDirectory: baseDirectory))
        }
        if isFolder.boolValue { throw Diagnostic("\"\(node.path)\" is a folder, not a file", at: node.pathSpan) }
        do {
            try MemoryBudget.check(path: path, displayName: node.path)
            let loaded = try FileLoader.load(request, node, columns: columns, context: context)
            context.noteRead(node.path)
            if !filesRead.contains(where: { $0.resolved == loaded.path }) { filesRead.append((node.path, loaded.path)) }
            return loaded
        } catch {
            throw Diagnostic(error.message, at: node.pathSpan, hint: error == .cancelled ? nil : error.hint ?? request.format.failureHint)
        }
    }

    // MARK: Pipelines

    /// Plans the pipeline (every name and type checked before any row is
    /// read, the source read with only the columns used), then runs the plan.
    func runPipeline(_ p: PipelineNode, source: String, context: ExecutionContext) throws(Diagnostic) -> (Table, Presentation) {
        if let connection = connectionUsed(by: p) {
            return try EnginePipeline(session: self, connection: connection, context: context).run(p, text: source)
        }
        let plan = try Planner(session: self, purpose: .run(context)).plan(p, text: source)
        return try PlanExecutor.run(consume plan, context: context)
    }
}
