public enum JoinKind: String, Sendable, CaseIterable { case inner, left, anti }

/// Row pairs of an equi-join, in left row order; within one left row the
/// matching right rows keep their order. Null keys never match (as in SQL).
public struct JoinMatches: Sendable {
    public var leftRows: [Int32]
    /// -1 where a left row has no match (left join).
    public var rightRows: [Int32]
    /// Whether `leftRows` is every left row once, in order (each matched
    /// one right row, or none in a left join): the left columns can then be
    /// kept as they are instead of gathered.
    public var leftIsIdentity = false
}

public enum HashJoin {
    /// - Complexity: O(left + right + output)
    public static func match(left: [Column], right: [Column], kind: JoinKind,
                             cancel: CancellationToken) throws(EngineError) -> JoinMatches {
        let nl = left.first?.count ?? 0, nr = right.first?.count ?? 0
        var lid = [Int32](repeating: 0, count: nl), rid = [Int32](repeating: 0, count: nr)
        var count = 1
        for (lc, rc) in zip(left, right) {
            try cancel.check()
            let (a, b, n) = try jointIDs(lc, rc)
            if count == 1 {
                (lid, rid, count) = (a, b, n)
                continue
            }
            var map = DenseIDMap(expected: min(nl + nr, 1 << 16))
            for i in 0..<nl { lid[i] = lid[i] < 0 || a[i] < 0 ? -1 : map.id(for: Int64(lid[i]) << 32 | Int64(a[i])) }
            for i in 0..<nr { rid[i] = rid[i] < 0 || b[i] < 0 ? -1 : map.id(for: Int64(rid[i]) << 32 | Int64(b[i])) }
            count = map.count
        }
        // Bucket the right rows by key id (a counting sort keeps their order).
        var start = [Int32](repeating: 0, count: count + 1)
        for id in rid where id >= 0 { start[Int(id) + 1] += 1 }
        for k in 0..<count { start[k + 1] += start[k] }
        var fill = start
        var bucket = [Int32](repeating: 0, count: nr)
        for (row, id) in rid.enumerated() where id >= 0 {
            bucket[Int(fill[Int(id)])] = Int32(truncatingIfNeeded: row)
            fill[Int(id)] += 1
        }
        try cancel.check()
        var out = JoinMatches(leftRows: [], rightRows: [])
        out.leftRows.reserveCapacity(nl)
        out.rightRows.reserveCapacity(kind == .anti ? 0 : nl)
        var identity = kind != .anti
        for row in 0..<nl {
            if row & 0xFFFF == 0 { try cancel.check() }
            let id = lid[row]
            let lo = id >= 0 ? Int(start[Int(id)]) : 0
            let hi = id >= 0 ? Int(start[Int(id) + 1]) : 0
            let r32 = Int32(truncatingIfNeeded: row)
            switch kind {
            case .anti:
                if lo == hi { out.leftRows.append(r32) }
            case .inner, .left:
                if lo == hi {
                    if kind == .left {
                        out.leftRows.append(r32)
                        out.rightRows.append(-1)
                    } else {
                        identity = false
                    }
                } else {
                    if hi - lo > 1 { identity = false }
                    for k in lo..<hi {
                        out.leftRows.append(r32)
                        out.rightRows.append(bucket[k])
                    }
                }
            }
        }
        out.leftIsIdentity = identity
        return out
    }

    /// Ids for a left and a right key column in one shared space; -1 for null.
    static func jointIDs(_ l: Column, _ r: Column) throws(EngineError) -> ([Int32], [Int32], Int) {
        switch (l.storage, r.storage) {
        case (.string(let lc, let ld), .string(let rc, let rd)):
            let (la, ra, n) = DictionaryAlignment.sharedCodes(ld, rd)
            return (translate(lc, la, l.validity), translate(rc, ra, r.validity), n)
        default:
            guard let lk = integerKeys(l), let rk = integerKeys(r) else {
                throw .invalid("cannot join \(l.type.rawValue) with \(r.type.rawValue)")
            }
            var map = DenseIDMap(expected: min(r.count, 1 << 16))
            let right = (0..<r.count).map { r.isNull($0) ? -1 : map.id(for: rk[$0]) }
            let left = (0..<l.count).map { l.isNull($0) ? -1 : (map.find(lk[$0]) ?? -1) }
            return (left, right, map.count)
        }
    }

    /// Dictionary codes through `map` into the shared space; -1 for null.
    static func translate(_ codes: [Int32], _ map: [Int32], _ validity: Validity?) -> [Int32] {
        guard !map.isEmpty else { return [Int32](repeating: -1, count: codes.count) }
        var out = Column.pick(map, codes)
        if let validity {
            for i in 0..<out.count where !validity.isValid(i) { out[i] = -1 }
        }
        return out
    }

    /// Values as Int64 keys: ints and dates as they are, floats by bit pattern.
    static func integerKeys(_ c: Column) -> [Int64]? {
        switch c.storage {
        case .int(let v): v
        case .date(let v): v.map { Int64($0) }
        case .bool(let v): v.map { $0 ? 1 : 0 }
        case .float(let v): v.map { Int64(bitPattern: ($0 == 0 ? 0.0 : $0).bitPattern) }
        case .string: nil
        }
    }
}
