import WerkbankEngine

/// A growable byte buffer for the writers (csv, json) that may write
/// millions of cells: appends are a bounds check and a store, numbers are
/// formatted in place, no `String` per cell. Use it in place (`inout`), do
/// not copy it.
struct ByteWriter: TextOutputStream {
    /// Owns the memory and frees it; the writer caches its pointer.
    private final class Storage {
        var base: UnsafeMutablePointer<UInt8>
        init(capacity: Int) { base = .allocate(capacity: capacity) }
        deinit { base.deallocate() }
    }

    private let storage: Storage
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        storage = Storage(capacity: self.capacity)
        base = storage.base
    }

    @inline(__always) mutating func reserve(_ n: Int) {
        if count + n > capacity { grow(count + n) }
    }

    private mutating func grow(_ needed: Int) {
        let newCapacity = max(needed, capacity * 2)
        let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        fresh.update(from: base, count: count)
        storage.base.deallocate()
        storage.base = fresh
        base = fresh
        capacity = newCapacity
    }

    @inline(__always) mutating func append(_ b: UInt8) {
        reserve(1)
        base[count] = b
        count += 1
    }

    @inline(__always) mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let p = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (base + count).update(from: p, count: bytes.count)
        count += bytes.count
    }

    /// As `append(_:)`, copying byte by byte when short (cells, separators)
    /// instead of calling `memmove`.
    @inline(__always) mutating func appendShort(_ bytes: UnsafeBufferPointer<UInt8>) {
        let n = bytes.count
        if n > 16 {
            append(bytes)
            return
        }
        reserve(n)
        let p = base + count
        for k in 0..<n { p[k] = bytes[k] }
        count += n
    }

    @inline(__always) mutating func append(ascii s: StaticString) {
        s.withUTF8Buffer { append($0) }
    }

    @inline(__always) mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    mutating func append(utf8 s: String) {
        var s = s
        s.withUTF8 { append($0) }
    }

    // TextOutputStream: lets `Double.write(to:)` put its shortest digits
    // here without building a String.
    mutating func write(_ string: String) { append(utf8: string) }
    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) { append(buffer) }

    /// Decimal digits of `v`.
    @inline(__always) mutating func append(int v: Int64) {
        reserve(20)
        if v < 0 {
            base[count] = UInt8(ascii: "-")
            count += 1
        }
        var m = v.magnitude
        if m < 10 {
            base[count] = 48 &+ UInt8(truncatingIfNeeded: m)
            count += 1
            return
        }
        var digits = 0
        var t = m
        while t > 0 {
            digits += 1
            t /= 10
        }
        var k = count + digits - 1
        while m > 0 {
            base[k] = 48 &+ UInt8(truncatingIfNeeded: m % 10)
            m /= 10
            k -= 1
        }
        count += digits
    }

    /// `YYYY-MM-DD`, as `CalendarDate.format`.
    @inline(__always) mutating func append(date days: Int32) {
        let (y, m, d) = CalendarDate.civil(days)
        guard (0...9999).contains(y) else {
            append(utf8: CalendarDate.format(days))
            return
        }
        reserve(10)
        let p = base + count
        p[0] = 48 &+ UInt8(y / 1000)
        p[1] = 48 &+ UInt8(y / 100 % 10)
        p[2] = 48 &+ UInt8(y / 10 % 10)
        p[3] = 48 &+ UInt8(y % 10)
        p[4] = UInt8(ascii: "-")
        p[5] = 48 &+ UInt8(m / 10)
        p[6] = 48 &+ UInt8(m % 10)
        p[7] = UInt8(ascii: "-")
        p[8] = 48 &+ UInt8(d / 10)
        p[9] = 48 &+ UInt8(d % 10)
        count += 10
    }

    /// Shortest round-trip form (`ValueFormatter.shortestFloat`).
    @inline(__always) mutating func append(shortest d: Double) {
        if d.isFinite {
            d.write(to: &self)
        } else {
            append(utf8: ValueFormatter.shortestFloat(d))
        }
    }

    /// Replaces every `a` written since `start` by `b` (a decimal point by a comma).
    mutating func replace(_ a: UInt8, with b: UInt8, from start: Int) {
        for k in start..<count where base[k] == a { base[k] = b }
    }

    /// The bytes written, as an array.
    func finishBytes() -> [UInt8] {
        let n = count
        return [UInt8](unsafeUninitializedCapacity: n) { buffer, initialized in
            if n > 0 { buffer.baseAddress!.update(from: base, count: n) }
            initialized = n
        }
    }

    /// The bytes written, as a string (they are UTF-8 by construction).
    func finishString() -> String {
        let n = count
        return String(unsafeUninitializedCapacity: n) { buffer in
            if n > 0 { buffer.baseAddress!.update(from: base, count: n) }
            return n
        }
    }
}

