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

/// One statement's text and what came of it.
public struct Outcome: Sendable {
    public var statement: String
    public var result: Result<StatementResult, Diagnostic>
    /// Messages from stages, such as `save`'s.
    public var messages: [String]
    public var seconds: Double
    /// The settings in force when the statement finished: a later `set` in the
    /// same input must not change how this result looks.
    public var settings: Settings

    public init(statement: String, result: Result<StatementResult, Diagnostic>, messages: [String] = [],
                seconds: Double = 0, settings: Settings) {
        self.statement = statement
        self.result = result
        self.messages = messages
        self.seconds = seconds
        self.settings = settings
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
            do {
                var parser = Parser(tokens)
                let statement = try parser.parseStatement()
                result = .success(try execute(statement, source: source, context: context))
            } catch {
                result = .failure(error)
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
            let outcome = Outcome(statement: text, result: result, messages: context.messages, seconds: seconds, settings: settings)
            outcomes.append(outcome)
            each(outcome)
            if case .success(.exit) = result { return outcomes }
        }
        if let lexError {
            let outcome = Outcome(statement: source, result: .failure(lexError), messages: [], seconds: 0, settings: settings)
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
        throw Diagnostic("unknown table \"\(name)\"", at: span,
                         hint: DidYouMean.hint(name, among: catalog.names)
                            ?? (catalog.names.isEmpty ? "load a file first: load \"file.csv\" as name"
                                                      : "tables: " + catalog.names.joined(separator: ", ")))
    }

    func load(_ node: LoadNode, columns: Set<String>?, context: ExecutionContext) throws(Diagnostic) -> FileLoader.Loaded {
        let format = try FileLoader.format(node)
        _ = try FileLoader.csvOptions(node)
        let path = context.resolve(node.path)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw Diagnostic("no file \"\(node.path)\"", at: node.pathSpan,
                             hint: baseDirectory == "." ? "paths are relative to the current folder" : "paths are relative to \(baseDirectory)")
        }
        if isFolder.boolValue { throw Diagnostic("\"\(node.path)\" is a folder, not a file", at: node.pathSpan) }
        do {
            try MemoryBudget.check(path: path, displayName: node.path)
            let loaded = try FileLoader.load(node, columns: columns, context: context)
            if !filesRead.contains(where: { $0.resolved == loaded.path }) { filesRead.append((node.path, loaded.path)) }
            return loaded
        } catch {
            let hint: String?
            switch format {
            case _ where error == .cancelled: hint = nil
            case _ where error.hint != nil: hint = error.hint
            case .csv: hint = "check the file, or give options such as delimiter=\";\" decimal=\",\" encoding=\"latin1\" skip=N"
            case .xlsx: hint = "check the file, or give sheet=\"NAME\", skip=N or header=false"
            case .json: hint = "a JSON file holds an array of objects, or one object per line (JSON lines)"
            case .geojson: hint = "a GeoJSON file holds a FeatureCollection, a Feature or one feature per line"
            }
            throw Diagnostic(error.message, at: node.pathSpan, hint: hint)
        }
    }

    // MARK: Pipelines

    /// Binds every stage (names and types checked before any row is read),
    /// then runs them, carrying only the columns later stages use.
    ///
    /// The full binding (on everything the source holds) decides every error
    /// and every output name and type; the run binds again on the pruned
    /// columns and must produce a subset of them: pruning drops columns, it
    /// never renames, retypes or reorders them (`conform` holds it to that).
    func runPipeline(_ p: PipelineNode, source: String, context: ExecutionContext) throws(Diagnostic) -> (Table, Presentation) {
        let ctx = BindContext(source: source) { [unowned self] name, span throws(Diagnostic) in try self.resolve(name, span) }
        // Columns needed before each stage, from the end backwards (nil: all).
        var needed: [Set<String>?] = Array(repeating: nil, count: p.stages.count + 1)
        if pruneColumns {
            for i in stride(from: p.stages.count - 1, through: 0, by: -1) {
                needed[i] = p.stages[i].stage.neededInput(needed[i + 1], ctx)
            }
        }
        var input: Table
        switch p.source {
        case .name(let name, let span):
            input = try resolve(name, span)
        case .load(let node):
            input = try load(node, columns: needed[0], context: context).table
        }
        // Bind on full schemas first, so errors name every column and the
        // output schema of each stage is known; the run conforms to them.
        var schemas = [input.fields]
        do {
            for node in p.stages { schemas.append(try node.stage.bind(schemas[schemas.count - 1], ctx).output) }
        } catch {
            // The reader kept only the columns named in the pipeline; to name
            // the file's real columns in the error, bind against all of them.
            if case .load(let node) = p.source, needed[0] != nil {
                var schema = try load(node, columns: nil, context: context).table.fields
                for node in p.stages { schema = try node.stage.bind(schema, ctx).output }
            }
            throw error
        }
        var table = input
        var presentation = Presentation.table
        for (i, node) in p.stages.enumerated() {
            if let keep = needed[i] {
                let indices = table.fields.indices.filter { keep.contains(table.fields[$0].name) }
                if indices.count < table.columnCount { table = table.project(indices) }
            }
            var stageContext = ctx
            stageContext.fullInput = schemas[i]
            stageContext.neededOutput = needed[i + 1]
            let bound = try node.stage.bind(table.fields, stageContext)
            context.presentation = presentation
            do {
                try context.cancel.check()
                // Any stage may build a few vectors as long as its input (a
                // predicate, a selection, group ids): 16 bytes a row. A counted
                // join result has rows but no columns, so this is not implied
                // by the input fitting in memory.
                if table.rowCount > 1 << 20 {
                    try MemoryBudget.checkWork(bytes: table.rowCount.multipliedReportingOverflow(by: 16).partialValue,
                                               what: "\(type(of: node.stage).help.name) on \(NumberText.thousands(table.rowCount)) rows",
                                               hint: "filter or count first")
                }
                table = try bound.execute(table, context)
            } catch {
                throw Diagnostic(error.message, at: error.span ?? node.span, hint: hint(for: error))
            }
            guard let conformed = Self.conform(table, to: schemas[i + 1], needed: needed[i + 1]) else {
                throw Diagnostic("internal error: \(node.stage is JoinStage ? "join" : "this stage") lost or renamed a column when unused columns were left out",
                                 at: node.span, hint: "please report it, with the statement")
            }
            table = conformed
            presentation = bound.presentation ?? (node.stage is SaveStage ? presentation : .table)
        }
        return (table, presentation)
    }

    /// The columns of `table` in the order of the full binding's `schema`,
    /// leaving out the ones no later stage reads; nil when a column that a
    /// later stage reads is missing or differs in type.
    static func conform(_ table: Table, to schema: Schema, needed: Set<String>?) -> Table? {
        if table.fields == schema { return table }
        var position: [String: Int] = [:]
        for (j, f) in table.fields.enumerated() where position[f.name] == nil { position[f.name] = j }
        var indices: [Int] = []
        indices.reserveCapacity(schema.count)
        for field in schema {
            if let j = position[field.name], table.fields[j].type == field.type {
                indices.append(j)
            } else if needed?.contains(field.name) ?? true {
                return nil
            }
        }
        return indices == Array(table.fields.indices) ? table : table.project(indices)
    }

    func hint(for error: EngineError) -> String? {
        if case .overflow = error.unlocated { return "the result does not fit a 64-bit int; convert with float() first" }
        return error.hint
    }
}
