/// `== != < <= > >=` on whole columns of the same type; null in, null out.
public enum ComparisonOperator: String, Sendable {
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="

    @inline(__always) func holds<T: Comparable>(_ a: T, _ b: T) -> Bool {
        switch self {
        case .equal: a == b
        case .notEqual: a != b
        case .less: a < b
        case .lessEqual: a <= b
        case .greater: a > b
        case .greaterEqual: a >= b
        }
    }

    /// The operator with its sides swapped: `3 < x` is `x > 3`.
    public var flipped: ComparisonOperator {
        switch self {
        case .equal, .notEqual: self
        case .less: .greater
        case .lessEqual: .greaterEqual
        case .greater: .less
        case .greaterEqual: .lessEqual
        }
    }
}

public enum Compare {
    public static func apply(_ op: ComparisonOperator, _ l: Column, _ r: Column) throws(EngineError) -> Column {
        let validity = Validity.and(l.validity, r.validity)
        let out: [Bool]
        switch (l.storage, r.storage) {
        case (.int(let a), .int(let b)): out = compare(op, a, b)
        case (.float(let a), .float(let b)): out = compare(op, a, b)
        case (.date(let a), .date(let b)): out = compare(op, a, b)
        case (.bool(let a), .bool(let b)): out = compare(op, a.map { $0 ? 1 : 0 } as [UInt8], b.map { $0 ? 1 : 0 })
        case (.string(let ca, let da), .string(let cb, let db)):
            out = compareStrings(op, ca, da, cb, db)
        default:
            throw .invalid("cannot compare \(l.type.rawValue) with \(r.type.rawValue)")
        }
        return Column(.bool(out), validity: validity)
    }

    /// `l op value` against one non-null value (a literal), without
    /// broadcasting it to a column; strings compare once per dictionary
    /// entry, not per row. Nil when the types differ (the caller broadcasts).
    public static func apply(_ op: ComparisonOperator, _ l: Column, _ value: Value) -> Column? {
        let out: [Bool]
        switch (l.storage, value) {
        case (.int(let a), .int(let x)): out = compare(op, a, x)
        case (.float(let a), .float(let x)): out = compare(op, a, x)
        case (.date(let a), .date(let x)): out = compare(op, a, x)
        case (.string(let codes, let dictionary), .string(let s)):
            if dictionary.values.isEmpty { return nil }  // codes of an all-null column: the general path
            out = Column.pick(entriesHolding(op, dictionary, s), codes)
        default:
            return nil
        }
        return Column(.bool(out), validity: l.validity)
    }

    /// Per dictionary entry, whether `entry op s` holds, in the order of
    /// `compareStrings`: by UTF-8 bytes (see ExactText.swift).
    static func entriesHolding(_ op: ComparisonOperator, _ dictionary: StringDictionary, _ s: String) -> [Bool] {
        dictionary.values.map { v in op.holds(v.bytesEqual(s) ? 0 : (StringDictionary.less(v, s) ? -1 : 1), 0) }
    }

    static func compare<T: Comparable>(_ op: ComparisonOperator, _ a: [T], _ x: T) -> [Bool] {
        var out = [Bool](repeating: false, count: a.count)
        a.withUnsafeBufferPointer { a in
            out.withUnsafeMutableBufferPointer { out in
                switch op {
                case .equal: for i in 0..<a.count { out[i] = a[i] == x }
                case .notEqual: for i in 0..<a.count { out[i] = a[i] != x }
                case .less: for i in 0..<a.count { out[i] = a[i] < x }
                case .lessEqual: for i in 0..<a.count { out[i] = a[i] <= x }
                case .greater: for i in 0..<a.count { out[i] = a[i] > x }
                case .greaterEqual: for i in 0..<a.count { out[i] = a[i] >= x }
                }
            }
        }
        return out
    }

    static func compare<T: Comparable>(_ op: ComparisonOperator, _ a: [T], _ b: [T]) -> [Bool] {
        var out = [Bool](repeating: false, count: a.count)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                out.withUnsafeMutableBufferPointer { out in
                    switch op {
                    case .equal: for i in 0..<a.count { out[i] = a[i] == b[i] }
                    case .notEqual: for i in 0..<a.count { out[i] = a[i] != b[i] }
                    case .less: for i in 0..<a.count { out[i] = a[i] < b[i] }
                    case .lessEqual: for i in 0..<a.count { out[i] = a[i] <= b[i] }
                    case .greater: for i in 0..<a.count { out[i] = a[i] > b[i] }
                    case .greaterEqual: for i in 0..<a.count { out[i] = a[i] >= b[i] }
                    }
                }
            }
        }
        return out
    }

    /// Compares dictionary codes, never strings per row: both dictionaries are
    /// first mapped into one shared rank space (O(distinct values)).
    static func compareStrings(
        _ op: ComparisonOperator, _ ca: [Int32], _ da: StringDictionary,
        _ cb: [Int32], _ db: StringDictionary
    ) -> [Bool] {
        let (ra, rb) = DictionaryAlignment.sharedRanks(da, db)
        var out = [Bool](repeating: false, count: ca.count)
        ca.withUnsafeBufferPointer { ca in
            cb.withUnsafeBufferPointer { cb in
                ra.withUnsafeBufferPointer { ra in
                    rb.withUnsafeBufferPointer { rb in
                        for i in 0..<ca.count { out[i] = op.holds(ra[Int(ca[i])], rb[Int(cb[i])]) }
                    }
                }
            }
        }
        return out
    }
}

/// Puts the codes of two dictionaries into one ordered space.
public enum DictionaryAlignment {
    /// Ranks such that equal strings get equal ranks and order follows
    /// `StringDictionary.less`, for both dictionaries.
    public static func sharedRanks(_ a: StringDictionary, _ b: StringDictionary) -> ([Int32], [Int32]) {
        if a === b {
            let r = a.sortRanks()
            return (r, r)
        }
        var merged = StringDictionaryBuilder(a.values)
        let bCodes = b.values.map { merged.code(for: $0) }
        let all = merged.build()
        let ranks = all.sortRanks()
        let ra = (0..<a.count).map { ranks[Int(merged.existingCode(for: a.values[$0]) ?? 0)] }
        let rb = bCodes.map { ranks[Int($0)] }
        return (ra, rb)
    }

    /// Codes of `b` translated into one code space shared with `a` (for equality
    /// and hashing); strings absent from `a` get new codes past `a.count`.
    public static func sharedCodes(_ a: StringDictionary, _ b: StringDictionary) -> (aCodes: [Int32], bCodes: [Int32], count: Int) {
        if a === b { let id = (0..<Int32(a.count)).map { $0 }; return (id, id, a.count) }
        var merged = StringDictionaryBuilder()
        let aCodes = a.values.map { merged.code(for: $0) }
        let bCodes = b.values.map { merged.code(for: $0) }
        return (aCodes, bCodes, merged.values.count)
    }
}
