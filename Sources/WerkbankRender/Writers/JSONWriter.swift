import WerkbankEngine

/// The `json` and `jsonl` formats: one object per row, keys in column order.
///
/// ```
/// [
///   {"id": 1, "name": "Keilepand", "rate": 2.5, "ok": true, "when": "2024-05-01", "x": null}
/// ]
/// ```
///
/// `json` is an array with one object a line (`[]` for no rows); `jsonl` is
/// one object a line and nothing else (the empty string for no rows).
/// Floats are in shortest round-trip form (NaN and ±∞ become null), dates
/// `"YYYY-MM-DD"` strings, strings escaped per RFC 8259 with non-ASCII kept
/// as UTF-8.
public enum JSONWriter {
    public static func render(_ table: Table, lines: Bool) -> String {
        let out = write(table, lines: lines)
        return out.finishString()
    }

    /// The UTF-8 bytes of `render(_:lines:)`, for writing to a file directly.
    /// - Complexity: O(rows × columns + total dictionary size).
    public static func bytes(_ table: Table, lines: Bool) -> [UInt8] {
        let out = write(table, lines: lines)
        return out.finishBytes()
    }

    static func write(_ table: Table, lines: Bool) -> ByteWriter {
        if table.rowCount == 0 {
            var out = ByteWriter(capacity: 8)
            if !lines { out.append(ascii: "[]\n") }
            return out
        }
        // `{"a": ` before the first value, `, "b": ` before the others.
        let keys: [[UInt8]] = table.fields.enumerated().map { c, field in
            var k: [UInt8] = Array((c == 0 ? "{" : ", ").utf8)
            string(field.name, &k)
            k.append(contentsOf: ": ".utf8)
            return k
        }
        let perRow = keys.reduce(6) { $0 + $1.count } + table.columnCount * 8
        var out = ByteWriter(capacity: 16 + table.rowCount * perRow)
        if !lines { out.append(ascii: "[\n") }
        let columns = table.columns.map { PreparedColumn($0, encode: string, encodeGeometry: { $1.append(contentsOf: $0.utf8) }) }
        let last = table.rowCount - 1
        PreparedColumn.withCells(columns) { cells in
            for r in 0...last {
                if !lines { out.append(ascii: "  ") }
                if cells.isEmpty { out.append(UInt8(ascii: "{")) }
                for c in 0..<cells.count {
                    keys[c].withUnsafeBufferPointer { out.appendShort($0) }
                    let cell = cells[c]
                    if cell.isNull(r) {
                        out.append(ascii: "null")
                        continue
                    }
                    switch cell.values {
                    case .int(let v): out.append(int: v[r])
                    case .float(let v):
                        if v[r].isFinite { out.append(shortest: v[r]) } else { out.append(ascii: "null") }
                    case .bool(let v): v[r] ? out.append(ascii: "true") : out.append(ascii: "false")
                    case .date(let v):
                        out.append(UInt8(ascii: "\""))
                        out.append(date: v[r])
                        out.append(UInt8(ascii: "\""))
                    case .string(let codes, let bytes, let offsets):
                        let k = Int(codes[r])
                        out.appendShort(UnsafeBufferPointer(rebasing: bytes[offsets[k]..<offsets[k + 1]]))
                    }
                }
                if lines || r == last { out.append(ascii: "}\n") } else { out.append(ascii: "},\n") }
            }
        }
        if !lines { out.append(ascii: "]\n") }
        return out
    }

    /// Appends `s` as a JSON string literal.
    public static func string(_ s: String, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
            case 0x0A: out.append(contentsOf: "\\n".utf8)
            case 0x09: out.append(contentsOf: "\\t".utf8)
            case 0x0D: out.append(contentsOf: "\\r".utf8)
            case 0x08: out.append(contentsOf: "\\b".utf8)
            case 0x0C: out.append(contentsOf: "\\f".utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: "\\u00".utf8)
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 15)])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
