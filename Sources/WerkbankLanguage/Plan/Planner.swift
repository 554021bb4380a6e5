import Foundation
import WerkbankEngine

/// Builds a pipeline's `Plan`, once: the columns each stage carries (from the
/// end backwards), the source (read with only those columns), every stage
/// bound on full schemas (this binding decides every name, type and error),
/// then, for running, every stage bound again on its pruned input. Pruning
/// only drops columns: each pruned output must `conform` to the full one.
struct Planner {
    enum Purpose {
        /// Read the source and bind for running (`runPipeline`, `explain`).
        case run(ExecutionContext)
        /// Schemas only, for completion: the source from the catalog or the
        /// start of the file, nothing counted as used, and binding stops at
        /// the first stage that does not bind (a line still being typed).
        case completion
    }

    let session: Session
    let purpose: Purpose

    func plan(_ p: PipelineNode, text: String) throws(Diagnostic) -> Plan {
        // A stage whose columns come from the data (pivot) needs the rows
        // before it: run that part first, then plan the rest over its result.
        if let k = p.stages.firstIndex(where: { $0.stage.bindsOnRows }) {
            let head = PipelineNode(source: p.source, stages: Array(p.stages[..<k]), span: p.span)
            let headPlan = try plan(head, text: text)
            guard case .run(let context) = purpose else { return headPlan }
            let (rows, _) = try PlanExecutor.run(headPlan, context: context)
            return try plan(Array(p.stages[k...]), over: rows, from: headPlan, text: text)
        }
        let ctx = bindContext(text)
        let carried = carriedColumns(p, ctx)
        let source = try makeSource(p.source, columns: carried[0])
        return try plan(p.stages, source: source, carried: carried, ctx, loadedFrom: p.source, text: text)
    }

    /// The stages from a `bindsOnRows` one on, over the rows the stages
    /// before it made (the source of this plan).
    func plan(_ stages: [StageNode], over rows: Table, from head: Plan, text: String) throws(Diagnostic) -> Plan {
        var ctx = bindContext(text)
        let rest = PipelineNode(source: .name("", head.source.span), stages: stages, span: head.source.span)
        // Beyond the first stage, another pivot splits again.
        if let k = stages.dropFirst().firstIndex(where: { $0.stage.bindsOnRows }) {
            let first = try plan(Array(stages[..<k]), over: rows, from: head, text: text)
            guard case .run(let context) = purpose else { return first }
            let (more, _) = try PlanExecutor.run(first, context: context)
            return try plan(Array(stages[k...]), over: more, from: first, text: text)
        }
        let source = Plan.Source(
            kind: .rows(after: head.steps.last?.name), span: head.source.span, columnsRead: nil,
            schema: rows.fields, table: rows)
        ctx.inputRows = rows
        var carried = carriedColumns(rest, ctx)
        carried[0] = nil  // the rows are there already: nothing to read less of
        return try plan(stages, source: source, carried: carried, ctx, loadedFrom: nil, text: text)
    }

    private func plan(
        _ stages: [StageNode], source: Plan.Source, carried: [Set<String>?], _ ctx: BindContext,
        loadedFrom sourceNode: SourceNode?, text: String
    ) throws(Diagnostic) -> Plan {
        let p = (stages: stages, source: sourceNode)
        var steps: [Plan.Step] = []
        var schema = source.schema
        do {
            for (i, node) in p.stages.enumerated() {
                var stageContext = ctx
                if i > 0 { stageContext.inputRows = nil }
                let bound = try node.stage.bind(schema, stageContext)
                steps.append(
                    Plan.Step(
                        node: node, input: schema, output: bound.output,
                        reads: node.stage.neededInput(Set<String>()), carries: carried[i + 1]))
                schema = bound.output
            }
        } catch {
            if case .completion = purpose { return Plan(source: source, steps: steps, text: text) }
            // The reader kept only the columns named in the pipeline; the
            // error must name the file's real columns.
            if case .load(let node)? = p.source, carried[0] != nil {
                var whole = try wholeFileSchema(node, read: source.schema)
                for node in p.stages { whole = try node.stage.bind(whole, ctx).output }
            }
            throw error
        }
        if case .run = purpose, let table = source.table {
            try bindPruned(&steps, input: table.fields, firstKeep: carried[0], ctx)
        }
        return Plan(source: source, steps: steps, text: text)
    }

    // MARK: Columns carried

    /// The columns needed before each stage and after the last (nil: all),
    /// computed from the end backwards.
    func carriedColumns(_ p: PipelineNode, _ ctx: BindContext) -> [Set<String>?] {
        var needed: [Set<String>?] = Array(repeating: nil, count: p.stages.count + 1)
        guard case .run = purpose, session.pruneColumns else { return needed }
        for i in stride(from: p.stages.count - 1, through: 0, by: -1) {
            needed[i] = p.stages[i].stage.neededInput(needed[i + 1], ctx)
        }
        return needed
    }