/// The strings of a dictionary, each encoded once (escaped and quoted as a
/// writer needs) into one flat buffer; a cell then copies a byte range.
struct EncodedDictionary {
    var bytes: [UInt8] = []
    var offsets: [Int] = [0]

    init(_ strings: [String], _ encode: (String, inout [UInt8]) -> Void) {
        offsets.reserveCapacity(strings.count + 1)
        for s in strings {
            encode(s, &bytes)
            offsets.append(bytes.count)
        }
    }
}

/// A column prepared for writing: its values, validity and (for strings)
/// pre-encoded dictionary, kept as arrays until `withCells` lends pointers.
struct PreparedColumn {
    enum Values {
        case int([Int64])
        case float([Double])
        case bool([Bool])
        case date([Int32])
        case string([Int32], EncodedDictionary)
    }

    let values: Values
    let validity: [UInt64]?

    /// `encodeGeometry` writes a shape's GeoJSON text (JSON embeds it as an
    /// object; CSV quotes it as a field).
    init(_ column: Column, encode: (String, inout [UInt8]) -> Void, encodeGeometry: ((String, inout [UInt8]) -> Void)? = nil) {
        validity = column.validity?.words
        switch column.storage {
        case .geometry(let shapes):
            // Each row's text once; a shape is written as its GeoJSON.
            let texts = shapes.map(\.geoJSON)
            if let encodeGeometry {
                values = .string((0..<Int32(shapes.count)).map { $0 }, EncodedDictionary(texts, encodeGeometry))
            } else {
                values = .string((0..<Int32(shapes.count)).map { $0 }, EncodedDictionary(texts, encode))
            }
        case .int(let v): values = .int(v)
        case .float(let v): values = .float(v)
        case .bool(let v): values = .bool(v)
        case .date(let v): values = .date(v)
        case .string(let codes, let dictionary):
            if dictionary.count > 2 * codes.count + 64 {
                // A few rows of a large dictionary (after a filter): encode only the strings used.
                var remap = [Int32](repeating: -1, count: dictionary.count)
                var used: [String] = []
                var compact: [Int32] = []
                compact.reserveCapacity(codes.count)
                for code in codes {
                    if remap[Int(code)] < 0 {
                        remap[Int(code)] = Int32(used.count)
                        used.append(dictionary.values[Int(code)])
                    }
                    compact.append(remap[Int(code)])
                }
                values = .string(compact, EncodedDictionary(used, encode))
            } else {
                values = .string(codes, EncodedDictionary(dictionary.values, encode))
            }
        }
    }

    /// Calls `body` with a `CellColumn` for every column, valid for the
    /// duration of the call (nested `withUnsafeBufferPointer`s, one column
    /// per level).
    static func withCells<R>(_ columns: [PreparedColumn], _ body: (UnsafeBufferPointer<CellColumn>) -> R) -> R {
        var cells: [CellColumn] = []
        cells.reserveCapacity(columns.count)
        func level(_ i: Int) -> R {
            if i == columns.count { return cells.withUnsafeBufferPointer(body) }
            let column = columns[i]
            func push(_ values: CellColumn.Values) -> R {
                guard let validity = column.validity else {
                    cells.append(CellColumn(values: values, validity: nil))
                    return level(i + 1)
                }
                return validity.withUnsafeBufferPointer { v in
                    cells.append(CellColumn(values: values, validity: v))
                    return level(i + 1)
                }
            }
            switch column.values {
            case .int(let a): return a.withUnsafeBufferPointer { push(.int($0)) }
            case .float(let a): return a.withUnsafeBufferPointer { push(.float($0)) }
            case .bool(let a): return a.withUnsafeBufferPointer { push(.bool($0)) }
            case .date(let a): return a.withUnsafeBufferPointer { push(.date($0)) }
            case .string(let codes, let dict):
                return codes.withUnsafeBufferPointer { c in
                    dict.bytes.withUnsafeBufferPointer { b in
                        dict.offsets.withUnsafeBufferPointer { o in push(.string(c, b, o)) }
                    }
                }
            }
        }
        return level(0)
    }
}

/// A column as pointers, so that the row loop switches on a trivial enum
/// per cell without reference counting.
struct CellColumn {
    enum Values {
        case int(UnsafeBufferPointer<Int64>)
        case float(UnsafeBufferPointer<Double>)
        case bool(UnsafeBufferPointer<Bool>)
        case date(UnsafeBufferPointer<Int32>)
        /// Codes, then the encoded dictionary's bytes and offsets.
        case string(UnsafeBufferPointer<Int32>, UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<Int>)
    }

    let values: Values
    let validity: UnsafeBufferPointer<UInt64>?

    @inline(__always) func isNull(_ i: Int) -> Bool {
        guard let validity else { return false }
        return validity[i >> 6] & (1 << UInt64(i & 63)) == 0
    }
}
