import WerkbankEngine

/// `explain PIPELINE`: the pipeline's plan for a user: its help, syntax,
/// what it runs and how the plan reads.
///
/// The source is read as a run would read it (the types of a file's columns
/// come from reading them), but no stage runs and no file is written.
public struct ExplainStatement: Statement {
    public let pipeline: PipelineNode
    /// `explain sql [DIALECT] PIPELINE`: the SQL instead of the plan.
    public let sqlDialect: SQLDialect?

    public static let help = StatementHelp(
        name: "explain", syntax: "explain [sql [duckdb|postgres|spark|trino]] PIPELINE",
        summary:
            "show the plan: the columns read from the source, each stage's output columns and types, where filters run and which files would be written; runs no stage and writes nothing. explain sql prints the pipeline as one SQL query for an engine (default duckdb), and says which stages would run in werkbank and why"
    )

    public static func starts(_ p: Parser) -> Bool { p.nameFollows || p.keywordIsAlone }

    public static func parse(_ p: inout Parser, keyword: Token) throws(Diagnostic) -> StatementNode {
        if p.atEnd, !p.completing {
            throw Diagnostic("explain needs a pipeline", at: keyword.span, hint: "e.g. explain cases | where founded > 2015")
        }
        var dialect: SQLDialect?
        // `sql` is the SQL form unless it is the pipeline's table (`explain sql | …`).
        if p.current.isKeyword("sql"), !Self.endsName(p.peek()) {
            p.advance()
            dialect = .duckdb
            if let named = SQLDialect(rawValue: p.current.text.lowercased()), p.current.kind == .identifier, !Self.endsName(p.peek()) {
                dialect = named
                p.advance()
            }
        }
        return .statement(ExplainStatement(pipeline: try p.parsePipeline(), sqlDialect: dialect))
    }

    /// Whether the token after a word ends it as a table's name.
    static func endsName(_ next: Token) -> Bool {
        next.kind == .pipe || next.kind == .end || next.kind == .semicolon || next.kind == .newline
    }

    public var kind: StatementKind { .explain }

    public func execute(_ session: Session, source: String, _ context: ExecutionContext) throws(Diagnostic) -> StatementResult {
        // Never writing, even the stages a pivot needs run before it.
        let planning = ExecutionContext(cancel: context.cancel, baseDirectory: context.baseDirectory, allowWrite: false)
        let plan = try Planner(session: session, purpose: .run(planning)).plan(pipeline, text: source)
        guard let dialect = sqlDialect else { return .text(Self.describe(plan)) }
        return .text(Self.describeSQL(plan, dialect: dialect, session: session))
    }

    /// The plan as text: the source and what is read from it, then one block
    /// per stage (its text, its role, its output columns).
    static func describe(_ plan: Plan) -> String {
        var out = "plan (explain runs no stage and writes no file):\n"
        if case .rows = plan.source.kind {
            out = "plan (explain writes no file; the stages before pivot ran, to learn its columns):\n"
        }
        out += "source: " + sourceLine(plan.source) + "\n"
        for (i, step) in plan.steps.enumerated() {
            out += "\(i + 1). \(text(of: step.node.span, in: plan.text))\n"
            if step.filtersRows {
                out +=
                    "   filter: keeps the rows where the condition holds, here, on the rows of "
                    + (i == 0 ? "the source" : "stage \(i)") + "\n"
            }
            if let file = step.writesFile { out += "   writes \(file.path)\n" }
            out += "   reads: " + columnList(step.reads, of: step.input) + "\n"
            out += "   out: " + step.output.map { "\($0.name) \($0.type.rawValue)" }.joined(separator: ", ") + "\n"
            if let carried = step.carries, carried.count < step.output.count || !step.output.allSatisfy({ carried.contains($0.name) }) {
                let kept = step.output.filter { carried.contains($0.name) }
                out += "   carried on: " + (kept.isEmpty ? "no columns (only the row count)" : kept.map(\.name).joined(separator: ", ")) + "\n"
            }
        }
        let written = plan.filesWritten
        out += written.isEmpty ? "writes no file\n" : "a run would write " + written.map(\.path).joined(separator: ", ") + "\n"
        return out
    }

    static func sourceLine(_ source: Plan.Source) -> String {
        let read = columnList(source.columnsRead, of: source.schema)
        switch source.kind {
        case .table(let name):
            return "table \(name) (\(source.schema.count) columns); reads \(read)"
        case .file(let node):
            return "load \(StatementFiles.literal(node.path)); reads "
                + (source.columnsRead == nil ? read : read + " (only these are read from the file)")
        case .rows(let after):
            // pivot's columns come from the data: the stages before it ran to learn them.
            return "the rows \(after.map { "after \($0)" } ?? "of the source") (\(source.schema.count) columns), computed while planning: "
                + "the next stage's columns come from their values"
        }
    }

    /// The SQL of a pipeline whose tables are tables of the same names in the
    /// engine, and the stages that would run in werkbank, with why.
    static func describeSQL(_ plan: Plan, dialect: SQLDialect, session: Session) -> String {
        let bind = BindContext(source: plan.text) { name, span throws(Diagnostic) in try session.resolve(name, span) }
        let compiler = SQLCompiler(dialect: dialect, bind: bind) { name, span, position throws(SQLUnsupported) in
            // A connection's table by the engine's name for it; any other by its own.
            if let (connection, table) = session.remoteTable(name) {
                return try connection.select(table, dialect: dialect, position: position, at: span)
            }
            let schema: Schema
            do throws(Diagnostic) { schema = try session.resolve(name, span).fields } catch {
                throw SQLUnsupported(error.message, at: span)
            }
            return (try SQLCompiler.storedTable(dialect.identifier(name), schema: schema, dialect: dialect, position: position, at: span), schema)
        }
        let compiled = compiler.compile(plan)
        var out = "-- \(dialect.name): \(text(of: plan.source.span.union(plan.steps.last?.node.span ?? plan.source.span), in: plan.text))\n"
        if let settings = dialect.requiredSettings, compiled.query != nil { out += "-- needs \(settings)\n" }
        if let query = compiled.query { out += query + "\n" }
        if let stop = compiled.stop {
            let rest = plan.steps.dropFirst(compiled.stepsInSQL)
            let stages = rest.map { text(of: $0.node.span, in: plan.text) }
            out += compiled.query == nil ? "-- no SQL: \(stop.reason)\n" : ""
            if !stages.isEmpty {
                out += "-- runs in werkbank over \(compiled.query == nil ? "the source" : "these rows"): \(stages.joined(separator: " | "))\n"
                if compiled.query != nil { out += "--   because \(stop.reason)\n" }
            }
        }
        return out
    }

    /// `columns` in the order of `schema` (nil: all of them).
    static func columnList(_ columns: Set<String>?, of schema: Schema) -> String {
        guard let columns else { return schema.isEmpty ? "no columns" : "every column" }
        let names = schema.map(\.name).filter { columns.contains($0) }
        return names.isEmpty ? "no columns" : names.joined(separator: ", ")
    }

    static func text(of span: SourceSpan, in source: String) -> String {
        let bytes = Array(source.utf8)
        guard span.start >= 0, span.end <= bytes.count, span.start <= span.end else { return "" }
        return String(decoding: bytes[span.start..<span.end], as: UTF8.self)
    }
}
