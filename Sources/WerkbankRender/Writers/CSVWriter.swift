import WerkbankEngine

/// The `csv` format and `save "x.csv"`: RFC 4180 with a header row, `,`
/// between fields, LF line endings.
///
/// A field is quoted (with `"` doubled) only when it contains `,`, `"`, CR or
/// LF, has a leading or trailing space, or is the empty string (so that it
/// reads back as an empty string, not as null). Null is an empty field;
/// floats are in shortest round-trip form (`2.0`, `0.1`, `1e-05`, `NaN`,
/// `inf`); dates `YYYY-MM-DD`; bools `true`/`false`. A table without columns
/// writes nothing.
public enum CSVWriter {
    public static func render(_ table: Table) -> String {
        let out = write(table)
        return out.finishString()
    }

    /// The UTF-8 bytes of `render(_:)`, for writing to a file directly.
    /// - Complexity: O(rows × columns + total dictionary size).
    public static func bytes(_ table: Table) -> [UInt8] {
        let out = write(table)
        return out.finishBytes()
    }

    static func write(_ table: Table) -> ByteWriter {
        var out = ByteWriter(capacity: 64 + table.rowCount * table.columnCount * 8)
        if table.columnCount == 0 { return out }
        var header: [UInt8] = []
        for (c, field) in table.fields.enumerated() {
            if c > 0 { header.append(UInt8(ascii: ",")) }
            appendField(field.name, &header)
        }
        header.append(UInt8(ascii: "\n"))
        out.append(header)
        let columns = table.columns.map { PreparedColumn($0, encode: appendField) }
        let last = columns.count - 1
        PreparedColumn.withCells(columns) { cells in
            for r in 0..<table.rowCount {
                for c in 0...last {
                    let cell = cells[c]
                    if !cell.isNull(r) {
                        switch cell.values {
                        case .int(let v): out.append(int: v[r])
                        case .float(let v): out.append(shortest: v[r])
                        case .bool(let v): v[r] ? out.append(ascii: "true") : out.append(ascii: "false")
                        case .date(let v): out.append(date: v[r])
                        case .string(let codes, let bytes, let offsets):
                            let k = Int(codes[r])
                            out.appendShort(UnsafeBufferPointer(rebasing: bytes[offsets[k]..<offsets[k + 1]]))
                        }
                    }
                    out.append(c == last ? UInt8(ascii: "\n") : UInt8(ascii: ","))
                }
            }
        }
        return out
    }

    /// Whether a string must be quoted as a csv field.
    static func needsQuotes(_ s: String) -> Bool {
        let u = s.utf8
        guard let first = u.first, let lastByte = u.last else { return true }
        if first == UInt8(ascii: " ") || lastByte == UInt8(ascii: " ") { return true }
        for b in u where b == UInt8(ascii: ",") || b == UInt8(ascii: "\"") || b == 0x0A || b == 0x0D {
            return true
        }
        return false
    }

    /// Appends `s` as one csv field.
    static func appendField(_ s: String, _ out: inout [UInt8]) {
        guard needsQuotes(s) else {
            out.append(contentsOf: s.utf8)
            return
        }
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            if b == UInt8(ascii: "\"") { out.append(b) }
            out.append(b)
        }
        out.append(UInt8(ascii: "\""))
    }
}
