/// `and`, `or`, `not` with SQL's three-valued logic.
public enum Logical {
    public static func and(_ l: Column, _ r: Column) -> Column { combine(l, r, isAnd: true) }
    public static func or(_ l: Column, _ r: Column) -> Column { combine(l, r, isAnd: false) }

    static func combine(_ l: Column, _ r: Column, isAnd: Bool) -> Column {
        guard case .bool(let a) = l.storage, case .bool(let b) = r.storage else { return l }
        let n = a.count
        var out = [Bool](repeating: false, count: n)
        if l.validity == nil, r.validity == nil {
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    out.withUnsafeMutableBufferPointer { out in
                        if isAnd {
                            for i in 0..<n { out[i] = a[i] && b[i] }
                        } else {
                            for i in 0..<n { out[i] = a[i] || b[i] }
                        }
                    }
                }
            }
            return Column(.bool(out))
        }
        // A word of 64 rows at a time, without branches: a side's value
        // counts where its bit is valid, and the dominant value (false for
        // and, true for or) decides even against null. `x`, `y` below are 1
        // where a side is not the dominant value (De Morgan turns or into and).
        let dominant: UInt64 = isAnd ? 0 : 1
        let allValid = Validity(count: n, allValid: true).words
        let lw = l.validity?.words ?? allValid, rw = r.validity?.words ?? allValid
        var validWords = [UInt64](repeating: 0, count: allValid.count)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                out.withUnsafeMutableBufferPointer { out in
                    lw.withUnsafeBufferPointer { lw in
                        rw.withUnsafeBufferPointer { rw in
                            validWords.withUnsafeMutableBufferPointer { validWords in
                                for w in 0..<lw.count {
                                    let lv = lw[w], rv = rw[w]
                                    let base = w &<< 6
                                    var valid: UInt64 = 0
                                    for k in 0..<min(64, n - base) {
                                        let x = UInt64(unsafeBitCast(a[base + k], to: UInt8.self)) ^ dominant
                                        let y = UInt64(unsafeBitCast(b[base + k], to: UInt8.self)) ^ dominant
                                        let av = (lv &>> UInt64(k)) & 1, bv = (rv &>> UInt64(k)) & 1
                                        let ok = (av & bv) | (av & (x ^ 1)) | (bv & (y ^ 1))
                                        out[base + k] = ((x & y) ^ dominant) & ok != 0
                                        valid |= ok &<< UInt64(k)
                                    }
                                    validWords[w] = valid
                                }
                            }
                        }
                    }
                }
            }
        }
        return Column(.bool(out), validity: Validity(words: validWords, count: n))
    }

    public static func not(_ c: Column) -> Column {
        guard case .bool(let a) = c.storage else { return c }
        return Column(.bool(a.map { !$0 }), validity: c.validity)
    }

    /// `is null` / `is not null`.
    public static func isNull(_ c: Column, negated: Bool) -> Column {
        Column(.bool((0..<c.count).map { c.isNull($0) != negated }))
    }
}
