import Foundation
import WerkbankEngine
import WerkbankLanguage
import WerkbankReaders

/// The reference: werkbank's own `load "FILE" OPTIONS` in memory (the same
/// option declarations, `CSVFormat.format`), and a comparison of an
/// engine's table with it: the same columns (names, types), the same rows
/// in the same order, each value equal.
enum IngestComparison {
    static func options(_ pairs: [(String, String)]) throws -> LoadOptions {
        try CSVFormat.format.parse(pairs.map { (key: $0.0, value: $0.1) })
    }

    static func inMemory(_ path: String, _ pairs: [(String, String)] = []) throws -> Table {
        try LoadFormats.load(
            path: path, label: path, as: CSVFormat.format, options: options(pairs), columns: nil, cancel: .never
        ).0
    }

    static func decisions(_ path: String, _ pairs: [(String, String)] = []) throws -> CSVIngestDecisions {
        let o = try options(pairs)
        return try CSVIngestSniff.decide(path: path, options: o.csv, skip: o.skip, cancel: .never)
    }

    /// The engine's spelling of a werkbank type in `information_schema`.
    static func engineType(_ t: DataType, _ dialect: SQLDialect) -> String {
        switch (dialect, t) {
        case (.postgres, .int): "bigint"
        case (.postgres, .float): "double precision"
        case (.postgres, .string): "character varying"
        case (.postgres, .bool): "boolean"
        case (.postgres, .date): "date"
        default: dialect.typeName(t) ?? "?"
        }
    }

    static let iso = DatePattern("yyyy-mm-dd")!

    /// The differences, at most `limit` of them (none: the same table).
    static func differences(_ table: Table, _ result: IngestEngines.Result, _ dialect: SQLDialect, limit: Int = 10) -> [String] {
        var out: [String] = []
        let expected = table.fields.map { ($0.name, engineType($0.type, dialect)) }
        let found = result.columns.map { ($0.name, $0.type) }
        if expected.map(\.0) != found.map(\.0) || expected.map(\.1) != found.map(\.1) {
            out.append("columns: expected \(expected), found \(found)")
            return out
        }
        if table.rowCount != result.rows.count {
            out.append("rows: expected \(table.rowCount), found \(result.rows.count)")
            return out
        }
        for field in table.fields {
            guard let column = table.column(field.name) else { continue }
            for i in 0..<table.rowCount {
                let want = column.value(at: i)
                let got = result.rows[i][field.name]
                if !same(want, got) {
                    out.append("row \(i + 1), \(field.name): expected \(want), found \(String(describing: got))")
                    if out.count >= limit { return out }
                }
            }
        }
        return out
    }

    static func same(_ want: Value, _ got: Any?) -> Bool {
        switch want {
        case .null: return got == nil || got is NSNull
        case .int(let v): return (got as? NSNumber).map { $0.int64Value == v && $0.doubleValue == Double(v) } ?? false
        case .float(let v):
            guard let n = got as? NSNumber else { return false }
            // Both sides read the decimal text; allow the last bit of rounding.
            return n.doubleValue == v || abs(n.doubleValue - v) <= 1e-12 * max(abs(v), 1)
        case .bool(let v): return (got as? Bool) == v
        case .date(let d): return (got as? String) == iso.format(d)
        case .string(let s): return (got as? String) == s
        case .geometry: return false
        }
    }
}
