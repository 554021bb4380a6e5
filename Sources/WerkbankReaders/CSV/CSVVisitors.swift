import WerkbankEngine

/// Texts read as null besides the empty field.
struct CSVNullMatcher {
    let values: [[UInt8]]
    let maxLength: Int

    init(_ texts: [String]) {
        values = texts.filter { !$0.isEmpty }.map { Array($0.utf8) }
        maxLength = values.map(\.count).max() ?? 0
    }

    @inline(__always) var isEmpty: Bool { maxLength == 0 }

    func matches(_ p: UnsafePointer<UInt8>, _ len: Int) -> Bool {
        if len > maxLength || len == 0 { return false }
        for v in values where v.count == len {
            var same = true
            for k in 0..<len where v[k] != p[k] {
                same = false
                break
            }
            if same { return true }
        }
        return false
    }

    func matches(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return false }
            return matches(base, b.count)
        }
    }
}

/// Pass 1: ORs the kind of every field into its column's mask.
struct CSVClassifyVisitor: CSVFieldVisitor {
    let p: UnsafePointer<UInt8>
    /// Which columns to classify.
    let wanted: UnsafePointer<Bool>
    let masks: UnsafeMutablePointer<UInt16>
    let nulls: CSVNullMatcher
    var scratch: [UInt8] = []

    @inline(__always)
    mutating func field(_ column: Int, _ f: CSVField) -> Bool {
        guard wanted[column] else { return true }
        let m = masks[column]
        // A column that holds text stays text: nothing more to learn.
        if m & CSVKind.other != 0 { return true }
        masks[column] = m | kind(f)
        return true
    }

    @inline(__always)
    mutating func kind(_ f: CSVField) -> UInt16 {
        if f.needsDecode {
            if nulls.isEmpty { return CSVKind.other }
            CSVScanner.decode(p, f, into: &scratch)
            return nulls.matches(scratch) ? CSVKind.null : CSVKind.other
        }
        if !nulls.isEmpty, nulls.matches(p + f.start, f.length) { return CSVKind.null }
        return CSVKind.classify(p, f.start, f.length)
    }

    mutating func endRecord(fields: Int) {}
}

/// Finds the first value of a forced-type column that does not parse.
struct CSVLocateVisitor: CSVFieldVisitor {
    let p: UnsafePointer<UInt8>
    /// Per column: the forced type to check, or nil.
    let forced: [DataType?]
    let decimalComma: Bool
    let nulls: CSVNullMatcher
    /// `thousands=`: a value holding it is checked without it.
    var thousands: UInt8?
    /// A date that is not `YYYY-MM-DD` is read with this layout.
    var datePattern: DatePattern?
    var scratch: [UInt8] = []
    var failure: (column: Int, field: CSVField)?

    mutating func field(_ column: Int, _ f: CSVField) -> Bool {
        guard let type = forced[column] else { return true }
        if let t = thousands, type == .int || type == .float, !f.needsDecode,
            CSVThousands.holds(p + f.start, f.length, t), !nulls.matches(p + f.start, f.length)
        {
            let ok =
                CSVThousands.strip(p + f.start, f.length, separator: t, into: &scratch)
                && scratch.withUnsafeBufferPointer { b in
                    b.baseAddress.map { CSVKind.parses($0, 0, b.count, as: type, decimalComma: decimalComma) } ?? false
                }
            if !ok { failure = (column, f) }
            return ok
        }
        if !f.needsDecode {
            let len = f.length
            if len == 0 || nulls.matches(p + f.start, len)
                || CSVKind.parses(p, f.start, len, as: type, decimalComma: decimalComma)
                || type == .date && datePattern?.parse(UnsafeBufferPointer(start: p + f.start, count: len)) != nil
            {
                return true
            }
            failure = (column, f)
            return false
        }
        let bytes = CSVScanner.valueBytes(p, f)
        if bytes.isEmpty || nulls.matches(bytes) { return true }
        let ok = bytes.withUnsafeBufferPointer { b -> Bool in
            guard let base = b.baseAddress else { return true }
            return CSVKind.parses(base, 0, b.count, as: type, decimalComma: decimalComma)
                || type == .date && datePattern?.parse(b) != nil
        }
        if !ok {
            failure = (column, f)
            return false
        }
        return true
    }

