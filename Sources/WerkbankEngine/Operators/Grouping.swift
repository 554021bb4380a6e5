/// Dense group ids for rows: rows with equal keys (null equal to null) share
/// an id; ids are numbered in order of first appearance.
public struct GroupIDs: Sendable {
    /// The group of each row.
    public var ids: [Int32]
    /// Number of groups.
    public var count: Int
    /// The first row of each group (a representative for reading key values).
    public var firstRow: [Int32]

    public init(ids: [Int32], count: Int, firstRow: [Int32]) {
        self.ids = ids
        self.count = count
        self.firstRow = firstRow
    }
}

public enum Grouping {
    /// Groups rows by the given key columns (all of the same length).
    /// - Complexity: O(n) expected, one hash probe per row and key.
    public static func group(_ keys: [Column], rowCount: Int, cancel: CancellationToken) throws(EngineError) -> GroupIDs {
        guard let first = keys.first else {
            return GroupIDs(ids: [Int32](repeating: 0, count: rowCount), count: rowCount > 0 ? 1 : 0,
                            firstRow: rowCount > 0 ? [0] : [])
        }
        var (ids, count) = try rawIDs(first, cancel: cancel)
        for key in keys.dropFirst() {
            try cancel.check()
            let (next, nextCount) = try rawIDs(key, cancel: cancel)
            (ids, count) = try combine(ids, count, next, nextCount, cancel: cancel)
        }
        try cancel.check()
        return renumber(ids, count)
    }

    /// Ids per row for one column; not yet in first-appearance order.
    static func rawIDs(_ c: Column) -> ([Int32], Int) {
        // Never cancelled, so never throws.
        (try? rawIDs(c, cancel: .never)) ?? ([], 0)
    }

    /// Rows between cancellation checks in the hash loops.
    static let batch = 1 << 16

    static func rawIDs(_ c: Column, cancel: CancellationToken) throws(EngineError) -> ([Int32], Int) {
        let n = c.count
        switch c.storage {
        case .string(let codes, let dict):
            // Codes are already dense; null gets one extra id.
            guard let validity = c.validity else { return (codes, dict.count) }
            var ids = codes
            let nullID = Int32(truncatingIfNeeded: dict.count)
            for i in 0..<n where !validity.isValid(i) { ids[i] = nullID }
            return (ids, dict.count + 1)
        case .bool(let v):
            return ((0..<n).map { c.isNull($0) ? 2 : (v[$0] ? 1 : 0) }, 3)
        case .int(let v):
            return try hashIDs(n, cancel) { c.isNull($0) ? nil : v[$0] }
        case .date(let v):
            return try hashIDs(n, cancel) { c.isNull($0) ? nil : Int64(v[$0]) }
        case .geometry(let v):
            // Equal shapes, equal ids (distinct over a table with shapes); no order.
            var seen: [Geometry: Int32] = [:]
            var ids = [Int32](repeating: -1, count: n)
            for i in 0..<n where !c.isNull(i) {
                if i & 0xFFFF == 0 { try cancel.check() }
                if let id = seen[v[i]] {
                    ids[i] = id
                } else {
                    ids[i] = Int32(seen.count)
                    seen[v[i]] = ids[i]
                }
            }
            guard c.validity != nil else { return (ids, seen.count) }
            let nullID = Int32(seen.count)
            for i in 0..<n where ids[i] < 0 { ids[i] = nullID }
            return (ids, seen.count + 1)
        case .float(let v):
            return try hashIDs(n, cancel) { i in
                if c.isNull(i) { return nil }
                let d = v[i]
                if d.isNaN { return Int64(bitPattern: Double.nan.bitPattern) }
                return Int64(bitPattern: (d == 0 ? 0.0 : d).bitPattern)
            }
        }
    }

    @inline(__always)
    static func hashIDs(_ n: Int, _ cancel: CancellationToken, _ key: (Int) -> Int64?) throws(EngineError) -> ([Int32], Int) {
        var map = DenseIDMap(expected: min(n, 1 << 16))
        var ids = [Int32](repeating: 0, count: n)
        var nullID: Int32 = -1
        for i in 0..<n {
            if i & (batch - 1) == 0 { try cancel.check() }
            if let k = key(i) {
                ids[i] = map.id(for: k)
            } else {
                if nullID < 0 { nullID = Int32(truncatingIfNeeded: Int(Int32.max)) }
                ids[i] = nullID
            }
        }
        var count = map.count
        if nullID >= 0 {
            let real = Int32(truncatingIfNeeded: count)
            for i in 0..<n where ids[i] == nullID { ids[i] = real }
            count += 1
        }
        return (ids, count)
    }

    /// Pairs of ids → one id per distinct pair.
    static func combine(_ a: [Int32], _ na: Int, _ b: [Int32], _ nb: Int, cancel: CancellationToken) throws(EngineError) -> ([Int32], Int) {
        let n = a.count
        let product = na.multipliedReportingOverflow(by: nb)
        if !product.overflow, product.partialValue <= max(1 << 20, n) {
            return (zip(a, b).map { Int32(truncatingIfNeeded: Int($0) * nb + Int($1)) }, product.partialValue)
        }
        var map = DenseIDMap(expected: min(n, 1 << 16))
        var ids = [Int32](repeating: 0, count: n)
        for i in 0..<n {
            if i & (batch - 1) == 0 { try cancel.check() }
            ids[i] = map.id(for: Int64(a[i]) << 32 | Int64(b[i]))
        }
        return (ids, map.count)
    }

    /// Renumbers ids in order of first appearance and records the first row of each.
    static func renumber(_ raw: [Int32], _ rawCount: Int) -> GroupIDs {
        var mapping = [Int32](repeating: -1, count: rawCount)
        var ids = [Int32](repeating: 0, count: raw.count)
        var firstRow: [Int32] = []
        raw.withUnsafeBufferPointer { raw in
            for i in 0..<raw.count {
                let r = Int(raw[i])
                var g = mapping[r]
                if g < 0 {
                    g = Int32(truncatingIfNeeded: firstRow.count)
                    mapping[r] = g
                    firstRow.append(Int32(truncatingIfNeeded: i))
                }
                ids[i] = g
            }
        }
        return GroupIDs(ids: ids, count: firstRow.count, firstRow: firstRow)
    }
}
