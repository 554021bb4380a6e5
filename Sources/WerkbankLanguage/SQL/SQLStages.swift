import Foundation
import WerkbankEngine

/// A stage that runs as SQL: the same binding as running (so every name
/// and type is the plan's), then SELECTs that keep werkbank's row order in
/// the position column. Stages that are not `SQLStage`s (sample, pivot,
/// charts, save, …) run in werkbank over the rows the SQL part returns.
protocol SQLStage {
    func sql(_ r: inout SQLRelation, _ step: Plan.Step, _ ctx: SQLContext) throws(SQLUnsupported)
}

extension WhereStage: SQLStage {
    func sql(_ r: inout SQLRelation, _ step: Plan.Step, _ ctx: SQLContext) throws(SQLUnsupported) {
        let predicate = try ctx.expression(step.input).sql(try bound(ctx.bind.binder(step.input).bind(self.predicate)))
        r.push("SELECT *\nFROM \(r.current)\nWHERE \(predicate)", schema: step.output)
    }
}

extension SelectStage: SQLStage {
    func sql(_ r: inout SQLRelation, _ step: Plan.Step, _ ctx: SQLContext) throws(SQLUnsupported) {
        let x = ctx.expression(step.input), binder = ctx.bind.binder(step.input)
        var out: [(sql: String, field: Field)] = []
        for (item, field) in zip(items, step.output) { out.append((try x.sql(try bound(binder.bind(item.expr))), field)) }
        r.project(out)
    }
}

extension DropStage: SQLStage {
    func sql(_ r: inout SQLRelation, _ step: Plan.Step, _ ctx: SQLContext) throws(SQLUnsupported) {
        r.project(step.output.map { (r.column($0.name), $0) })
    }
}

extension RenameStage: SQLStage {
    func sql(_ r: inout SQLRelation, _ step: Plan.Step, _ ctx: SQLContext) throws(SQLUnsupported) {
        // Renaming keeps every column in its place.
        r.project(zip(step.input, step.output).map { (r.column($0.name), $1) })
    }
}

extension SortStage: SQLStage {
    func sql(_ r: inout SQLRelation, _ step: Plan.Step, _ ctx: SQLContext) throws(SQLUnsupported) {
        let keys = try bound(SortKeyNode.bind(self.keys, step.input, ctx.bind))
        r.reorder(r.orderTerms(keys), ctx)
    }
}

extension TakeStage: SQLStage {
    func sql(_ r: inout SQLRelation, _ step: Plan.Step, _ ctx: SQLContext) throws(SQLUnsupported) {
        r.limit(count, ctx)
    }
}

extension TopStage: SQLStage {
    func sql(_ r: inout SQLRelation, _ step: Plan.Step, _ ctx: SQLContext) throws(SQLUnsupported) {
        let keys = try bound(SortKeyNode.bind(self.keys, step.input, ctx.bind))
        r.reorder(r.orderTerms(keys), ctx)
        r.limit(count, ctx)
    }
}

extension DistinctStage: SQLStage {
    func sql(_ r: inout SQLRelation, _ step: Plan.Step, _ ctx: SQLContext) throws(SQLUnsupported) {
        // In order of first appearance: each combination at its first row's place.
        let list = step.output.map { r.column($0.name) }.joined(separator: ", ")
        r.push(
            "SELECT \(list), min(\(r.positionColumn)) AS \(r.positionColumn)\nFROM \(r.current)\nGROUP BY \(list)",
            schema: step.output)
    }
}

extension CountStage: SQLStage {
    func sql(_ r: inout SQLRelation, _ step: Plan.Step, _ ctx: SQLContext) throws(SQLUnsupported) {
        let d = ctx.dialect
        guard !keys.isEmpty else {
            r.push(
                "SELECT CAST(0 AS BIGINT) AS \(r.positionColumn), CAST(count(*) AS BIGINT) AS \(r.column("count"))\nFROM \(r.current)",
                schema: step.output)
            return
        }
        let keyFields = Array(step.output.dropLast(2))
        let list = keyFields.map { r.column($0.name) }.joined(separator: ", ")
        // Per mille of all rows, computed once in the grouping and rounded
        // (half away from zero) to one decimal of a percent around it.
        var shareName = "share"
        while keyFields.contains(where: { $0.name == shareName }) { shareName += "_" }
        let share = r.column(shareName), float = d.typeName(.float)!
        let order = ["count(*) DESC"] + keyFields.flatMap { d.orderTerms(r.column($0.name), $0.type, descending: false) }
        r.push(
            """
            SELECT \(list), \(r.column("count")), \(SQLFunctions.roundHalfUp(share, d)) / \(d.float(10)) AS \(r.column("percent")), \(r.positionColumn)
            FROM (
              SELECT \(list), CAST(count(*) AS BIGINT) AS \(r.column("count")),
                CAST(count(*) AS \(float)) * \(d.float(1000)) / CAST(sum(count(*)) OVER () AS \(float)) AS \(share),
                \(ctx.numbered(order))
              FROM \(r.current)
              GROUP BY \(list)
            ) AS grouped
            """, schema: step.output)
    }
}

