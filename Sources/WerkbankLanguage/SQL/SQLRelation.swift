import WerkbankEngine

/// A pipeline on its way to SQL: one common table expression per stage
/// (`s0`, `s1`, …), each selecting from the one before. Every relation
/// carries werkbank's row order as a column (`position`): a stage that keeps
/// the order keeps it, one that makes a new order numbers its rows again
/// (`row_number() OVER (ORDER BY …, position)`), and the final SELECT orders
/// by it. So the rows come back in werkbank's order whatever the engine
/// does with ties, joins and parallel plans.
public struct SQLRelation: Sendable {
    public let dialect: SQLDialect
    /// The column holding the row order (a name no user column has).
    public let position: String
    /// The common table expressions so far, in order, each with the plan
    /// step that wrote it (nil: the source).
    public private(set) var parts: [(name: String, body: String, step: Int?)] = []
    /// The plan step whose SQL is being written (set by the compiler).
    var step: Int?
    /// The relation the next stage selects from.
    public private(set) var current: String
    /// The user's columns of `current`, in order.
    public private(set) var schema: Schema
    /// While `current` is a new order (`reorder`): its terms and the relation
    /// it numbered, so that a `take` right after it limits first (top-N)
    /// instead of numbering every row.
    private var lastReorder: (relation: String, terms: [String], input: String)?

    init(dialect: SQLDialect, position: String, source: String, schema: Schema) {
        self.dialect = dialect
        self.position = position
        self.schema = schema
        self.current = "s0"
        parts.append(("s0", source, nil))
    }

    /// Adds a stage's SELECT (reading from `current`) whose user columns are `schema`.
    mutating func push(_ body: String, schema: Schema) {
        let name = "s\(parts.count)"
        parts.append((name, body, step))
        current = name
        self.schema = schema
        lastReorder = nil
    }

    /// The rows numbered again in a new order (ties in the old order).
    mutating func reorder(_ terms: [String], _ ctx: SQLContext) {
        let input = current
        push(
            "SELECT \(columnList.isEmpty ? "" : columnList + ", ")\(ctx.numbered(terms + [positionColumn]))\nFROM \(current)",
            schema: schema)
        lastReorder = (current, terms, input)
    }

    /// The first `count` rows in the current order. Right after a new order,
    /// the rows are limited in that order first and numbered after, so the
    /// engine keeps `count` rows (a top-N) rather than sorting them all; the
    /// order is total (the old position last), so the same rows come.
    mutating func limit(_ count: Int, _ ctx: SQLContext) {
        guard let last = lastReorder, last.relation == current else {
            push("SELECT *\nFROM \(current)\nORDER BY \(positionColumn)\nLIMIT \(count)", schema: schema)
            return
        }
        parts.removeLast()
        current = last.input
        push("SELECT *\nFROM \(current)\nORDER BY \((last.terms + [positionColumn]).joined(separator: ", "))\nLIMIT \(count)", schema: schema)
        reorder(last.terms, ctx)
    }

    /// A column of `current` as an identifier.
    func column(_ name: String) -> String { dialect.identifier(name) }

    var positionColumn: String { dialect.identifier(position) }

    /// The user's columns of `current`, quoted, separated by commas.
    var columnList: String { schema.map { column($0.name) }.joined(separator: ", ") }

    /// The user's columns and the position.
    var allColumns: String { ([positionColumn] + schema.map { column($0.name) }).joined(separator: ", ") }

    /// The whole query: the stages as common table expressions, the user's
    /// columns in werkbank's order; and for each of its lines the plan step
    /// that wrote it (nil: the source, or the query's own lines), so that an
    /// engine's error at a line is put on that stage.
    var query: (text: String, lineSteps: [Int?]) {
        var out = "WITH\n"
        var lineSteps: [Int?] = [nil]
        for (k, part) in parts.enumerated() {
            let text = "  \(part.name) AS (\n    " + part.body.replacingOccurrences(of: "\n", with: "\n    ") + "\n  )"
            out += text + (k < parts.count - 1 ? ",\n" : "")
            lineSteps += Array(repeating: part.step, count: text.utf8.count { $0 == 0x0A } + 1)
        }
        let select = "\nSELECT \(schema.isEmpty ? "NULL AS \"?\"" : columnList)\nFROM \(current)\nORDER BY \(positionColumn)"
        out += select
        lineSteps += Array(repeating: nil, count: select.utf8.count { $0 == 0x0A })
        return (out, lineSteps)
    }
}