    mutating func endRecord(fields: Int) {}
}

/// A materialized column's vector kind (dates and string codes are Int32).
enum CSVSink {
    enum Kind: UInt8 { case int, float, bool, date, string }
}

/// Pass 2: converts the fields of the materialized columns into typed
/// vectors at their final row positions; strings go through the chunk's own
/// byte-keyed dictionaries.
struct CSVMaterializeVisitor: CSVFieldVisitor {
    let p: UnsafePointer<UInt8>
    /// Per file column: the sink index, or -1 when not materialized.
    let sinkOf: UnsafePointer<Int32>
    let kinds: UnsafePointer<CSVSink.Kind>
    let bases: UnsafePointer<UnsafeMutableRawPointer>
    /// Per sink (only string sinks are used).
    let tables: UnsafeMutablePointer<ByteStringTable>
    /// Per sink: rows that are null.
    let nullRows: UnsafeMutablePointer<[Int]>
    let nulls: CSVNullMatcher
    let separator: UInt8
    /// A forced date that is not `YYYY-MM-DD` is read with this layout.
    var datePattern: DatePattern? = nil
    var row: Int
    var scratch: [UInt8] = []
    var failure: (sink: Int, field: CSVField)?

    @inline(__always)
    mutating func field(_ column: Int, _ f: CSVField) -> Bool {
        let s = Int(sinkOf[column])
        if s < 0 { return true }
        if f.needsDecode { return decodedField(s, f) }
        if f.length == 0, f.start != f.rawStart, kinds[s] == .string {
            // `""` is the empty string; only an empty unquoted field is null.
            bases[s].assumingMemoryBound(to: Int32.self)[row] = tables[s].intern(p + f.start, 0)
            return true
        }
        if store(s, p + f.start, f.length) { return true }
        failure = (s, f)
        return false
    }

    @inline(never)
    mutating func decodedField(_ s: Int, _ f: CSVField) -> Bool {
        CSVScanner.decode(p, f, into: &scratch)
        let value = scratch  // shares the storage; `store` may not touch `scratch` meanwhile
        let ok = value.withUnsafeBufferPointer { b -> Bool in
            guard let base = b.baseAddress else { return store(s, p, 0) }
            return store(s, base, b.count)
        }
        if !ok { failure = (s, f) }
        return ok
    }

    /// Writes the value of `len` bytes at `q` into sink `s` at the current row.
    @inline(__always)
    mutating func store(_ s: Int, _ q: UnsafePointer<UInt8>, _ len: Int) -> Bool {
        let base = bases[s]
        let kind = kinds[s]
        if len == 0 || (!nulls.isEmpty && nulls.matches(q, len)) {
            nullRows[s].append(row)
            switch kind {
            case .int: base.assumingMemoryBound(to: Int64.self)[row] = 0
            case .float: base.assumingMemoryBound(to: Double.self)[row] = 0
            case .bool: base.assumingMemoryBound(to: Bool.self)[row] = false
            case .date, .string: base.assumingMemoryBound(to: Int32.self)[row] = 0
            }
            return true
        }
        switch kind {
        case .string:
            base.assumingMemoryBound(to: Int32.self)[row] = tables[s].intern(q, len)
        case .int:
            guard let v = NumberText.parseInt(q, 0, len) else { return false }
            base.assumingMemoryBound(to: Int64.self)[row] = v
        case .float:
            guard let v = NumberText.parseDouble(q, 0, len, separator: separator) else { return false }
            base.assumingMemoryBound(to: Double.self)[row] = v
        case .bool:
            guard let v = CSVKind.parseForcedBool(q, 0, len) else { return false }
            base.assumingMemoryBound(to: Bool.self)[row] = v
        case .date:
            guard let v = CalendarDate.parse(q, 0, len) ?? datePattern?.parse(UnsafeBufferPointer(start: q, count: len)) else {
                return false
            }
            base.assumingMemoryBound(to: Int32.self)[row] = v
        }
        return true
    }

    mutating func endRecord(fields: Int) { row += 1 }
}
