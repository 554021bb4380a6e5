import Foundation
import WerkbankEngine

/// A table (or view) in an engine's catalogue, as `datasets` lists it.
public struct RemoteTable: Sendable, Equatable {
    /// The engine's schema (`main`, `public`, `bag`, …).
    public var schema: String
    /// The table's own name.
    public var table: String
    public var columns: [RemoteColumn]
    /// The number of rows; nil when not known without running a query that
    /// may take long (a view, a large PostgreSQL table never analysed).
    public var rowCount: Int?
    /// False when `rowCount` is the engine's estimate (PostgreSQL's
    /// `reltuples` for a large table), not a count.
    public var rowCountIsExact: Bool
    public var isView: Bool

    public init(schema: String, table: String, columns: [RemoteColumn], rowCount: Int?, rowCountIsExact: Bool, isView: Bool) {
        self.schema = schema
        self.table = table
        self.columns = columns
        self.rowCount = rowCount
        self.rowCountIsExact = rowCountIsExact
        self.isView = isView
    }

    /// The name werkbank shows after the connection's: the table's own in the
    /// engine's default schema, `schema.table` in any other.
    public func name(defaultSchema: String) -> String { schema == defaultSchema ? table : schema + "." + table }
}

/// A column of a remote table: its werkbank type, or nil when werkbank does
/// not read the engine's type (kept by name for the message).
public struct RemoteColumn: Sendable, Equatable {
    public var name: String
    public var type: DataType?
    /// The engine's spelling, as the catalogue gives it (`BIGINT`,
    /// `character varying`, `TIMESTAMP WITH TIME ZONE`).
    public var engineType: String

    public init(name: String, engineType: String) {
        self.name = name
        self.engineType = engineType
        self.type = Self.werkbankType(engineType)
    }

    /// The werkbank type of an engine column type (DuckDB's and PostgreSQL's
    /// spellings; the parameters of `DECIMAL(18,3)` or `varchar(20)` do not
    /// matter). Integers of any width are int (a HUGEINT or UBIGINT value
    /// outside 64 bits is an error when it is read, not a reason to refuse
    /// the column); decimals are float, as werkbank has no decimal type.
    public static func werkbankType(_ engineType: String) -> DataType? {
        var base = engineType.uppercased()
        if let paren = base.firstIndex(of: "(") { base = String(base[..<paren]) }
        base = base.trimmingCharacters(in: .whitespaces)
        switch base {
        case "BIGINT", "INTEGER", "INT", "SMALLINT", "TINYINT", "HUGEINT", "UBIGINT", "UINTEGER", "USMALLINT", "UTINYINT",
            "UHUGEINT", "INT8", "INT4", "INT2", "INT1", "LONG", "SHORT", "SIGNED":
            return .int
        case "DOUBLE", "DOUBLE PRECISION", "REAL", "FLOAT", "FLOAT4", "FLOAT8", "DECIMAL", "NUMERIC":
            return .float
        case "VARCHAR", "TEXT", "CHAR", "CHARACTER", "CHARACTER VARYING", "BPCHAR", "STRING", "NAME":
            return .string
        case "BOOLEAN", "BOOL":
            return .bool
        case "DATE":
            return .date
        default:
            return nil
        }
    }
}
