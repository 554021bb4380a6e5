/// A sort key: a column and its direction. Nulls sort last in both directions.
public struct SortKey: Sendable {
    public var column: Column
    public var descending: Bool
    public init(_ column: Column, descending: Bool) {
        self.column = column
        self.descending = descending
    }
}

/// Compares rows by sort keys, with the row index as the final tie-breaker,
/// so every sort built on it is stable.
struct RowOrder {
    enum Key {
        case integer([Int64], Validity?, Bool)
        case float([Double], Validity?, Bool)
    }
    let keys: [Key]

    init(_ sortKeys: [SortKey]) {
        keys = sortKeys.map { k in
            let c = k.column
            switch c.storage {
            case .int(let v): return .integer(v, c.validity, k.descending)
            case .date(let v): return .integer(v.map { Int64($0) }, c.validity, k.descending)
            case .bool(let v): return .integer(v.map { $0 ? 1 : 0 }, c.validity, k.descending)
            case .string(let codes, let dict):
                let rank = dict.sortRanks()
                return .integer(codes.map { Int64(rank[Int($0)]) }, c.validity, k.descending)
            case .float(let v): return .float(v, c.validity, k.descending)
            case .geometry(let v): return .integer([Int64](repeating: 0, count: v.count), c.validity, k.descending)
            }
        }
    }

    /// True when row `a` comes before row `b`.
    @inline(__always) func precedes(_ a: Int32, _ b: Int32) -> Bool {
        let i = Int(a), j = Int(b)
        for key in keys {
            switch key {
            case .integer(let v, let validity, let desc):
                if let c = Self.compareNulls(validity, i, j) { if c != 0 { return c < 0 } else { continue } }
                let x = v[i], y = v[j]
                if x != y { return desc ? x > y : x < y }
            case .float(let v, let validity, let desc):
                if let c = Self.compareNulls(validity, i, j) { if c != 0 { return c < 0 } else { continue } }
                let x = v[i], y = v[j]
                // NaN sorts after every number (but before null).
                if x.isNaN || y.isNaN {
                    if x.isNaN && y.isNaN { continue }
                    return y.isNaN
                }
                if x != y { return desc ? x > y : x < y }
            }
        }
        return a < b
    }

    /// nil when both are valid; otherwise -1/0/1 with nulls last.
    @inline(__always) static func compareNulls(_ validity: Validity?, _ i: Int, _ j: Int) -> Int? {
        guard let validity else { return nil }
        let vi = validity.isValid(i), vj = validity.isValid(j)
        if vi && vj { return nil }
        if vi { return -1 }
        if vj { return 1 }
        return 0
    }
}

public enum Sorting {
    /// The stable sorted order of the rows.
    /// - Complexity: O(n log n)
    public static func permutation(_ keys: [SortKey], rowCount: Int) -> [Int32] {
        // Never cancelled, so never throws.
        (try? permutation(keys, rowCount: rowCount, cancel: .never)) ?? []
    }

    /// Rows per sorted run, and between cancellation checks while merging.
    static let run = 1 << 15

    /// The stable sorted order, stoppable: runs of 32k rows are sorted, then
    /// merged pairwise, with a cancellation check per run and per 32k merged
    /// rows, so that sorting millions of rows stops at once on Ctrl-C.
    /// - Complexity: O(n log n)
    public static func permutation(_ keys: [SortKey], rowCount: Int, cancel: CancellationToken) throws(EngineError) -> [Int32] {
        var perm = (0..<Int32(truncatingIfNeeded: rowCount)).map { $0 }
        guard !keys.isEmpty else { return perm }
        let order = RowOrder(keys)
        if rowCount <= run {
            perm.sort(by: order.precedes)
            return perm
        }
        var from = 0
        while from < rowCount {
            try cancel.check()
            let to = min(from + run, rowCount)
            perm[from..<to].sort(by: order.precedes)
            from = to
        }
        // `precedes` breaks ties by row, so the merge needs no care for stability.
        var other = [Int32](repeating: 0, count: rowCount)
        var width = run
        while width < rowCount {
            var cancelled = false
            perm.withUnsafeBufferPointer { src in
                other.withUnsafeMutableBufferPointer { dst in
                    var lo = 0
                    while lo < rowCount {
                        let mid = min(lo + width, rowCount), hi = min(lo + 2 * width, rowCount)
                        var i = lo, j = mid, k = lo
                        while i < mid && j < hi {
                            if k & (run - 1) == 0, cancel.isCancelled { cancelled = true; return }
                            if order.precedes(src[j], src[i]) { dst[k] = src[j]; j += 1 } else { dst[k] = src[i]; i += 1 }
                            k += 1
                        }
                        while i < mid { dst[k] = src[i]; i += 1; k += 1 }
                        while j < hi { dst[k] = src[j]; j += 1; k += 1 }
                        lo = hi
                    }
                }
            }
            if cancelled { throw .cancelled }
            swap(&perm, &other)
            width *= 2
        }
        return perm
    }

