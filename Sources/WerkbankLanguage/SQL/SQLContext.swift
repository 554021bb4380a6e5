import WerkbankEngine

/// What lowering a stage to SQL can use: the dialect, the binding context
/// (the same binders as running), the step's schemas from the plan, and how
/// a table named in the pipeline (`join`, `append`) reads in SQL.
struct SQLContext {
    let dialect: SQLDialect
    let bind: BindContext
    /// The SELECT that reads a named table with its row position first
    /// (the relation's position column), then its columns.
    let table: (String, SourceSpan) throws(SQLUnsupported) -> (sql: String, schema: Schema)
    let position: String

    func expression(_ input: Schema) -> SQLExpression { SQLExpression(dialect: dialect, input: input) }

    /// `row_number() OVER (ORDER BY …)` as the new position.
    func numbered(_ order: [String]) -> String {
        "row_number() OVER (ORDER BY \(order.joined(separator: ", "))) AS \(dialect.identifier(position))"
    }
}

extension SQLRelation {
    /// A SELECT of the given expressions, named, keeping the position.
    mutating func project(_ items: [(sql: String, field: Field)], where condition: String? = nil) {
        // A column kept under its name is written once.
        let list = [positionColumn] + items.map { $0.sql == column($0.field.name) ? $0.sql : "\($0.sql) AS \(column($0.field.name))" }
        var body = "SELECT \(list.joined(separator: ", "))\nFROM \(current)"
        if let condition { body += "\nWHERE \(condition)" }
        push(body, schema: items.map(\.field))
    }

    /// The ORDER BY terms of werkbank's sort keys (input column index, descending).
    func orderTerms(_ keys: [(Int, Bool)]) -> [String] {
        keys.flatMap { dialect.orderTerms(column(schema[$0.0].name), schema[$0.0].type, descending: $0.1) }
    }
}
