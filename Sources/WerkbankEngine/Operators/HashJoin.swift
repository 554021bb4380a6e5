public enum JoinKind: String, Sendable, CaseIterable { case inner, left, anti }

/// The hash table of an equi-join: both sides' keys as ids in one shared
/// space, and the right rows bucketed by id. From it the size of the result
/// is known before a row of it is built (`resultRows`), so a result too big
/// to hold is refused, and `… | count` never builds one. Null keys never
/// match (as in SQL).
public struct JoinIndex: Sendable {
    /// The key id of each left row; -1 when it cannot match (null, or a
    /// value the right side lacks).
    let leftIDs: [Int32]
    /// Bucket `id` holds `bucket[start[id]..<start[id + 1]]`.
    let start: [Int32]
    /// Right rows grouped by key id, each group in row order.
    let bucket: [Int32]
    /// The most right rows one key matches.
    let largestBucket: Int
    /// For a lookup join (no right key repeats): slot `id + 1` holds the
    /// right row of key id `id`, -1 when it has none (slot 0 is id -1's);
    /// empty otherwise. Both sides' row numbers read it, without a branch a
    /// row.
    let lookupRows: [Int32]

    /// Rows between cancellation checks in the loops below.
    static let batch = 1 << 16

    /// - Complexity: O(left + right)
    public init(left: [Column], right: [Column], cancel: CancellationToken) throws(EngineError) {
        let nl = left.first?.count ?? 0, nr = right.first?.count ?? 0
        // The first key's ids are taken as they come (no vector of zeros
        // beside them: at 10M rows that was 40 MB of a join's peak).
        var lid: [Int32] = [], rid: [Int32] = []
        var count = 0
        for (k, (lc, rc)) in zip(left, right).enumerated() {
            try cancel.check()
            let (a, b, n) = try HashJoin.jointIDs(lc, rc, cancel: cancel)
            if k == 0 {
                (lid, rid, count) = (a, b, n)
                continue
            }
            var map = DenseIDMap(expected: min(nl + nr, 1 << 16))
            for i in 0..<nr {
                if i & (Self.batch - 1) == 0 { try cancel.check() }
                rid[i] = rid[i] < 0 || b[i] < 0 ? -1 : map.id(for: Int64(rid[i]) << 32 | Int64(b[i]))
            }
            // A left pair the right side lacks cannot match.
            for i in 0..<nl {
                if i & (Self.batch - 1) == 0 { try cancel.check() }
                lid[i] = lid[i] < 0 || a[i] < 0 ? -1 : (map.find(Int64(lid[i]) << 32 | Int64(a[i])) ?? -1)
            }
            count = map.count
        }
        if left.isEmpty {
            // No keys: every row meets every row.
            (lid, rid, count) = ([Int32](repeating: 0, count: nl), [Int32](repeating: 0, count: nr), 1)
        }
        try cancel.check()
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
        leftIDs = lid
        self.start = start
        self.bucket = bucket
        var largest = 0
        for k in 0..<count { largest = max(largest, Int(start[k + 1] - start[k])) }
        largestBucket = largest
        var lookup: [Int32] = []
        if largest <= 1 {
            lookup = [Int32](repeating: -1, count: count + 1)
            for id in 0..<count where start[id + 1] > start[id] { lookup[id + 1] = bucket[Int(start[id])] }
        }
        lookupRows = lookup
    }

    /// A bound on the result's rows known without a pass over the left
    /// rows: when no key repeats on the right, each left row gives at most
    /// one row (the common lookup join). nil otherwise.
    public var rowBoundWithoutCounting: Int? { largestBucket <= 1 ? leftIDs.count : nil }

