/// `x in [...]` over a column: one set lookup a row (a string column looks
/// up each dictionary entry once).
public enum Membership {
    /// `x in [...]`: SQL semantics — null if x is null, or if no item matches
    /// and the list holds a null.
    public static func inList(_ c: Column, _ values: [Value], negated: Bool) -> Column {
        let n = c.count
        let listHasNull = values.contains(.null)
        var out = [Bool](repeating: false, count: n)
        switch c.storage {
        case .string(let codes, let dict):
            let wanted = Set(values.compactMap { if case .string(let s) = $0 { ExactString(s) } else { nil } })
            let hit = dict.values.map { wanted.contains(ExactString($0)) }
            for i in 0..<n { out[i] = hit[Int(codes[i])] }
        case .int(let v):
            let wanted = Set(values.compactMap { if case .int(let x) = $0 { x } else { nil } })
            for i in 0..<n { out[i] = wanted.contains(v[i]) }
        case .float(let v):
            let wanted = Set(values.compactMap { (x: Value) -> Double? in
                switch x {
                case .float(let d): d
                case .int(let i): Double(i)
                default: nil
                }
            })
            for i in 0..<n { out[i] = wanted.contains(v[i]) }
        case .bool(let v):
            let wanted = Set(values.compactMap { if case .bool(let x) = $0 { x } else { nil } })
            for i in 0..<n { out[i] = wanted.contains(v[i]) }
        case .date(let v):
            let wanted = Set(values.compactMap { (x: Value) -> Int32? in
                switch x {
                case .date(let d): d
                case .string(let s): CalendarDate.parse(s)
                default: nil
                }
            })
            for i in 0..<n { out[i] = wanted.contains(v[i]) }
        case .geometry:
            break  // a list holds literals, never a shape: no row is in it
        }
        var validity = c.validity ?? Validity(count: n, allValid: true)
        for i in 0..<n {
            if listHasNull && !out[i] { validity.clear(i) }
            if negated { out[i].toggle() }
        }
        return Column(.bool(out), validity: validity)
    }
}
