import WerkbankEngine

/// A stage that reads another table by name (`join`, `append`).
protocol ReadsTable {
    var tableRead: (name: String, span: SourceSpan) { get }
}

extension JoinStage: ReadsTable { var tableRead: (name: String, span: SourceSpan) { (source, sourceSpan) } }
extension AppendStage: ReadsTable { var tableRead: (name: String, span: SourceSpan) { (source, span) } }

extension Session {
    /// The connection a pipeline reads from, if any of its tables is a connection's.
    func connectionUsed(by p: PipelineNode) -> Connection? {
        guard !connections.isEmpty else { return nil }
        var names: [String] = []
        if case .name(let name, _) = p.source { names.append(name) }
        names += p.stages.compactMap { ($0.stage as? ReadsTable)?.tableRead.name }
        return names.lazy.compactMap { self.remoteTable($0)?.0 }.first
    }
}

/// Runs a pipeline over a connection's tables: the longest start of it that
/// SQL answers as werkbank does runs in the engine as one query, only its
/// result comes back, and the rest runs here over that result. Local tables
/// it joins or appends are sent along when small; otherwise it is refused.
struct EnginePipeline {
    /// The most rows of a local table sent to an engine with a query.
    static let sendLimit = 100_000

    let session: Session
    let connection: Connection
    let context: ExecutionContext

    func run(_ p: PipelineNode, text: String) throws(Diagnostic) -> (Table, Presentation) {
        // A stage whose columns come from the data (pivot) is planned over rows:
        // the part before it goes to the engine, the rest runs here.
        let split = p.stages.firstIndex { $0.stage.bindsOnRows } ?? p.stages.count
        let head = PipelineNode(source: p.source, stages: Array(p.stages[..<split]), span: p.span)
        let planner = Planner(session: session, purpose: .run(context))
        let plan = try planner.plan(head, text: text)
        var sending: [(name: String, table: Table)] = []
        let dialect = connection.client.dialect
        let compiler = SQLCompiler(dialect: dialect, bind: planner.bindContext(text)) {
            name, span, position throws(SQLUnsupported) in
            if let (owner, table) = session.remoteTable(name) {
                guard owner === connection else {
                    throw SQLUnsupported("\(name) is on another connection than \(connection.name)", at: span)
                }
                return try connection.select(table, dialect: dialect, position: position, at: span)
            }
            let local: Table
            do throws(Diagnostic) { local = try session.resolve(name, span) } catch { throw SQLUnsupported(error.message, at: span) }
            let sentName = "werkbank_sent_\(sending.count + 1)"
            var numbered = local
            numbered.setColumn(position, Column(.int((0..<Int64(local.rowCount)).map { $0 })))
            sending.append((sentName, numbered))
            context.report(.sentToEngine(table: name, rows: local.rowCount, connection: connection.name))
            let columns = [dialect.identifier(position)] + local.fields.map { dialect.identifier($0.name) }
            return ("SELECT \(columns.joined(separator: ", "))\nFROM \(dialect.identifier(sentName))", local.fields)
        }
        try refuseLargeLocalTables(p)
        let compiled = compiler.compile(plan)
        if let stop = compiled.stop, compiled.query == nil {
            throw Diagnostic(
                "cannot run this on \(connection.name): \(stop.reason)", at: stop.span,
                hint: "load the file into \(connection.name) first, or read the table from it")
        }
        guard let query = compiled.query else { throw Diagnostic("internal error: no query", at: p.span) }
        var rows: Table
        do {
            rows = try connection.client.query(query, schema: compiled.schema, sending: sending, cancel: context.cancel)
        } catch {
            // On the stage whose SQL the engine named; without a place (most
            // runtime errors), on the part of the pipeline that ran as SQL.
            let done = plan.steps.prefix(compiled.stepsInSQL).last?.node.span ?? plan.source.span
            var span = plan.source.span.union(done)
            if case .inQuery(_, let line) = error, line <= compiled.lineSteps.count {
                span = compiled.step(atLine: line).map { plan.steps[$0].node.span } ?? plan.source.span
            }
            if error == .cancelled { throw Diagnostic(error.message, at: span) }
            throw Diagnostic("\(connection.name): \(error.message)", at: span, hint: error.hint)
        }
        let rest = Array(p.stages[compiled.stepsInSQL...])
        guard !rest.isEmpty else { return (rows, .table) }
        if let stop = compiled.stop {
            context.report(
                .ranInWerkbank(
                    stage: ExplainStatement.text(of: rest[0].span, in: text), rows: rows.rowCount,
                    connection: connection.name, reason: stop.reason))
        }
        // The stages here that read a connection's table read its rows.
        for stage in rest {
            guard let read = (stage.stage as? ReadsTable)?.tableRead, session.remoteTable(read.name) != nil else { continue }
            session.fetchedRemote[read.name] = try fetch(read.name, read.span)
        }
        defer { session.fetchedRemote = [:] }
        let headDone = Plan(source: plan.source, steps: Array(plan.steps.prefix(compiled.stepsInSQL)), text: text)
        let tail = try planner.plan(rest, over: rows, from: headDone, text: text)
        return try PlanExecutor.run(consume tail, context: context)
    }

    /// The most rows of a connection's table brought into werkbank for a
    /// stage that runs here.
    static let fetchLimit = 10_000_000

    /// A connection's table, all its rows in the engine's row order.
    func fetch(_ name: String, _ span: SourceSpan) throws(Diagnostic) -> Table {
        guard let (owner, table) = session.remoteTable(name), owner === connection else {
            throw Diagnostic("\(name) is on another connection than \(connection.name)", at: span, hint: "join tables of one connection")
        }
        if let n = table.rowCount, n > Self.fetchLimit {
            throw Diagnostic(
                "\(name) has \(NumberText.thousands(n)) rows: too many to bring into werkbank for a stage that runs here", at: span,
                hint: "filter it first in a pipeline of its own on \(connection.name)")
        }
        let dialect = connection.client.dialect, position = "werkbank_row"
        do {
            let (stored, schema) = try connection.select(table, dialect: dialect, position: position, at: span)
            let columns = schema.map { dialect.identifier($0.name) }.joined(separator: ", ")
            let sql = "SELECT \(columns)\nFROM (\(stored)) AS f\nORDER BY \(dialect.identifier(position))"
            return try connection.client.query(sql, schema: schema, sending: [], cancel: context.cancel)
        } catch let error as SQLUnsupported {
            throw Diagnostic("cannot read \(name): \(error.reason)", at: span)
        } catch let error as EngineError {
            throw Diagnostic("\(connection.name): \(error.message)", at: span, hint: error.hint)
        } catch {
            throw Diagnostic("cannot read \(name)", at: span)
        }
    }

    /// Local tables a pipeline over a connection would send, refused above the limit.
    func refuseLargeLocalTables(_ p: PipelineNode) throws(Diagnostic) {
        var named: [(String, SourceSpan)] = []
        if case .name(let name, let span) = p.source { named.append((name, span)) }
        named += p.stages.compactMap { ($0.stage as? ReadsTable)?.tableRead }
        for (name, span) in named where session.remoteTable(name) == nil {
            let table = try session.resolve(name, span)
            if table.rowCount > Self.sendLimit {
                throw Diagnostic(
                    "\(name) has \(NumberText.thousands(table.rowCount)) rows: too many to send to \(connection.name) with a query (at most \(NumberText.thousands(Self.sendLimit)))",
                    at: span, hint: "save it there first: \(name) | save \"\(connection.name).\(name)\", or load its file into \(connection.name)")
            }
        }
    }
}