    /// The binding that runs: each stage on its input less the columns no
    /// later stage reads, naming new columns against the full input.
    func bindPruned(_ steps: inout [Plan.Step], input: Schema, firstKeep: Set<String>?, _ ctx: BindContext) throws(Diagnostic) {
        var schema = input
        for i in steps.indices {
            let keep = i == 0 ? firstKeep : steps[i - 1].carries
            if let keep { schema = schema.filter { keep.contains($0.name) } }
            var stageContext = ctx
            if i > 0 { stageContext.inputRows = nil }
            stageContext.fullInput = steps[i].input
            stageContext.neededOutput = steps[i].carries
            let bound = try steps[i].node.stage.bind(schema, stageContext)
            guard let indices = Self.conformIndices(bound.output, to: steps[i].output, needed: steps[i].carries) else {
                throw Self.lostColumn(steps[i])
            }
            schema = indices.map { bound.output[$0] }
            steps[i].bound = bound
            steps[i].runOutput = schema
        }
    }

    static func lostColumn(_ step: Plan.Step) -> Diagnostic {
        Diagnostic(
            "internal error: \(step.name) lost or renamed a column when unused columns were left out",
            at: step.node.span, hint: "please report it, with the statement")
    }

    /// The positions in `fields` of `schema`'s columns, in `schema`'s order,
    /// leaving out the ones no later stage reads; nil when a column that a
    /// later stage reads is missing or differs in type.
    static func conformIndices(_ fields: Schema, to schema: Schema, needed: Set<String>?) -> [Int]? {
        if fields == schema { return Array(fields.indices) }
        var position: [String: Int] = [:]
        for (j, f) in fields.enumerated() where position[f.name] == nil { position[f.name] = j }
        var indices: [Int] = []
        indices.reserveCapacity(schema.count)
        for field in schema {
            if let j = position[field.name], fields[j].type == field.type {
                indices.append(j)
            } else if needed?.contains(field.name) ?? true {
                return nil
            }
        }
        return indices
    }

    // MARK: Sources

    func bindContext(_ text: String) -> BindContext {
        switch purpose {
        case .run:
            var context = BindContext(source: text) { [session] name, span throws(Diagnostic) in try session.resolve(name, span) }
            context.connections = session.connections
            return context
        case .completion:
            let catalog = session.catalog
            return BindContext(source: text) { name, span throws(Diagnostic) in
                // The catalog directly, not `resolve`: completion must not count as a use.
                let table: Table?
                do throws(EngineError) { table = try catalog.table(name) ?? session.remoteStandIn(name) } catch {
                    throw Diagnostic(error.message, at: span)
                }
                guard let table else { throw Diagnostic("unknown table \"\(name)\"", at: span) }
                return table
            }
        }
    }

    func makeSource(_ node: SourceNode, columns: Set<String>?) throws(Diagnostic) -> Plan.Source {
        switch (node, purpose) {
        case (.name(let name, let span), .run):
            let table = try session.resolve(name, span)
            return Plan.Source(kind: .table(name), span: span, columnsRead: columns, schema: table.fields, table: table)
        case (.load(let load), .run(let context)):
            let table = try session.load(load, columns: columns, context: context).table
            return Plan.Source(kind: .file(load), span: load.span, columnsRead: columns, schema: table.fields, table: table)
        case (.name(let name, let span), .completion):
            guard let table = (try? session.catalog.table(name)) ?? session.remoteStandIn(name) else {
                throw Diagnostic("unknown table \"\(name)\"", at: span)
            }
            return Plan.Source(kind: .table(name), span: span, columnsRead: nil, schema: table.fields, table: nil)
        case (.load(let load), .completion):
            guard let schema = session.headerSchema(load) else { throw Diagnostic("cannot read \"\(load.path)\"", at: load.pathSpan) }
            return Plan.Source(kind: .file(load), span: load.span, columnsRead: nil, schema: schema, table: nil)
        }
    }

    /// Every column of a file, in the file's order, when the reader read only
    /// `read`: the names from the start of the file (no second full read),
    /// with the read columns' exact types; the other columns' types matter
    /// to no binding, since no stage names them. Formats whose header cannot
    /// be read on its own are read again in full.
    func wholeFileSchema(_ node: LoadNode, read: Schema) throws(Diagnostic) -> Schema {
        if let header = session.headerSchema(node), read.allSatisfy({ f in header.contains { $0.name == f.name } }) {
            let types = Dictionary(read.map { ($0.name, $0.type) }, uniquingKeysWith: { a, _ in a })
            return header.map { Field($0.name, types[$0.name] ?? $0.type) }
        }
        guard case .run(let context) = purpose else { return read }
        return try session.load(node, columns: nil, context: context).table.fields
    }
}
