import WerkbankEngine
import WerkbankReaders

/// One column of an engine's result being decoded: a typed vector, the
/// validity bits, and for strings the interned bytes. `append` reads one
/// field in both engines' spellings; it allocates nothing per value.
struct SQLResultColumn {
    private enum Values {
        case int([Int64])
        case float([Double])
        case bool([Bool])
        case date([Int32])
        case string([Int32], ByteStringTable)
    }

    private var values: Values
    private var validity = Validity(count: 0, allValid: true)

    init(_ type: DataType) {
        switch type {
        case .int: values = .int([])
        case .float: values = .float([])
        case .bool: values = .bool([])
        case .date: values = .date([])
        case .string, .geometry: values = .string([], ByteStringTable(expected: 64))
        }
    }

    func release() {
        if case .string(_, let table) = values { table.release() }
    }

    /// Appends one field (an empty unquoted one is null); false when the text
    /// is not a value of the column's type.
    mutating func append(_ v: UnsafeBufferPointer<UInt8>, quoted: Bool) -> Bool {
        let null = v.isEmpty && !quoted
        validity.append(!null)
        // The vectors are taken out of `values` while they grow, so that
        // appending never copies them.
        switch values {
        case .int(var a):
            values = .int([])
            defer { values = .int(a) }
            if null { a.append(0); return true }
            guard let x = NumberText.parseInt(v.baseAddress!, 0, v.count) else { return false }
            a.append(x)
        case .float(var a):
            values = .float([])
            defer { values = .float(a) }
            if null { a.append(0); return true }
            guard let x = NumberText.parseDouble(v.baseAddress!, 0, v.count, separator: UInt8(ascii: ".")) ?? Self.special(v) else { return false }
            a.append(x)
        case .bool(var a):
            values = .bool([])
            defer { values = .bool(a) }
            if null { a.append(false); return true }
            guard let x = Self.bool(v) else { return false }
            a.append(x)
        case .date(var a):
            values = .date([])
            defer { values = .date(a) }
            if null { a.append(0); return true }
            guard let x = CalendarDate.parse(v.baseAddress!, 0, v.count) else { return false }
            a.append(x)
        case .string(var codes, var table):
            values = .int([])
            defer { values = .string(codes, table) }
            if null { codes.append(0); return true }
            // An empty value has no address to read from; any address will do.
            codes.append(v.isEmpty ? table.intern(UnsafePointer(bitPattern: 1)!, 0) : table.intern(v.baseAddress!, v.count))
        }
        return true
    }

    /// The finished column.
    func column() -> Column {
        let storage: Column.Storage
        switch values {
        case .int(let a): storage = .int(a)
        case .float(let a): storage = .float(a)
        case .bool(let a): storage = .bool(a)
        case .date(let a): storage = .date(a)
        case .string(let codes, let table):
            var strings = table.strings()
            if strings.isEmpty { strings = [""] }  // a column of nulls still has a code 0
            storage = .string(codes: codes, dictionary: StringDictionary(strings))
        }
        return Column(storage, validity: validity)
    }

    /// `NaN`, `Infinity`, `-Infinity` (PostgreSQL), `nan`, `inf`, `-inf`
    /// (DuckDB), in any case, with an optional sign.
    static func special(_ v: UnsafeBufferPointer<UInt8>) -> Double? {
        guard v.count >= 3, v.count <= 9 else { return nil }
        var i = 0
        var negative = false
        if v[0] == UInt8(ascii: "-") || v[0] == UInt8(ascii: "+") {
            negative = v[0] == UInt8(ascii: "-")
            i = 1
        }
        var word: [UInt8] = []
        word.reserveCapacity(8)
        while i < v.count {
            word.append(v[i] | 0x20)
            i += 1
        }
        switch word {
        case Array("nan".utf8): return .nan
        case Array("inf".utf8), Array("infinity".utf8): return negative ? -.infinity : .infinity
        default: return nil
        }
    }

    /// `t`/`f` (PostgreSQL), `true`/`false` (DuckDB), in any case.
    static func bool(_ v: UnsafeBufferPointer<UInt8>) -> Bool? {
        switch v.count {
        case 1:
            switch v[0] | 0x20 {
            case UInt8(ascii: "t"): return true
            case UInt8(ascii: "f"): return false
            default: return nil
            }
        case 4:
            return (v[0] | 0x20, v[1] | 0x20, v[2] | 0x20, v[3] | 0x20) == (116, 114, 117, 101) ? true : nil  // true
        case 5:
            return (v[0] | 0x20, v[1] | 0x20, v[2] | 0x20, v[3] | 0x20, v[4] | 0x20) == (102, 97, 108, 115, 101) ? false : nil  // false
        default:
            return nil
        }
    }
}
