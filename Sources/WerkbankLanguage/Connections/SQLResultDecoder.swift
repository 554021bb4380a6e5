import Foundation
import WerkbankEngine
import WerkbankReaders

/// An engine's result as CSV (RFC 4180, a header row) → a `Table` of the
/// schema the plan already knows: the engine's text is read as those types,
/// never sniffed, so a column of `07` stays a string and a float column that
/// happens to hold `2` stays float.
///
/// An empty unquoted field is null, `""` the empty string. Both engines'
/// spellings are read: booleans `t`/`f` (PostgreSQL) and `true`/`false`
/// (DuckDB); floats `NaN`, `Infinity`, `-Infinity` (PostgreSQL) and `nan`,
/// `inf`, `-inf` (DuckDB), and integers written without a decimal point.
/// The header must name the schema's columns in order. A value that does not
/// read as its column's type is an error naming the column, the value and
/// the row.
///
/// One pass over the bytes; values go straight into typed vectors and
/// strings are interned from the bytes (`ByteStringTable`), so a `String`
/// exists only per distinct value.
public enum SQLResultDecoder {
    /// Decodes the file at `path` (a client's output).
    public static func decode(file path: String, schema: Schema, cancel: CancellationToken) throws(EngineError) -> Table {
        // Mapped, not read: a large result is not held twice (its text and its columns).
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else {
            throw .engine("cannot read the engine's result (\(path))", hint: nil)
        }
        let result = data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Result<Table, EngineError> in
            Result { () throws(EngineError) -> Table in try decode(raw.bindMemory(to: UInt8.self), schema: schema, cancel: cancel) }
        }
        return try result.get()
    }

    public static func decode(_ text: String, schema: Schema, cancel: CancellationToken = .never) throws(EngineError) -> Table {
        let bytes = Array(text.utf8)
        let result = bytes.withUnsafeBufferPointer { b -> Result<Table, EngineError> in
            Result { () throws(EngineError) -> Table in try decode(b, schema: schema, cancel: cancel) }
        }
        return try result.get()
    }

    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, schema: Schema, cancel: CancellationToken) throws(EngineError) -> Table {
        for field in schema where field.type == .geometry {
            throw .engine("column \(field.name) is a geometry, which no SQL engine sends back", hint: nil)
        }
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            throw .engine("the engine sent no result (not even a header)", hint: nil)
        }
        // Refused before it is built when it cannot fit (every line taken for a
        // row: a newline inside a quoted value only overestimates).
        try MemoryBudget.checkResult(
            rows: lines(bytes) - 1, bytesPerRow: MemoryBudget.bytesPerRow(schema.map(\.type)), what: "the engine's result",
            hint: "filter or summarize on the engine first, or take fewer rows")
        var reader = CSVRecords(base: base, end: bytes.count)
        defer { reader.release() }
        var fields: [CSVRecords.Field] = []
        fields.reserveCapacity(schema.count)
        _ = reader.next(into: &fields)
        let header = fields.map { String(decoding: reader.bytes($0), as: UTF8.self) }
        guard header == schema.map(\.name) else {
            throw .engine(
                "the engine's result has the columns \(header.joined(separator: ", ")), expected \(schema.map(\.name).joined(separator: ", "))",
                hint: nil)
        }
        var columns = schema.map { SQLResultColumn($0.type) }
        defer { for c in columns { c.release() } }
        var row = 0
        while !reader.atEnd {
            if row & 0xFFFF == 0, cancel.isCancelled { throw .cancelled }
            row += 1
            guard reader.next(into: &fields) else {
                throw .engine("the engine's result ends inside a quoted value (row \(row))", hint: nil)
            }
            guard fields.count == columns.count else {
                throw .engine("row \(row) of the engine's result has \(fields.count) values, expected \(columns.count)", hint: nil)
            }
            for c in 0..<columns.count {
                let field = fields[c]
                let value = reader.bytes(field)
                if !columns[c].append(value, quoted: field.quoted) {
                    throw .engine(
                        "column \(schema[c].name): cannot read \"\(String(decoding: value, as: UTF8.self))\" as \(schema[c].type.rawValue) (row \(row) of the engine's result)",
                        hint: nil)
                }
            }
        }
        return Table(fields: schema, columns: columns.map { $0.column() }, rowCount: row)
    }
}

extension SQLResultDecoder {
    /// The number of lines (a last line without its newline counts).
    static func lines(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return 0 }
        var count = 0
        var p = UnsafeRawPointer(base)
        var left = bytes.count
        while left > 0, let hit = memchr(p, 0x0A, left) {
            count += 1
            let next = UnsafeRawPointer(hit) + 1
            left -= next - p
            p = next
        }
        return bytes.last == 0x0A ? count : count + 1
    }
}

/// The records of a CSV text, field by field, without copying: a field is a
/// byte range, quoted or not; a quoted one with `""` inside is unescaped into
/// one reused buffer when it is read.
private struct CSVRecords {
    struct Field {
        var start: Int
        var length: Int
        var quoted: Bool
        /// Holds doubled quotes (`""`).
        var escaped: Bool
    }

    let base: UnsafePointer<UInt8>
    let end: Int
    var pos = 0
    /// The unescaped bytes of the last escaped field read (grows, never shrinks).
    private var scratch: UnsafeMutablePointer<UInt8>
    private var scratchCapacity = 256

    init(base: UnsafePointer<UInt8>, end: Int) {
        self.base = base
        self.end = end
        scratch = .allocate(capacity: scratchCapacity)
    }

    func release() { scratch.deallocate() }

    var atEnd: Bool { pos >= end }

    /// The fields of the record at `pos` (a quoted field's range is inside
    /// the quotes), and moves past its line end. False when a quoted field is
    /// not closed.
    mutating func next(into fields: inout [Field]) -> Bool {
        fields.removeAll(keepingCapacity: true)
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        while true {
            if pos < end, base[pos] == quote {
                let start = pos + 1
                var i = start
                var escaped = false
                while true {
                    guard i < end else { return false }
                    if base[i] == quote {
                        if i + 1 < end, base[i + 1] == quote {
                            escaped = true
                            i += 2
                            continue
                        }
                        break
                    }
                    i += 1
                }
                fields.append(Field(start: start, length: i - start, quoted: true, escaped: escaped))
                pos = i + 1
            } else {
                let start = pos
                var i = pos
                while i < end, base[i] != comma, base[i] != lf, base[i] != cr { i += 1 }
                fields.append(Field(start: start, length: i - start, quoted: false, escaped: false))
                pos = i
            }
            // After a field: a comma, a line end or the end.
            if pos >= end { return true }
            let b = base[pos]
            if b == comma {
                pos += 1
                continue
            }
            if b == cr { pos += 1 }
            if pos < end, base[pos] == lf { pos += 1 }
            return true
        }
    }

    /// The bytes of a field, with `""` turned back into `"` (valid until the
    /// next escaped field is read).
    mutating func bytes(_ field: Field) -> UnsafeBufferPointer<UInt8> {
        guard field.escaped else { return UnsafeBufferPointer(start: base + field.start, count: field.length) }
        if field.length > scratchCapacity {
            scratch.deallocate()
            scratchCapacity = field.length
            scratch = .allocate(capacity: scratchCapacity)
        }
        var i = field.start, n = 0
        while i < field.start + field.length {
            scratch[n] = base[i]
            n += 1
            i += base[i] == UInt8(ascii: "\"") ? 2 : 1
        }
        return UnsafeBufferPointer(start: scratch, count: n)
    }
}
