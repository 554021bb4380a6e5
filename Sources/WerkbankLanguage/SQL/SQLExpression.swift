import WerkbankEngine

/// A bound expression as SQL, with werkbank's answer: `/` always a float
/// division and null for a zero divisor, `//` and `%` truncating, NaN
/// comparing unequal to everything (SQL engines order it above every number
/// and equal to itself), strings compared by bytes, constants typed as
/// werkbank types them. What a dialect cannot say exactly is `SQLUnsupported`.
struct SQLExpression {
    let dialect: SQLDialect
    /// The input's columns, by the indices `BoundExpr.column` uses.
    let input: Schema
    /// The column names as the SQL reads them (default: quoted input names).
    var columnSQL: (Int) -> String

    init(dialect: SQLDialect, input: Schema) {
        self.dialect = dialect
        self.input = input
        self.columnSQL = { [dialect, input] in dialect.identifier(input[$0].name) }
    }

    func sql(_ e: BoundExpr) throws(SQLUnsupported) -> String {
        switch e {
        case .column(let i, _):
            return columnSQL(i)
        case .literal(let value, let type):
            return try literal(value, type)
        case .negate(let inner, _):
            return "(- \(try sql(inner)))"
        case .not(let inner):
            return "(NOT \(try sql(inner)))"
        case .arithmetic(let op, let l, let r, let type, let site):
            return try arithmetic(op, l, r, type, site)
        case .compare(let op, let l, let r):
            return try compare(op, l, r)
        case .logical(let isAnd, let l, let r):
            return "(\(try sql(l)) \(isAnd ? "AND" : "OR") \(try sql(r)))"
        case .coalesce(let items, _):
            var parts: [String] = []
            for item in items { parts.append(try sql(item)) }
            return "COALESCE(\(parts.joined(separator: ", ")))"
        case .inList(let inner, let values, let negated):
            return try inList(inner, values, negated: negated)
        case .isNull(let inner, let negated):
            return "(\(try sql(inner)) IS \(negated ? "NOT " : "")NULL)"
        case .call(let f, let args, let type, let site):
            return try SQLFunctions.call(f.name, args, type, site, self)
        case .toFloat(let inner):
            return cast(try sql(inner), .float)
        }
    }

    func cast(_ x: String, _ type: DataType) -> String { "CAST(\(x) AS \(dialect.typeName(type) ?? "?"))" }

    func literal(_ value: Value, _ type: DataType) throws(SQLUnsupported) -> String {
        switch value {
        case .null:
            guard let name = dialect.typeName(type) else { throw SQLUnsupported("a null shape has no SQL type", at: .init(0, 0)) }
            return "CAST(NULL AS \(name))"
        case .int(let i):
            // Typed: an untyped small literal is a 32-bit int in PostgreSQL
            // and DuckDB, and `1000000 * 1000000` would overflow there.
            return type == .float ? dialect.float(Double(i)) : "CAST(\(i) AS BIGINT)"
        case .float(let d): return dialect.float(d)
        case .bool(let b): return b ? "TRUE" : "FALSE"
        case .string(let s): return dialect.string(s)
        case .date(let days): return "DATE '\(CalendarDate.format(days))'"
        case .geometry: throw SQLUnsupported("shapes do not go into SQL", at: .init(0, 0))
        }
    }

    private func arithmetic(
        _ op: ArithmeticOperator, _ l: BoundExpr, _ r: BoundExpr, _ type: DataType, _ site: ExpressionSite
    ) throws(SQLUnsupported) -> String {
        let a = try sql(l), b = try sql(r)
        switch op {
        case .add, .subtract, .multiply:
            return "(\(a) \(op.rawValue) \(b))"
        case .divide:
            let x = l.type == .float ? a : cast(a, .float), y = r.type == .float ? b : cast(b, .float)
            return "(\(x) / NULLIF(\(y), 0))"
        case .integerDivide:
            guard type == .int else { throw SQLUnsupported("// of floats", at: site.span) }
            return dialect.integerDivide(a, "NULLIF(\(b), 0)")
        case .modulo:
            guard type == .int else {
                throw SQLUnsupported("% of floats differs between engines (fmod)", at: site.span)
            }
            // x % -1 is 0 for every x; the engines' Int64.min % -1 overflows.
            return "(CASE WHEN \(b) = -1 THEN \(a) * 0 ELSE \(a) % NULLIF(\(b), 0) END)"
        }
    }

    private func compare(_ op: ComparisonOperator, _ l: BoundExpr, _ r: BoundExpr) throws(SQLUnsupported) -> String {
        var a = try sql(l), b = try sql(r)
        let sqlOp = op == .equal ? "=" : op == .notEqual ? "<>" : op.rawValue
        if l.type == .string, op != .equal, op != .notEqual {
            a = dialect.byteOrder(a)
            b = dialect.byteOrder(b)
        }
        let plain = "(\(a) \(sqlOp) \(b))"
        guard l.type == .float || r.type == .float else { return plain }
        // NaN: werkbank compares it as IEEE does (unequal to everything, even
        // itself); SQL engines make it equal to itself and above every number.
        let nanAnswer = op == .notEqual ? "TRUE" : "FALSE"
        var nanTests: [String] = []
        for (e, text) in [(l, a), (r, b)] where e.type == .float && !isNumberLiteral(e) { nanTests.append(dialect.isNaN(text)) }
        if nanTests.isEmpty { return plain }
        let nulls = [(l, a), (r, b)].filter { !isLiteral($0.0) }.map { "\($0.1) IS NULL" }
        return
            "(CASE WHEN \(nulls.joined(separator: " OR ")) THEN NULL WHEN \(nanTests.joined(separator: " OR ")) THEN \(nanAnswer) ELSE \(plain) END)"
    }

    private func isLiteral(_ e: BoundExpr) -> Bool {
        if case .literal = e { return true }
        if case .toFloat(let inner) = e { return isLiteral(inner) }
        return false
    }

    private func isNumberLiteral(_ e: BoundExpr) -> Bool {
        switch e {
        case .literal(.float(let d), _): !d.isNaN
        case .literal(.int, _): true
        case .toFloat(let inner): isNumberLiteral(inner)
        default: false
        }
    }

    private func inList(_ inner: BoundExpr, _ values: [Value], negated: Bool) throws(SQLUnsupported) -> String {
        let x = try sql(inner)
        // As werkbank: the values of the column's own type; nothing of
        // another type (or null) ever matches.
        var items: [String] = []
        for v in values where v != .null {
            switch (inner.type, v) {
            case (.int, .int), (.string, .string), (.bool, .bool), (.date, .date), (.float, .float): items.append(try literal(v, inner.type))
            case (.float, .int(let i)): items.append(dialect.float(Double(i)))
            case (.date, .string(let s)): items.append("DATE \(dialect.string(s))")
            default: continue
            }
        }
        if inner.type == .float {
            throw SQLUnsupported("in [...] on floats (NaN)", at: .init(0, 0))
        }
        if items.isEmpty { return "(CASE WHEN \(x) IS NULL THEN NULL ELSE \(negated ? "TRUE" : "FALSE") END)" }
        return "(\(x) \(negated ? "NOT " : "")IN (\(items.joined(separator: ", "))))"
    }
}
