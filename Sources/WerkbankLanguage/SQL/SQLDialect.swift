import WerkbankEngine

/// The SQL engines a pipeline can be compiled for. Each spells a few things
/// its own way (quoting, types, division, rounding, sort order of strings);
/// those spellings live here, so that the compiler and the engines' clients
/// agree on them.
public enum SQLDialect: String, Sendable, CaseIterable {
    case duckdb, postgres, spark, trino

    /// The name `explain sql` and `connect` take.
    public var name: String { rawValue }

    /// A name as an identifier: double quotes (Spark: backquotes), the quote
    /// doubled inside.
    public func identifier(_ name: String) -> String {
        switch self {
        case .spark: "`" + name.replacingOccurrences(of: "`", with: "``") + "`"
        case .duckdb, .postgres, .trino: "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
    }

    /// A string literal: single quotes, the quote doubled inside (Spark also
    /// reads backslashes as escapes, so they are doubled).
    public func string(_ text: String) -> String {
        var body = text.replacingOccurrences(of: "'", with: "''")
        if self == .spark { body = body.replacingOccurrences(of: "\\", with: "\\\\") }
        return "'" + body + "'"
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