    /// The number of rows the join gives, from the bucket sizes alone.
    /// - Complexity: O(left)
    public func resultRows(_ kind: JoinKind, cancel: CancellationToken) throws(EngineError) -> Int {
        // inner: the matches; left: at least one row per left row; anti: the
        // left rows without a match. Summed per batch, checked between them.
        var total = 0
        let n = leftIDs.count
        try leftIDs.withUnsafeBufferPointer { (lid) throws(EngineError) in
            try start.withUnsafeBufferPointer { (start) throws(EngineError) in
                var from = 0
                while from < n {
                    try cancel.check()
                    let to = min(from + Self.batch, n)
                    var matched = 0, unmatched = 0
                    for row in from..<to {
                        let id = Int(lid[row])
                        let m = id >= 0 ? Int(start[id &+ 1] &- start[id]) : 0
                        matched &+= m
                        unmatched &+= m == 0 ? 1 : 0
                    }
                    switch kind {
                    case .inner: total += matched
                    case .left: total += matched + unmatched
                    case .anti: total += unmatched
                    }
                    from = to
                }
            }
        }
        return total
    }

    /// Whether no left row meets two right rows: the left rows of the
    /// pairs then only go up, so the left columns can keep them in place.
    public func leftRowsAscend(_ kind: JoinKind) -> Bool { kind == .anti || largestBucket <= 1 }

    /// Whether both sides' row numbers are written without a branch a row:
    /// an inner lookup join writes a slot for every left row and counts the
    /// matched ones, so it needs `rows` to hold every left row.
    func writesEveryLeftRow(_ kind: JoinKind, rows: Int) -> Bool {
        kind == .inner && largestBucket <= 1 && rows >= leftIDs.count
    }

    /// The left row of each pair, at most `rows` of them (`resultRows` or
    /// `rowBoundWithoutCounting`, checked by the caller against the memory
    /// budget before this allocates them); nil when that is every left row
    /// once, in order (each met one right row, or none in a left join), so
    /// the left columns are kept as they are. The pairs go in left row
    /// order, a left row's right rows in theirs (`rightRows`).
    /// - Complexity: O(left + rows)
    public func leftRows(_ kind: JoinKind, rows: Int, cancel: CancellationToken) throws(EngineError) -> [Int32]? {
        var out: [Int32]? = nil
        var cancelled = false
        leftIDs.withUnsafeBufferPointer { lid in
            start.withUnsafeBufferPointer { start in
                var row = 0
                // Until a row breaks the identity, nothing is written: a join
                // where every left row meets one right row holds no left rows.
                if kind != .anti {
                    while row < lid.count {
                        if row & (Self.batch - 1) == 0, cancel.isCancelled { cancelled = true; return }
                        let id = Int(lid[row])
                        let m = id >= 0 ? Int(start[id &+ 1] &- start[id]) : 0
                        if m != 1 && !(m == 0 && kind == .left) { break }
                        row += 1
                    }
                    if row == lid.count { return }
                }
                // Filled below, every one of the `rows` slots (not zeroed first).
                var rowsOut = [Int32](unsafeUninitializedCapacity: rows) { _, n in n = rows }
                var j = 0
                rowsOut.withUnsafeMutableBufferPointer { o in
                    for k in 0..<row { o[k] = Int32(truncatingIfNeeded: k) }
                    j = row
                    var nextCheck = j
                    // An inner lookup join: each left row written, counted
                    // when it met its right row.
                    if writesEveryLeftRow(kind, rows: rows) {
                        lookupRows.withUnsafeBufferPointer { rowOf in
                            while row < lid.count {
                                if row & (Self.batch - 1) == 0, cancel.isCancelled { cancelled = true; return }
                                o[j] = Int32(truncatingIfNeeded: row)
                                j &+= rowOf[Int(lid[row]) &+ 1] >= 0 ? 1 : 0
                                row += 1
                            }
                        }
                    }
                    while row < lid.count {
                        // Checked per 64k result rows, however they come (many
                        // matches for one left row, or none for many).
                        if j >= nextCheck || row & (Self.batch - 1) == 0 {
                            if cancel.isCancelled { cancelled = true; return }
                            nextCheck = j + Self.batch
                        }
                        let id = Int(lid[row])
                        let m = id >= 0 ? Int(start[id &+ 1] &- start[id]) : 0
                        let r32 = Int32(truncatingIfNeeded: row)
                        switch kind {
                        case .anti: if m == 0 { o[j] = r32; j += 1 }
                        case .left, .inner:
                            if m == 0 {
                                if kind == .left { o[j] = r32; j += 1 }
                            } else {
                                for _ in 0..<m { o[j] = r32; j += 1 }
                            }
                        }
                        row += 1
                    }
                }
                if j < rows { rowsOut.removeLast(rows - j) }
                out = rowsOut
            }
        }
        if cancelled { throw .cancelled }
        return out
    }

