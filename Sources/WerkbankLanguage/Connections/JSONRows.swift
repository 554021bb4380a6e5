import WerkbankEngine

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
                case .float(let d): string(d.isNaN ? "nan" : d.isInfinite ? (d < 0 ? "-inf" : "inf") : "\(d)", into: &out)
                case .bool(let b): out += Array((b ? "true" : "false").utf8)
                case .date(let days): string(CalendarDate.format(days), into: &out)
                case .string(let s): string(s, into: &out)
                }
            }
            out += Array("]\n".utf8)
        }
        return out
    }

    /// A JSON string: quotes, backslashes and control characters escaped.
    static func string(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += Array("\\\"".utf8)
            case UInt8(ascii: "\\"): out += Array("\\\\".utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