    /// The first `k` rows of the stable sorted order, via a bounded heap.
    /// - Complexity: O(n log k); most rows cost one comparison of the first
    ///   key with the heap's worst row.
    public static func top(_ k: Int, _ keys: [SortKey], rowCount: Int) -> [Int32] {
        // Never cancelled, so never throws.
        (try? top(k, keys, rowCount: rowCount, cancel: .never)) ?? []
    }

    /// `top`, with a cancellation check per 64k rows scanned.
    public static func top(_ k: Int, _ keys: [SortKey], rowCount: Int, cancel: CancellationToken) throws(EngineError) -> [Int32] {
        guard k > 0 else { return [] }
        if k >= rowCount { return try permutation(keys, rowCount: rowCount, cancel: cancel) }
        let order = RowOrder(keys)
        guard let first = order.keys.first else { return (0..<Int32(k)).map { $0 } }
        // From 256k rows each core keeps the best k of its share of the
        // rows; the best k of those are the best k of all (the order is
        // total: ties go by row).
        let parts = rowCount >= 1 << 18 ? Parallel.coreCount : 1
        let heaps = Parallel.parallelMap(parts) { part -> TopHeap? in
            var heap = TopHeap(k: k, order: order)
            let rows = (rowCount * part / parts)..<(rowCount * (part + 1) / parts)
            let finished: Bool
            switch first {
            case .integer(let v, let validity, let descending): finished = heap.scan(v, validity, descending, rows: rows, cancel: cancel)
            case .float(let v, let validity, let descending): finished = heap.scan(v, validity, descending, rows: rows, cancel: cancel)
            }
            return finished ? heap : nil
        }
        var best = TopHeap(k: k, order: order)
        for heap in heaps {
            guard let heap else { throw .cancelled }
            for row in heap.rows { best.offer(row) }
        }
        return best.rows.sorted(by: order.precedes)
    }
}

/// The best `k` rows seen so far: a max-heap by the sort order (its root
/// is the worst of them).
struct TopHeap {
    let k: Int
    let order: RowOrder
    var rows: [Int32] = []

    init(k: Int, order: RowOrder) {
        self.k = k
        self.order = order
        rows.reserveCapacity(k)
    }

    /// Offers the rows in `range`. When the heap is full, a row whose first key is
    /// strictly worse than the root's cannot enter (ties are settled by the
    /// later keys and the row index, so they take the full comparison); NaN
    /// compares false and takes it too.
    /// False when cancelled (checked per 64k rows).
    mutating func scan<T: Comparable>(
        _ values: [T], _ validity: Validity?, _ descending: Bool, rows range: Range<Int>,
        cancel: CancellationToken
    ) -> Bool {
        let words = validity?.words ?? []
        let hasNulls = validity != nil
        var finished = true
        values.withUnsafeBufferPointer { v in
            words.withUnsafeBufferPointer { w in
                for row in range {
                    if row & 0xFFFF == 0, cancel.isCancelled { finished = false; return }
                    if rows.count == k {
                        let worst = Int(rows[0])
                        let bothValid =
                            !hasNulls
                            || ((w[row &>> 6] &>> UInt64(row & 63)) & (w[worst &>> 6] &>> UInt64(worst & 63)) & 1) != 0
                        if bothValid && (descending ? v[row] < v[worst] : v[worst] < v[row]) { continue }
                    }
                    offer(Int32(truncatingIfNeeded: row))
                }
            }
        }
        return finished
    }

    mutating func offer(_ row: Int32) {
        if rows.count < k {
            rows.append(row)
            siftUp(rows.count - 1)
        } else if order.precedes(row, rows[0]) {
            rows[0] = row
            siftDown(0)
        }
    }

    private mutating func siftUp(_ i: Int) {
        var i = i
        while i > 0 {
            let p = (i - 1) / 2
            if order.precedes(rows[p], rows[i]) { rows.swapAt(p, i); i = p } else { break }
        }
    }

    private mutating func siftDown(_ i: Int) {
        var i = i
        while true {
            let l = 2 * i + 1, r = l + 1
            var largest = i
            if l < rows.count, order.precedes(rows[largest], rows[l]) { largest = l }
            if r < rows.count, order.precedes(rows[largest], rows[r]) { largest = r }
            if largest == i { return }
            rows.swapAt(i, largest)
            i = largest
        }
    }
}
