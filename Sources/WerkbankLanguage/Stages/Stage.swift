import WerkbankEngine
import WerkbankRender

/// Help for one stage: what `help STAGE` shows and the docs list. Every
/// example runs in the tests and must produce `expected`.
public struct StageHelp: Sendable {
    public var name: String
    public var syntax: String
    public var summary: String
    public var details: String
    /// Its `key=value` options (offered by completion, listed by help).
    public var options: [OptionDeclaration]
    public var examples: [Example]

    public init(
        name: String, syntax: String, summary: String, details: String, options: [OptionDeclaration] = [],
        examples: [Example]
    ) {
        self.name = name
        self.syntax = syntax
        self.summary = summary
        self.details = details
        self.options = options
        self.examples = examples
    }
}

/// One stage of the pipeline language, defined in one place: its syntax
/// (`parse`), its help, which columns it reads (`neededInput`) and its typed
/// plan step (`bind`), whose closure runs engine operators over columns.
public protocol Stage: Sendable {
    static var help: StageHelp { get }
    /// Parses the stage's arguments; the keyword has been consumed.
    static func parse(_ p: inout Parser, keyword: Token) throws(Diagnostic) -> Self
    /// The input columns this stage reads, given the columns needed after it
    /// (nil: all). Used to read and carry only what a pipeline uses. It must
    /// also keep every input column whose presence decides an output name or
    /// whose absence would fail `bind` (a column to drop or rename, a left
    /// column clashing with a joined one): pruning may drop columns, never
    /// rename them.
    func neededInput(_ downstream: Set<String>?) -> Set<String>?
    /// The same, for a stage that must look at other tables to answer (join).
    func neededInput(_ downstream: Set<String>?, _ ctx: BindContext) -> Set<String>?
    /// Checks names and types against the input schema, before any row is read.
    func bind(_ input: Schema, _ ctx: BindContext) throws(Diagnostic) -> BoundStage
    /// The file this stage writes, as written with its span (`save`); nil
    /// for most stages.
    var writesFile: FileUse? { get }
    /// Whether the stage keeps only some rows by a condition (`where`):
    /// `explain` shows where filters run.
    var filtersRows: Bool { get }
    /// Whether the result is shown as the stage's input was (a card or chart
    /// stays one through `save`), rather than as a table.
    var keepsPresentation: Bool { get }
    /// Whether the stage's output columns come from its input's values
    /// (`pivot`): it is bound on its input rows (`BindContext.inputRows`), so
    /// the stages before it run first.
    var bindsOnRows: Bool { get }
}

extension Stage {
    func neededInput(_ downstream: Set<String>?, _ ctx: BindContext) -> Set<String>? { neededInput(downstream) }
    public var writesFile: FileUse? { nil }
    public var filtersRows: Bool { false }
    public var keepsPresentation: Bool { false }
    public var bindsOnRows: Bool { false }
}

/// How a result is shown, when a stage asks for something other than a table.
public enum Presentation: Sendable, Equatable {
    case table
    case card
    case chart(ChartSpec)
}

/// A stage after binding: its output schema and the step that computes it.
/// The step owns its input (`consuming`): a stage may let go of columns it
/// has read, or write rows over its input's own (`join` does both), when
/// nothing else holds them.
public struct BoundStage: Sendable {
    public var output: Schema
    public var presentation: Presentation?
    public var execute: @Sendable (consuming Table, ExecutionContext) throws(EngineError) -> Table

    public init(
        output: Schema, presentation: Presentation? = nil,
        execute: @escaping @Sendable (consuming Table, ExecutionContext) throws(EngineError) -> Table
    ) {
        self.output = output
        self.presentation = presentation
        self.execute = execute
    }
}

/// What binding can see: the statement's text (for labels and carets) and the
/// tables in scope (for `join` and `append`).
public struct BindContext {
    public let source: String
    let resolveTable: (String, SourceSpan) throws(Diagnostic) -> Table
    /// The columns later stages read (nil: all). A stage may leave out of its
    /// result the columns nobody reads (join gathers only these), but must
    /// name and type the others exactly as when binding on the full input.
    public var neededOutput: Set<String>?
    /// The stage's input before pruning (nil: the input is not pruned); new
    /// columns are named against it, so pruning never renames them.
    public var fullInput: Schema?
    /// The input rows, for a stage that `bindsOnRows` (nil otherwise).
    public var inputRows: Table?
    /// The session's connections, for `save "NAME.table"`.
    public var connections: [Connection] = []

    public init(source: String, resolveTable: @escaping (String, SourceSpan) throws(Diagnostic) -> Table) {
        self.source = source
        self.resolveTable = resolveTable
    }

    public func binder(_ schema: Schema) -> ExpressionBinder { ExpressionBinder(schema: schema, source: source) }

    public func table(_ name: String, _ span: SourceSpan) throws(Diagnostic) -> Table {
        try resolveTable(name, span)
    }
}

/// What running a step can use: cancellation, the folder for relative paths,
/// whether writing files is allowed, and a record of what the statement did
/// (files read, events such as `save`'s).
public final class ExecutionContext: @unchecked Sendable {
    public let cancel: CancellationToken
    public let baseDirectory: String
    public let allowWrite: Bool
    public private(set) var events: [StatementEvent] = []
    /// Files read, as written in the statement, in order of first reading.
    public private(set) var filesRead: [String] = []
    /// How the result so far would be shown (a `save "x.svg"` needs a chart).
    public var presentation: Presentation = .table

    public init(cancel: CancellationToken, baseDirectory: String, allowWrite: Bool) {
        self.cancel = cancel
        self.baseDirectory = baseDirectory
        self.allowWrite = allowWrite
    }

    public func report(_ event: StatementEvent) { events.append(event) }

    func noteRead(_ path: String) {
        if !filesRead.contains(path) { filesRead.append(path) }
    }

    public func resolve(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        if path.hasPrefix("~/"), let home = ProcessInfoHome.path { return home + String(path.dropFirst(1)) }
        return baseDirectory.isEmpty || baseDirectory == "." ? path : baseDirectory + "/" + path
    }
}

enum ProcessInfoHome {
    static var path: String? {
        if let h = getenvString("HOME"), !h.isEmpty { return h }
        return nil
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func getenvString(_ name: String) -> String? {
    guard let p = getenv(name) else { return nil }
    return String(cString: p)
}

/// Shared bits of stage syntax.
extension Parser {
    /// The stage must be over: a `|` or the end of the statement.
    mutating func expectStageEnd(_ stage: String) throws(Diagnostic) {
        if current.kind == .identifier, let habit = SQLHabits.operatorHint(current.text) {
            throw Diagnostic(habit.message, at: current.span, hint: habit.hint)
        }
        guard atStageEnd else {
            throw Diagnostic(
                "unexpected \(current.kind == .end ? "end" : "'\(current.text)'") in \(stage)",
                at: current.span, hint: "see 'help \(stage)'")
        }
    }
}

/// Output names of expressions: `name = expr` keeps its name, a bare column
/// keeps the column's name, anything else is named after its text.
func outputName(_ item: NamedExpr, _ ctx: BindContext) -> String {
    if let name = item.name { return name }
    if case .column(let name, _) = item.expr { return name }
    return ctx.binder([]).text(item.expr.span)
}
