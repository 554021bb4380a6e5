import WerkbankEngine

/// Reads JSON records into a table: a JSON array of objects, or JSONL (one
/// object per line; detected from the first value, or by the `.jsonl` /
/// `.ndjson` extension).
///
/// - Columns: the union of the keys, in order of first appearance; a missing
///   key is null (so is `null`). A repeated key in one object: the last wins.
///   A member holding an object is flattened one level: a `parent.child`
///   column per key; objects below and arrays stay compact JSON text, and
///   those columns are named in the load message with a hint.
/// - Types: integers that fit Int64 → int; any float (ints and floats mixed)
///   → float; `true`/`false` → bool; strings that are all `YYYY-MM-DD` dates
///   → date; other strings → string. A column that mixes kinds (numbers and
///   strings, say) is string, each value its original text (numbers as
///   written, `true`/`false`, nested objects and arrays as compact JSON).
///   Integers too big for Int64 make the column string unless it has floats.
/// - A column made text by a few values of another kind (`"110"` among
///   numbers: numbers or booleans at least as many as the other values) is
///   named in the load message with the first such value and its record.
/// - Errors name the line and column of malformed JSON.
public enum JSONReader {
    /// What the reader found, for the load message.
    public struct Decisions: Sendable, Equatable {
        /// One object per line (JSONL) rather than an array.
        public var jsonLines = false
        /// `n: text, because of "110" in record 3 — …`, one per column.
        public var textColumns: [String] = []
        /// Columns holding arrays or objects below the first level, kept as JSON text.
        public var jsonTextColumns: [String] = []

        /// `tags, adres.geo: arrays and objects kept as JSON text — …`
        public var jsonTextNote: String? {
            guard !jsonTextColumns.isEmpty else { return nil }
            let named =
                jsonTextColumns.count > 3 ? jsonTextColumns.prefix(3).joined(separator: ", ") + ", …" : jsonTextColumns.joined(separator: ", ")
            let example =
                jsonTextColumns[0].contains(where: { !($0.isLetter || $0.isNumber || $0 == "_") }) ? "`\(jsonTextColumns[0])`" : jsonTextColumns[0]
            return "\(named): arrays and nested objects kept as JSON text (one level of objects becomes parent.child columns)"
                + " — search them with contains(\(example), \"…\") or matches()"
        }
    }

    public static func read(
        _ input: ReaderInput, columns: Set<String>?, progress: LoadProgress? = nil,
        cancel: CancellationToken
    ) throws(EngineError) -> Table {
        try readDescribed(input, columns: columns, progress: progress, cancel: cancel).0
    }

    public static func readDescribed(
        _ input: ReaderInput, columns: Set<String>?, progress: LoadProgress? = nil,
        cancel: CancellationToken
    ) throws(EngineError) -> (Table, Decisions) {
        try input.withBytes(cancel: cancel, progress: progress) { (buf) throws(EngineError) -> (Table, Decisions) in
            try read(buffer: buf, name: input.name, columns: columns, cancel: cancel)
        }
    }

    static func read(
        buffer: UnsafeBufferPointer<UInt8>, name: String, columns: Set<String>?, cancel: CancellationToken
    ) throws(EngineError) -> (Table, Decisions) {
        try cancel.check()
        let lines = ["jsonl", "ndjson"].contains { name.lowercased().hasSuffix("." + $0) }
        let text = try TextDecoding.requireUTF8(buffer, name: name, format: lines ? "JSON lines" : "JSON")
        guard let base = text.baseAddress else { throw .badFile(path: name, message: "empty file", line: nil) }
        var records = JSONRecords(projection: columns)
        var parser = JSONParser(p: base, n: text.count, start: 0)
        do {
            try records.parse(&parser, jsonLines: lines, cancel: cancel)
        } catch let failure {
            switch failure {
            case .cancelled: throw .cancelled
            case .syntax(let f):
                let (line, column) = position(text, offset: f.offset)
                throw .badFile(path: name, message: "\(f.message) (column \(column))", line: line)
            case .empty:
                throw .badFile(path: name, message: "empty file", line: nil)
            }
        }
        try cancel.check()
        let (table, fallbacks, nested) = records.table()
        return (table, Decisions(jsonLines: records.jsonLines, textColumns: fallbacks, jsonTextColumns: nested))
    }

