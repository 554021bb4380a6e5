/// `and`, `or`, `not` with SQL's three-valued logic.
public enum Logical {
    public static func and(_ l: Column, _ r: Column) -> Column { combine(l, r, isAnd: true) }
    public static func or(_ l: Column, _ r: Column) -> Column { combine(l, r, isAnd: false) }

    static func combine(_ l: Column, _ r: Column, isAnd: Bool) -> Column {
        guard case .bool(let a) = l.storage, case .bool(let b) = r.storage else { return l }
        let n = a.count
        var out = [Bool](repeating: false, count: n)
        if l.validity == nil, r.validity == nil {
            for i in 0..<n { out[i] = isAnd ? (a[i] && b[i]) : (a[i] || b[i]) }
            return Column(.bool(out))
        }
        var validity = Validity(count: n, allValid: true)
        for i in 0..<n {
            let an = l.isNull(i), bn = r.isNull(i)
            // The dominant value (false for and, true for or) decides even against null.
            let dominant = !isAnd
            if (!an && a[i] == dominant) || (!bn && b[i] == dominant) {
                out[i] = dominant
            } else if an || bn {
                validity.clear(i)
            } else {
                out[i] = !dominant
            }
        }
        return Column(.bool(out), validity: validity)
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
