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
///
/// A `Dialect` changes the separator, the decimal mark and adds a byte-order
/// mark: `;`, `,` and a BOM are what Dutch Excel opens in columns with `€`
/// and `ö` intact.
public enum CSVWriter {
    public struct Dialect: Sendable, Equatable {
        public var delimiter: UInt8 = UInt8(ascii: ",")
        /// Floats written with a decimal comma (`2,5`).
        public var decimalComma = false
        /// A UTF-8 byte-order mark first, so Excel reads the file as UTF-8.
        public var byteOrderMark = false

        public init(delimiter: UInt8 = UInt8(ascii: ","), decimalComma: Bool = false, byteOrderMark: Bool = false) {
            self.delimiter = delimiter
            self.decimalComma = decimalComma
            self.byteOrderMark = byteOrderMark
        }

        public static let standard = Dialect()
    }

    public static func render(_ table: Table) -> String {
        let out = write(table, .standard)
        return out.finishString()
    }

    /// The UTF-8 bytes of `render(_:)` (in `dialect`), for writing to a file directly.
    /// - Complexity: O(rows × columns + total dictionary size).
    public static func bytes(_ table: Table, _ dialect: Dialect = .standard) -> [UInt8] {
        let out = write(table, dialect)
        return out.finishBytes()
    }

    static func write(_ table: Table, _ dialect: Dialect) -> ByteWriter {
        var out = ByteWriter(capacity: 64 + table.rowCount * table.columnCount * 8)
        if table.columnCount == 0 { return out }
        if dialect.byteOrderMark { out.append([0xEF, 0xBB, 0xBF]) }
        let separator = dialect.delimiter
        let encode = { (s: String, bytes: inout [UInt8]) in appendField(s, &bytes, delimiter: separator) }
        var header: [UInt8] = []
        for (c, field) in table.fields.enumerated() {
            if c > 0 { header.append(separator) }
            encode(field.name, &header)
        }
        header.append(UInt8(ascii: "\n"))
        out.append(header)
        let columns = table.columns.map { PreparedColumn($0, encode: encode) }
        let last = columns.count - 1
        PreparedColumn.withCells(columns) { cells in
            for r in 0..<table.rowCount {
                for c in 0...last {
                    let cell = cells[c]
                    if !cell.isNull(r) {
                        switch cell.values {
                        case .int(let v): out.append(int: v[r])
                        case .float(let v):
                            let start = out.count
                            out.append(shortest: v[r])
                            if dialect.decimalComma { out.replace(UInt8(ascii: "."), with: UInt8(ascii: ","), from: start) }
                        case .bool(let v): v[r] ? out.append(ascii: "true") : out.append(ascii: "false")
                        case .date(let v): out.append(date: v[r])
                        case .string(let codes, let bytes, let offsets):
                            let k = Int(codes[r])
                            out.appendShort(UnsafeBufferPointer(rebasing: bytes[offsets[k]..<offsets[k + 1]]))
                        }
                    }
                    out.append(c == last ? UInt8(ascii: "\n") : separator)
                }
            }
        }
        return out
    }

    /// Whether a string must be quoted as a csv field.
    static func needsQuotes(_ s: String, delimiter: UInt8 = UInt8(ascii: ",")) -> Bool {
        let u = s.utf8
        guard let first = u.first, let lastByte = u.last else { return true }
        if first == UInt8(ascii: " ") || lastByte == UInt8(ascii: " ") { return true }
        for b in u where b == delimiter || b == UInt8(ascii: "\"") || b == 0x0A || b == 0x0D {
            return true
        }
        return false
    }

    /// Appends `s` as one csv field.
    static func appendField(_ s: String, _ out: inout [UInt8], delimiter: UInt8 = UInt8(ascii: ",")) {
        guard needsQuotes(s, delimiter: delimiter) else {
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
