import WerkbankEngine

/// The SQL engines a pipeline can be compiled for. Each spells a few things
/// its own way (quoting, types, division, rounding, sort order of strings);
/// those spellings live here, so that the compiler and the engines' clients
/// agree on them.
public enum SQLDialect: String, Sendable, CaseIterable {
    case duckdb, postgres, spark, trino

    /// The name `explain sql` and `connect` take.
    public var name: String { rawValue }

    /// The schema (Spark: database) a connection's tables are in unless named.
    public var defaultSchema: String {
        switch self {
        case .duckdb: "main"
        case .postgres: "public"
        case .spark, .trino: "default"
        }
    }

    /// A name as an identifier: double quotes (Spark: backquotes), the quote
    /// doubled inside.
    public func identifier(_ name: String) -> String {
        switch self {
        case .spark: "`" + name.replacingOccurrences(of: "`", with: "``") + "`"
        case .duckdb, .postgres, .trino: "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
    }

    /// A string literal: single quotes, the quote doubled inside. Spark
    /// escapes with backslashes instead (it reads `'it''s'` as the two
    /// literals `'it'` `'s'`, joined: `its`).
    public func string(_ text: String) -> String {
        if self == .spark {
            return "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        }
        return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// The engine's column type for a werkbank type (nil: no such column in
    /// this engine).
    public func typeName(_ type: DataType) -> String? {
        switch (self, type) {
        case (_, .int): "BIGINT"
        case (.postgres, .float): "DOUBLE PRECISION"
        case (_, .float): "DOUBLE"
        case (.spark, .string): "STRING"
        case (_, .string): "VARCHAR"
        case (_, .bool): "BOOLEAN"
        case (_, .date): "DATE"
        case (_, .geometry): nil
        }
    }
}

// MARK: werkbank's rules, spelled per dialect

extension SQLDialect {
    /// Whether a float is NaN. PostgreSQL has no `isnan` but compares NaN
    /// equal to itself.
    func isNaN(_ x: String) -> String {
        switch self {
        case .duckdb, .spark: "isnan(\(x))"
        case .postgres: "(\(x) = 'NaN'::float8)"
        case .trino: "is_nan(\(x))"
        }
    }

    /// A string operand of `<`, `min` or `ORDER BY`, compared by bytes
    /// (werkbank compares strings by Unicode scalar values; PostgreSQL would
    /// use the database's collation).
    func byteOrder(_ x: String) -> String {
        self == .postgres ? "\(x) COLLATE \"C\"" : x
    }

    /// Integer division truncating toward zero, by a divisor that is not zero.
    func integerDivide(_ a: String, _ b: String) -> String {
        switch self {
        case .duckdb: "(\(a) // \(b))"
        case .spark: "(\(a) div \(b))"
        case .postgres, .trino: "(\(a) / \(b))"
        }
    }

    /// The exact sum of an int column (the aggregate call, before any
    /// window): DuckDB and PostgreSQL widen by themselves (HUGEINT,
    /// NUMERIC); Spark's sum of BIGINT stays 64 bits, so it adds decimals.
    func exactSum(_ v: String) -> String {
        self == .spark ? "sum(CAST(\(v) AS DECIMAL(38, 0)))" : "sum(\(v))"
    }

    /// A float constant (a bare `0.1` is an exact decimal in DuckDB and
    /// PostgreSQL, which would compute `0.1 + 0.2` as 0.3).
    func float(_ d: Double) -> String {
        let type = typeName(.float)!
        if d.isNaN { return "CAST('NaN' AS \(type))" }
        if d.isInfinite { return "CAST('\(d < 0 ? "-" : "")Infinity' AS \(type))" }
        return "CAST(\(d) AS \(type))"
    }

    /// Whether a join's row position can be computed from its two sides'
    /// positions (left × (largest right + 1) + right): positions are row
    /// numbers, and an overflow is an error, never a wrong order quietly.
    /// Not in Spark, whose stored positions (`monotonically_increasing_id`)
    /// carry the partition in their high bits: the product would overflow.
    var joinPositionByArithmetic: Bool { self != .spark }

    /// What the SQL assumes of the engine's settings, for `explain sql`
    /// (`connect` sets it). Spark: ANSI mode (Spark 4's default), in which an
    /// integer overflow is an error instead of a wrapped value.
    var requiredSettings: String? {
        self == .spark ? "spark.sql.ansi.enabled=true (Spark 4's default; integer overflow is then an error, not a wrapped value)" : nil
    }

    /// The row order of a table in the engine, where the engine keeps one.
    /// nil: the engine has no order of its own (a pipeline over it is refused
    /// where werkbank's answer depends on the order).
    func storedRowOrder() -> String? {
        switch self {
        // A DuckDB table's rowid is its insertion order.
        case .duckdb: "rowid"
        // ctid is the row's place in the heap: the order a sequential scan
        // reads, stable while the table is not updated.
        case .postgres: "row_number() OVER (ORDER BY ctid)"
        // Spark numbers rows in partition order: a file's order when read.
        case .spark: "monotonically_increasing_id()"
        case .trino: nil
        }
    }

    /// One key of an ORDER BY in werkbank's order: nulls last in both
    /// directions, NaN after every number (and before null) in both
    /// directions, strings by bytes.
    func orderTerms(_ x: String, _ type: DataType, descending: Bool) -> [String] {
        let direction = descending ? "DESC" : "ASC"
        switch type {
        case .float:
            return ["(\(x) IS NULL)", isNaN(x), "\(x) \(direction)"]
        case .string:
            return ["\(byteOrder(x)) \(direction) NULLS LAST"]
        default:
            return ["\(x) \(direction) NULLS LAST"]
        }
    }
}
