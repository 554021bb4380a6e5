import WerkbankEngine
import WerkbankReaders

/// A column's text turned into werkbank's value in SQL, the same for every
/// engine but for the spelling of a date layout: null markers first
/// (`CASE … THEN NULL`), then thousands separators out, the decimal comma
/// made a point, and the cast (dates through the layout werkbank found).
struct IngestConversion {
    let dialect: SQLDialect
    let decimalComma: Bool
    /// `null=`: null in every column.
    let nullValues: [String]

    /// The value of `column` from the text expression `text`.
    func expression(_ column: CSVIngestColumn, text: String) -> String {
        // `""` is the empty text in a string column, null in a typed one
        // (the unquoted empty field is null when read, in both).
        let nulls = (column.type == .string ? [] : [""]) + nullValues + column.nullMarkers.filter { !nullValues.contains($0) }
        let v =
            nulls.isEmpty
            ? text
            : nulls == [""]
                ? "NULLIF(\(text), '')"
                : "CASE WHEN \(text) IN (\(nulls.map(dialect.string).joined(separator: ", "))) THEN NULL ELSE \(text) END"
        let decimal = decimalComma ? "," : "."
        switch column.type {
        case .string, .geometry:
            return v
        case .bool:
            return cast(v, .bool)
        case .int:
            guard let t = column.thousands else { return cast(v, .int) }
            // No fraction in an int column; `10.` (a trailing separator) reads 10.
            let separator = String(UnicodeScalar(t))
            let digits = "replace(\(v), \(dialect.string(separator)), '')"
            return cast(separator == decimal ? digits : "rtrim(\(digits), \(dialect.string(decimal)))", .int)
        case .float:
            var x = v
            if let t = column.thousands { x = "replace(\(x), \(dialect.string(String(UnicodeScalar(t)))), '')" }
            if decimalComma, column.thousands != UInt8(ascii: ",") { x = "replace(\(x), ',', '.')" }
            return cast(x, .float)
        case .date:
            guard let layout = column.dateLayout else { return cast(v, .date) }
            let parsed = date(v, layout: layout)
            return column.isoDatesToo ? "CASE WHEN \(v) LIKE '____-__-__' THEN \(cast(v, .date)) ELSE \(parsed) END" : parsed
        }
    }

    func cast(_ x: String, _ type: DataType) -> String {
        "CAST(\(x) AS \(dialect.typeName(type) ?? "VARCHAR"))"
    }

    /// A date in `layout` (`DatePattern`'s words), as the engine parses it.
    func date(_ x: String, layout: String) -> String {
        let format = Self.format(layout, dialect) ?? ""
        switch dialect {
        case .postgres: return "to_date(\(x), \(dialect.string(format)))"
        default: return "CAST(strptime(\(x), \(dialect.string(format))) AS DATE)"
        }
    }

    /// `d-m-yyyy` as `%d-%m-%Y` (DuckDB) or `DD-MM-YYYY` (PostgreSQL); nil
    /// for a layout the engines read otherwise than werkbank (a two-digit
    /// year: werkbank reads 20yy, the engines pick a century).
    static func format(_ layout: String, _ dialect: SQLDialect) -> String? {
        guard let pattern = DatePattern(layout) else { return nil }
        var out = ""
        for piece in pattern.pieces {
            switch (piece, dialect) {
            case (.year2, _): return nil
            case (.year4, .postgres): out += "YYYY"
            case (.month, .postgres): out += "MM"
            case (.day, .postgres): out += "DD"
            case (.year4, _): out += "%Y"
            case (.month, _): out += "%m"
            case (.day, _): out += "%d"
            case (.literal(let c), .postgres):
                // Letters would be template patterns: quoted.
                let s = String(UnicodeScalar(c))
                out += (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A ? "\"\(s)\"" : s
            case (.literal(let c), _):
                out += c == UInt8(ascii: "%") ? "%%" : String(UnicodeScalar(c))
            }
        }
        return out
    }
}