extension SummarizeStage: SQLStage {
    func sql(_ r: inout SQLRelation, _ step: Plan.Step, _ ctx: SQLContext) throws(SQLUnsupported) {
        let binder = ctx.bind.binder(step.input)
        let aggregates = try bound(AggregateBinder.bind(self.aggregates, binder, ctx.bind))
        let x = ctx.expression(step.input)
        var items: [String] = []
        for a in aggregates { items.append("\(try SQLAggregates.sql(a, x, position: r.positionColumn)) AS \(r.column(a.name))") }
        let keyFields = Array(step.output.prefix(keys.count))
        let list = keyFields.map { r.column($0.name) }.joined(separator: ", ")
        if keys.isEmpty {
            r.push("SELECT CAST(0 AS BIGINT) AS \(r.positionColumn), \(items.joined(separator: ", "))\nFROM \(r.current)", schema: step.output)
            return
        }
        let order = keyFields.flatMap { ctx.dialect.orderTerms(r.column($0.name), $0.type, descending: false) }
        r.push(
            "SELECT \(list), \(items.joined(separator: ", ")), \(ctx.numbered(order))\nFROM \(r.current)\nGROUP BY \(list)",
            schema: step.output)
    }
}

extension JoinStage: SQLStage {
    func sql(_ r: inout SQLRelation, _ step: Plan.Step, _ ctx: SQLContext) throws(SQLUnsupported) {
        let right = try ctx.table(source, sourceSpan)
        let on = keys.map { "l.\(r.column($0.left)) = r.\(r.column($0.right))" }.joined(separator: " AND ")
        if kind == .anti {
            r.push(
                "SELECT l.*\nFROM \(r.current) AS l\nWHERE NOT EXISTS (SELECT 1 FROM (\(right.sql)) AS r WHERE \(on))",
                schema: step.output)
            return
        }
        // The right columns kept, in the right table's order, under their output names.
        let shared = Set(keys.filter { $0.left == $0.right }.map(\.right))
        let rightKept = right.schema.filter { !shared.contains($0.name) }
        let rightOut = step.output.dropFirst(step.input.count)
        guard rightKept.count == rightOut.count else { throw SQLUnsupported("join's columns", at: sourceSpan) }
        let columns =
            step.input.map { "l.\(r.column($0.name))" }
            + zip(rightKept, rightOut).map { "r.\(r.column($0.name)) AS \(r.column($1.name))" }
        // Left row order, then the right table's order within a left row:
        // left × (largest right position + 1) + right (0 for a left row
        // without a match), with no sort of the joined rows; numbered where
        // positions are too large for that (Spark).
        let pos = r.positionColumn
        let order =
            ctx.dialect.joinPositionByArithmetic
            ? "(l.\(pos) * (SELECT coalesce(max(\(pos)), 0) + 1 FROM (\(right.sql)) AS k) + coalesce(r.\(pos), 0)) AS \(pos)"
            : ctx.numbered(["l.\(pos)", "r.\(pos)"])
        r.push(
            "SELECT \(columns.joined(separator: ", ")), \(order)\nFROM \(r.current) AS l\n\(kind == .left ? "LEFT" : "INNER") JOIN (\(right.sql)) AS r ON \(on)",
            schema: step.output)
    }
}