    /// 1-based line and column (in characters) of a byte offset.
    static func position(_ text: UnsafeBufferPointer<UInt8>, offset: Int) -> (Int, Int) {
        let line = ReadErrorText.lineNumber(text, offset: offset)
        var start = min(offset, text.count)
        while start > 0, text[start - 1] != 0x0A, text[start - 1] != 0x0D { start -= 1 }
        var column = 1
        var i = start
        while i < min(offset, text.count) {
            if text[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return (line, column)
    }
}

/// Collects the cells of the records, column by column.
struct JSONRecords {
    enum Failure: Error {
        case syntax(JSONParser.Failure)
        case cancelled
        case empty
    }

    struct ColumnBuilder {
        var name: String
        var nameBytes: [UInt8]
        var kinds: [JSONParser.Kind] = []
        var offsets: [Int] = []
        var lengths: [Int] = []
        /// Starts with one unused byte, so the buffer always has an address.
        var arena: [UInt8] = [0]
        var mask: UInt16 = 0
        var lastRow = -1

        mutating func appendNull() {
            kinds.append(.null)
            offsets.append(arena.count)
            lengths.append(0)
            mask |= 1 << JSONParser.Kind.null.rawValue
        }
    }

    let projection: Set<String>?
    var columns: [ColumnBuilder] = []
    var index: [String: Int] = [:]
    /// Keys not kept (outside the projection).
    var skipped: Set<String> = []
    /// Keys whose objects were flattened into `parent.child` columns.
    var parents: Set<[UInt8]> = []
    /// `parent.child` of the member being read (reused, no allocation per row).
    var childName: [UInt8] = []
    var parentName: [UInt8] = []
    var rows = 0
    /// Whether the records came one per line (JSONL).
    var jsonLines = false
    /// Column of the k-th key of the previous record: most records repeat the order.
    var predicted: [Int] = []

    init(projection: Set<String>?) {
        self.projection = projection
    }

    mutating func parse(_ parser: inout JSONParser, jsonLines: Bool, cancel: CancellationToken) throws(Failure) {
        parser.skipWhitespace()
        guard let first = parser.peek() else { throw Failure.empty }
        if !jsonLines, first == UInt8(ascii: "[") {
            parser.pos += 1
            parser.skipWhitespace()
            if parser.peek() == UInt8(ascii: "]") {
                parser.pos += 1
            } else {
                while true {
                    parser.skipWhitespace()
                    guard parser.peek() == UInt8(ascii: "{") else {
                        throw Failure.syntax(
                            parser.fail("expected an object (a JSON file must be an array of objects), found \(parser.describe(parser.peek()))"))
                    }
                    try record(&parser)
                    if rows & 0xFFF == 0, cancel.isCancelled { throw Failure.cancelled }
                    parser.skipWhitespace()
                    if parser.peek() == UInt8(ascii: ",") {
                        parser.pos += 1
                        continue
                    }
                    if parser.peek() == UInt8(ascii: "]") {
                        parser.pos += 1
                        break
                    }
                    throw Failure.syntax(parser.fail("expected ',' or ']', found \(parser.describe(parser.peek()))"))
                }
            }
            parser.skipWhitespace()
            if !parser.atEnd { throw Failure.syntax(parser.fail("unexpected \(parser.describe(parser.peek())) after the array")) }
            return
        }
        if !jsonLines, first != UInt8(ascii: "{") {
            throw Failure.syntax(
                parser.fail("a JSON file must hold an array of objects or one object per line (JSON lines), found \(parser.describe(first))"))
        }
        self.jsonLines = true
        while true {
            parser.skipWhitespace()
            guard let b = parser.peek() else { break }
            guard b == UInt8(ascii: "{") else {
                throw Failure.syntax(parser.fail("expected an object (JSON lines hold one object per line), found \(parser.describe(b))"))
            }
            try record(&parser)
            if rows & 0xFFF == 0, cancel.isCancelled { throw Failure.cancelled }
        }
    }

    /// One object at the parser's position: a row.
    private mutating func record(_ parser: inout JSONParser) throws(Failure) {
        let row = rows
        do throws(JSONParser.Failure) {
            parser.pos += 1  // {
            parser.skipWhitespace()
            var k = 0
            if parser.peek() == UInt8(ascii: "}") {
                parser.pos += 1
            } else {
                while true {
                    parser.skipWhitespace()
                    try parser.parseString()
                    // The key stays in `parser.value` (not copied) until the value is parsed.
                    try parser.expect(UInt8(ascii: ":"), "':' after the key")
                    parser.skipWhitespace()
                    if parser.peek() == UInt8(ascii: "{") {
                        parentName.removeAll(keepingCapacity: true)
                        parentName.append(contentsOf: parser.value)
                        try members(&parser, position: &k, row: row)
                    } else {
                        let column = columnFor(key: parser.value, position: k, row: row)
                        k += 1
                        let kind = try parser.parseValue()
                        if let column { store(column, kind, parser.value, row: row) }
                    }
                    if try !parser.nextMember() { break }
                }
            }
        } catch {
            throw .syntax(error)
        }
        for c in columns.indices where columns[c].lastRow != row {
            columns[c].appendNull()
            columns[c].lastRow = row
        }
        rows += 1
    }

    /// An object one level down: each member is a `parent.child` column;
    /// its objects and arrays are kept as JSON text.
    private mutating func members(_ parser: inout JSONParser, position k: inout Int, row: Int) throws(JSONParser.Failure) {
        let parent = parentName
        parser.pos += 1  // {
        if !parents.contains(parent) { parents.insert(parent) }
        parser.skipWhitespace()
        if parser.peek() == UInt8(ascii: "}") {
            parser.pos += 1
            return
        }
        while true {
            parser.skipWhitespace()
            try parser.parseString()
            childName.removeAll(keepingCapacity: true)
            childName.append(contentsOf: parent)
            childName.append(UInt8(ascii: "."))
            childName.append(contentsOf: parser.value)
            let column = columnFor(key: childName, position: k, row: row)
            k += 1
            try parser.expect(UInt8(ascii: ":"), "':' after the key")
            let kind = try parser.parseValue()
            if let column { store(column, kind, parser.value, row: row) }
            if try !parser.nextMember() { return }
        }
    }

    private mutating func columnFor(key: [UInt8], position k: Int, row: Int) -> Int? {
        if k < predicted.count {
            let c = predicted[k]
            if c >= 0, c < columns.count, columns[c].nameBytes == key { return c }
        }
        let name = String(decoding: key, as: UTF8.self)
        var found: Int?
        if let c = index[name] {
            found = c
        } else if !skipped.contains(name) {
            if let projection, !projection.contains(name) {
                skipped.insert(name)
            } else {
                var b = ColumnBuilder(name: name, nameBytes: key)
                for _ in 0..<row { b.appendNull() }
                index[name] = columns.count
                found = columns.count
                columns.append(b)
            }
        }
        if let found {
            if k < predicted.count { predicted[k] = found } else if k == predicted.count { predicted.append(found) }
        }
        return found
    }

    private mutating func store(_ c: Int, _ kind: JSONParser.Kind, _ value: [UInt8], row: Int) {
        if columns[c].lastRow == row {
            // A repeated key: the last value wins.
            let i = columns[c].kinds.count - 1
            columns[c].kinds[i] = kind
            columns[c].offsets[i] = columns[c].arena.count
            columns[c].lengths[i] = value.count
            columns[c].arena.append(contentsOf: value)
            columns[c].mask |= 1 << kind.rawValue
            return
        }
        columns[c].kinds.append(kind)
        columns[c].offsets.append(columns[c].arena.count)
        columns[c].lengths.append(value.count)
        columns[c].arena.append(contentsOf: value)
        columns[c].mask |= 1 << kind.rawValue
        columns[c].lastRow = row
    }

    // MARK: Columns

    /// The table, and each column that fell back to text, described.
    func table() -> (Table, [String], [String]) {
        // A parent that is null wherever it is not an object has no column of its own.
        let null: UInt16 = 1 << JSONParser.Kind.null.rawValue
        let columns = columns.filter { !($0.mask == null && parents.contains($0.nameBytes)) }
        let built = Parallel.parallelMap(columns.count) { c in column(columns[c]) }
        let fields = zip(columns, built).map { Field($0.name, $1.type) }
        let fallbacks = columns.indices.compactMap { c in built[c].type == .string ? textFallback(columns[c]) : nil }
        let nested = columns.filter { $0.mask & (1 << JSONParser.Kind.nested.rawValue) != 0 }.map(\.name)
        return (Table(fields: fields, columns: built, rowCount: rows), fallbacks, nested)
    }

    /// A text column whose numbers (or booleans) are at least as many as its
    /// other values: named with the first other value and its record.
    func textFallback(_ b: ColumnBuilder) -> String? {
        typealias K = JSONParser.Kind
        func family(_ k: K) -> Int? {
            switch k {
            case .null: nil
            case .int, .float, .bigInt: 0
            case .trueValue, .falseValue: 1
            case .string, .nested: 2
            }
        }
        var counts = [0, 0, 0]
        for k in b.kinds { if let f = family(k) { counts[f] += 1 } }
        guard let typed = [0, 1].max(by: { counts[$0] < counts[$1] }), counts[typed] > 0,
            counts[typed] >= counts.reduce(0, +) - counts[typed],
            let i = b.kinds.firstIndex(where: { family($0) != nil && family($0) != typed })
        else { return nil }
        let bytes = Array(b.arena[b.offsets[i]..<(b.offsets[i] + b.lengths[i])])
        // On one line and short, as the CSV reader shows its values.
        var value = String(CSVTextFallback.quoted(String(decoding: bytes, as: UTF8.self)).dropFirst().dropLast())
        if b.kinds[i] == .string { value = "\"" + value + "\"" }
        var text = "\(b.name): text, because of \(value) in record \(i + 1)"
        let isNumber = bytes.withUnsafeBufferPointer { q in
            q.baseAddress.map { NumberText.parseDouble($0, 0, q.count, separator: UInt8(ascii: ".")) != nil } ?? false
        }
        if typed == 0, b.kinds[i] == .string, isNumber {
            text += " — a number written as a string in the file"
        }
        return text
    }

    private func column(_ b: ColumnBuilder) -> Column {
        typealias K = JSONParser.Kind
        func bit(_ k: K) -> UInt16 { 1 << k.rawValue }
        let nonNull = b.mask & ~bit(.null)
        let numbers = bit(.int) | bit(.float) | bit(.bigInt)
        let bools = bit(.trueValue) | bit(.falseValue)
        var validity: Validity?
        if b.mask & bit(.null) != 0 {
            var v = Validity(count: rows, allValid: true)
            for (i, k) in b.kinds.enumerated() where k == .null { v.clear(i) }
            validity = v
        }
        return b.arena.withUnsafeBufferPointer { arena -> Column in
            guard let base = arena.baseAddress else { return Column.nulls(.string, count: rows) }
            func cell(_ i: Int) -> (UnsafePointer<UInt8>, Int, Int) { (base, b.offsets[i], b.lengths[i]) }
            if nonNull != 0, nonNull == bit(.int) {
                var values = [Int64](repeating: 0, count: rows)
                for i in 0..<rows where b.kinds[i] == .int {
                    let (q, o, l) = cell(i)
                    values[i] = NumberText.parseInt(q, o, l) ?? 0
                }
                return Column(.int(values), validity: validity)
            }
            if nonNull & bit(.float) != 0, nonNull & ~numbers == 0 {
                var values = [Double](repeating: 0, count: rows)
                for i in 0..<rows where b.kinds[i] != .null {
                    let (q, o, l) = cell(i)
                    values[i] = NumberText.parseDouble(q, o, l, separator: UInt8(ascii: ".")) ?? .nan
                }
                return Column(.float(values), validity: validity)
            }
            if nonNull != 0, nonNull & ~bools == 0 {
                let values = b.kinds.map { $0 == .trueValue }
                return Column(.bool(values), validity: validity)
            }
            if nonNull == bit(.string) {
                var dates = [Int32](repeating: 0, count: rows)
                var allDates = true
                for i in 0..<rows where b.kinds[i] == .string {
                    let (q, o, l) = cell(i)
                    guard let d = CalendarDate.parse(q, o, l) else {
                        allDates = false
                        break
                    }
                    dates[i] = d
                }
                if allDates { return Column(.date(dates), validity: validity) }
            }
            // Text: each value as written (numbers, booleans, compact JSON).
            var table = ByteStringTable(expected: 64)
            defer { table.release() }
            var codes = [Int32](repeating: 0, count: rows)
            let trueText: StaticString = "true", falseText: StaticString = "false"
            for i in 0..<rows {
                switch b.kinds[i] {
                case .null: continue
                case .trueValue: codes[i] = table.intern(trueText.utf8Start, trueText.utf8CodeUnitCount)
                case .falseValue: codes[i] = table.intern(falseText.utf8Start, falseText.utf8CodeUnitCount)
                default:
                    let (q, o, l) = cell(i)
                    codes[i] = table.intern(q + o, l)
                }
            }
            var values = table.strings()
            if values.isEmpty, rows > 0 { values = [""] }
            return Column(.string(codes: codes, dictionary: StringDictionary(values)), validity: validity)
        }
    }
}
