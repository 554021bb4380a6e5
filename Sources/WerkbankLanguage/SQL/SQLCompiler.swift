import WerkbankEngine

/// A pipeline's SQL: the longest start of it that a dialect runs with
/// werkbank's answer, and why the rest (if any) runs in werkbank.
public struct CompiledSQL: Sendable {
    public var dialect: SQLDialect
    /// The query, ordered as werkbank orders the rows; nil when not even the
    /// source can be read in SQL.
    public var query: String?
    /// How many of the plan's steps the query covers.
    public var stepsInSQL: Int
    /// Why the step after those does not run in SQL (nil: all of them do).
    public var stop: SQLUnsupported?
    /// The columns the query returns.
    public var schema: Schema
    /// For each line of the query, the plan step that wrote it (nil: the
    /// source, or the final SELECT).
    var lineSteps: [Int?] = []

    /// The plan step an engine's error at `line` (1-based) belongs to; nil
    /// for the source or a line outside the query.
    func step(atLine line: Int) -> Int? {
        line >= 1 && line <= lineSteps.count ? lineSteps[line - 1] : nil
    }
}

/// Compiles a `Plan` to SQL, stage by stage (`SQLStage`), over a source the
/// caller says how to read (a connection's table, a table sent along, or,
/// for `explain sql`, a table of that name).
struct SQLCompiler {
    let dialect: SQLDialect
    let bind: BindContext
    /// The SELECT reading a named table: the position first (named
    /// `position`), then the table's columns.
    let table: (String, SourceSpan, _ position: String) throws(SQLUnsupported) -> (sql: String, schema: Schema)

    func compile(_ plan: Plan) -> CompiledSQL {
        let position = positionName(plan)
        var compiled = CompiledSQL(dialect: dialect, query: nil, stepsInSQL: 0, stop: nil, schema: plan.source.schema)
        let sourceSQL: String
        do throws(SQLUnsupported) {
            switch plan.source.kind {
            case .table(let name): sourceSQL = try table(name, plan.source.span, position).sql
            case .file:
                throw SQLUnsupported(
                    "the file is read by werkbank; to read it in the engine, load it there first: load \"…\" into CONNECTION as NAME",
                    at: plan.source.span)
            case .rows:
                throw SQLUnsupported("pivot's columns come from the data, so it runs in werkbank", at: plan.source.span)
            }
        } catch {
            compiled.stop = error
            return compiled
        }
        var relation = SQLRelation(dialect: dialect, position: position, source: sourceSQL, schema: plan.source.schema)
        let ctx = SQLContext(
            dialect: dialect, bind: bind, table: { name, span throws(SQLUnsupported) in try table(name, span, position) }, position: position)
        for (index, step) in plan.steps.enumerated() {
            relation.step = index
            guard let stage = step.node.stage as? SQLStage else {
                compiled.stop = SQLUnsupported("\(step.name) runs in werkbank", at: step.node.span)
                break
            }
            var next = relation
            do throws(SQLUnsupported) {
                try stage.sql(&next, step, ctx)
            } catch {
                compiled.stop = error
                break
            }
            relation = next
            compiled.stepsInSQL += 1
        }
        (compiled.query, compiled.lineSteps) = relation.query
        compiled.schema = relation.schema
        return compiled
    }

    /// A name for the position column that no column of the plan has.
    func positionName(_ plan: Plan) -> String {
        var names = Set(plan.source.schema.map(\.name))
        for step in plan.steps { names.formUnion(step.output.map(\.name)) }
        var name = "werkbank_row", k = 2
        while names.contains(name) {
            name = "werkbank_row_\(k)"
            k += 1
        }
        return name
    }

    /// `SELECT <position>, <columns> FROM <relation>` for a stored table.
    static func storedTable(
        _ relation: String, schema: Schema, dialect: SQLDialect, position: String, at span: SourceSpan
    ) throws(SQLUnsupported) -> String {
        guard let order = dialect.storedRowOrder() else {
            throw SQLUnsupported("\(dialect.name) tables have no row order werkbank could keep", at: span)
        }
        for field in schema where dialect.typeName(field.type) == nil {
            throw SQLUnsupported("column \(field.name) holds shapes, which do not go into SQL", at: span)
        }
        let columns = schema.map { dialect.identifier($0.name) }
        return "SELECT \(([order + " AS " + dialect.identifier(position)] + columns).joined(separator: ", "))\nFROM \(relation)"
    }
}
