import WerkbankEngine
import WerkbankRender

/// A table as JSON lines for the Spark driver: one array a row; null,
/// numbers and booleans as JSON has them; floats as text in shortest
/// round-trip form (`nan`, `inf` and `-inf` too, which JSON has not); dates
/// as ISO text.
enum JSONRows {
    static func bytes(_ table: Table) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(table.rowCount * table.columnCount * 8)
        for r in 0..<table.rowCount {
            out.append(UInt8(ascii: "["))
            for c in 0..<table.columnCount {
                if c > 0 { out.append(UInt8(ascii: ",")) }
                switch table.columns[c].value(at: r) {
                case .null, .geometry: out += Array("null".utf8)
                case .int(let i): out += Array(String(i).utf8)
                case .float(let d): JSONWriter.string(d.isNaN ? "nan" : d.isInfinite ? (d < 0 ? "-inf" : "inf") : "\(d)", &out)
                case .bool(let b): out += Array((b ? "true" : "false").utf8)
                case .date(let days): JSONWriter.string(CalendarDate.format(days), &out)
                case .string(let s): JSONWriter.string(s, &out)
                }
            }
            out += Array("]\n".utf8)
        }
        return out
    }
}