extension AppendStage: SQLStage {
    func sql(_ r: inout SQLRelation, _ step: Plan.Step, _ ctx: SQLContext) throws(SQLUnsupported) {
        let other = try ctx.table(source, span)
        let x = ctx.expression([])
        func columns(_ schema: Schema) -> String {
            step.output.map { f in
                guard let have = schema.first(where: { $0.name == f.name }) else {
                    return "CAST(NULL AS \(ctx.dialect.typeName(f.type) ?? "?")) AS \(r.column(f.name))"
                }
                return (have.type == f.type ? r.column(f.name) : x.cast(r.column(f.name), f.type)) + " AS \(r.column(f.name))"
            }.joined(separator: ", ")
        }
        let part = r.column("werkbank part")
        r.push(
            """
            SELECT \(columns(step.input)), 0 AS \(part), \(r.positionColumn) FROM \(r.current)
            UNION ALL
            SELECT \(columns(other.schema)), 1 AS \(part), \(r.positionColumn) FROM (\(other.sql)) AS a
            """, schema: step.output)
        r.push(
            "SELECT \(step.output.map { r.column($0.name) }.joined(separator: ", ")), \(ctx.numbered([part, r.positionColumn]))\nFROM \(r.current)",
            schema: step.output)
    }
}

/// A binding error while lowering: the plan bound the same stage already,
/// so this does not happen; said as unsupported rather than trapped.
func bound<T>(_ body: @autoclosure () throws(Diagnostic) -> T) throws(SQLUnsupported) -> T {
    do { return try body() } catch { throw SQLUnsupported(error.message, at: error.span ?? .init(0, 0)) }
}

extension DeriveStage: SQLStage {
    /// One SELECT per item (an item may read the one before it); aggregates
    /// and row functions inside become window functions over the `by` groups
    /// in the current row order.
    func sql(_ r: inout SQLRelation, _ step: Plan.Step, _ ctx: SQLContext) throws(SQLUnsupported) {
        var schema = step.input
        let partition = keys.isEmpty ? "" : "PARTITION BY " + keys.map { r.column($0.0) }.joined(separator: ", ") + " "
        for item in items {
            let name = item.name ?? ""
            let (expr, calls) = try bound(GroupedCall.extract(from: item.expr, schema: schema, ctx.bind))
            let e = try bound(ctx.bind.binder(schema + calls.map(\.field)).bind(expr))
            var windows: [String] = []
            let x = ctx.expression(schema)
            for call in calls { windows.append(try SQLWindows.sql(call, x, partition: partition, position: r.positionColumn, at: item.expr.span)) }
            var withWindows = ctx.expression(schema + calls.map(\.field))
            let base = withWindows.columnSQL
            withWindows.columnSQL = { i in i >= schema.count ? windows[i - schema.count] : base(i) }
            let value = try withWindows.sql(e)
            if let i = schema.firstIndex(where: { $0.name == name }) {
                var out = schema.map { (sql: r.column($0.name), field: $0) }
                out[i] = (value, Field(name, e.type))
                r.project(out)
            } else {
                r.push("SELECT *, \(value) AS \(r.column(name))\nFROM \(r.current)", schema: schema + [Field(name, e.type)])
            }
            schema = r.schema
        }
    }
}

/// Aggregates and row functions of `derive` as window functions.
enum SQLWindows {
    static func sql(
        _ call: GroupedCall, _ x: SQLExpression, partition: String, position: String, at span: SourceSpan
    ) throws(SQLUnsupported) -> String {
        let d = x.dialect
        let inOrder = "OVER (\(partition)ORDER BY \(position))"
        switch call.kind {
        case .aggregate(let a):
            // Whole-group windows of the aggregates whose answer does not
            // depend on the order values are added in.
            switch a.kernel {
            case .count, .min, .max: break
            case .sum,
                .avg where a.argument?.type == .int:
                break
            default: throw SQLUnsupported("\(a.kernel.rawValue)() in derive is computed in werkbank", at: a.span)
            }
            let over = " OVER (\(partition.trimmingCharacters(in: .whitespaces)))"
            return try SQLAggregates.sql(a, x, position: position, over: over)
        case .row(let def, let args, let constant):
            var a: [String] = []
            for arg in args { a.append(try x.sql(arg)) }
            switch def.name {
            case "row_number":
                return "CAST(row_number() \(inOrder) AS BIGINT)"
            case "rank", "dense_rank":
                let terms = d.orderTerms(a[0], args[0].type, descending: false)
                return "CAST(\(def.name)() OVER (\(partition)ORDER BY \(terms.joined(separator: ", "))) AS BIGINT)"
            case "lag", "lead":
                return "\(def.name)(\(a[0]), \(constant)) \(inOrder)"
            case "cumsum" where args[0].type == .int:
                return "CAST(sum(\(a[0])) OVER (\(partition)ORDER BY \(position) ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS BIGINT)"
            default:
                throw SQLUnsupported("\(def.name)() of floats is computed in werkbank", at: span)
            }
        }
    }
}