    /// The right row of each pair, in the order of `leftRows`; -1 for a left
    /// row without a match (left join). Anti joins have none.
    /// - Complexity: O(left + rows)
    public func rightRows(_ kind: JoinKind, rows: Int, cancel: CancellationToken) throws(EngineError) -> [Int32] {
        guard kind != .anti else { return [] }
        // Filled below, every one of the `rows` slots (not zeroed first).
        var out = [Int32](unsafeUninitializedCapacity: rows) { _, n in n = rows }
        var cancelled = false
        var j = 0
        leftIDs.withUnsafeBufferPointer { lid in
            start.withUnsafeBufferPointer { start in
                bucket.withUnsafeBufferPointer { bucket in
                    out.withUnsafeMutableBufferPointer { o in
                        // As in `leftRows`: an inner lookup join without a
                        // branch a row.
                        if writesEveryLeftRow(kind, rows: rows) {
                            lookupRows.withUnsafeBufferPointer { rowOf in
                                for row in 0..<lid.count {
                                    if row & (Self.batch - 1) == 0, cancel.isCancelled { cancelled = true; return }
                                    let r = rowOf[Int(lid[row]) &+ 1]
                                    o[j] = r
                                    j &+= r >= 0 ? 1 : 0
                                }
                            }
                            return
                        }
                        var nextCheck = 0
                        for row in 0..<lid.count {
                            if j >= nextCheck || row & (Self.batch - 1) == 0 {
                                if cancel.isCancelled { cancelled = true; return }
                                nextCheck = j + Self.batch
                            }
                            let id = Int(lid[row])
                            let lo = id >= 0 ? Int(start[id]) : 0
                            let hi = id >= 0 ? Int(start[id &+ 1]) : 0
                            if lo == hi {
                                if kind == .left { o[j] = -1; j += 1 }
                            } else {
                                for k in lo..<hi { o[j] = bucket[k]; j += 1 }
                            }
                        }
                    }
                }
            }
        }
        if cancelled { throw .cancelled }
        if j < rows { out.removeLast(rows - j) }
        return out
    }
}

public enum HashJoin {
    /// Ids for a left and a right key column in one shared space; -1 for
    /// null and for a left value the right side lacks.
    static func jointIDs(_ l: Column, _ r: Column, cancel: CancellationToken) throws(EngineError) -> ([Int32], [Int32], Int) {
        switch (l.storage, r.storage) {
        case (.string(let lc, let ld), .string(let rc, let rd)):
            let (la, ra, n) = DictionaryAlignment.sharedCodes(ld, rd)
            return (translate(lc, la, l.validity), translate(rc, ra, r.validity), n)
        default:
            guard let lk = integerKeys(l), let rk = integerKeys(r) else {
                throw .invalid("cannot join \(l.type.rawValue) with \(r.type.rawValue)")
            }
            var map = DenseIDMap(expected: min(r.count, 1 << 16))
            var right = [Int32](repeating: -1, count: r.count)
            for i in 0..<r.count {
                if i & (JoinIndex.batch - 1) == 0 { try cancel.check() }
                if !r.isNull(i) { right[i] = map.id(for: rk[i]) }
            }
            var left = [Int32](repeating: -1, count: l.count)
            for i in 0..<l.count {
                if i & (JoinIndex.batch - 1) == 0 { try cancel.check() }
                if !l.isNull(i) { left[i] = map.find(lk[i]) ?? -1 }
            }
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
        case .string, .geometry: nil
        }
    }
}
