/// The aggregate kernels: one value per group, computed over group ids in a
/// single pass (or a sort per group for median and percentile). All skip nulls.
public enum AggregateKernel: String, Sendable {
    case count, countDistinct, sum, avg, min, max, median, stddev, percentile, first, last
}

public enum Aggregation {
    /// `column` nil means `count()` (rows). `fraction` is percentile's p.
    public static func compute(_ kernel: AggregateKernel, _ column: Column?, groups: GroupIDs,
                               fraction: Double = 0.5, label: String,
                               cancel: CancellationToken) throws(EngineError) -> Column {
        let g = groups.count
        let ids = groups.ids
        guard let column else {
            var counts = [Int64](repeating: 0, count: g)
            for id in ids { counts[Int(id)] += 1 }
            return Column(.int(counts))
        }
        switch kernel {
        case .count:
            var counts = [Int64](repeating: 0, count: g)
            for (i, id) in ids.enumerated() where !column.isNull(i) { counts[Int(id)] += 1 }
            return Column(.int(counts))
        case .countDistinct:
            let (values, _) = Grouping.rawIDs(column)
            var map = DenseIDMap(expected: min(ids.count, 1 << 16))
            var counts = [Int64](repeating: 0, count: g)
            for i in 0..<ids.count where !column.isNull(i) {
                let before = map.count
                _ = map.id(for: Int64(ids[i]) << 32 | Int64(values[i]))
                if map.count > before { counts[Int(ids[i])] += 1 }
            }
            return Column(.int(counts))
        case .sum, .avg:
            return try sumOrAverage(column, ids, g, average: kernel == .avg, label: label)
        case .min, .max:
            return extreme(column, ids, g, max: kernel == .max)
        case .first, .last:
            var pick = [Int32](repeating: -1, count: g)
            for i in 0..<ids.count where !column.isNull(i) {
                let k = Int(ids[i])
                if kernel == .last || pick[k] < 0 { pick[k] = Int32(truncatingIfNeeded: i) }
            }
            return column.gatherOrNull(pick)
        case .stddev:
            let v = floats(column)
            var n = [Int](repeating: 0, count: g), mean = [Double](repeating: 0, count: g), m2 = [Double](repeating: 0, count: g)
            for i in 0..<ids.count where !column.isNull(i) {
                let k = Int(ids[i])
                n[k] += 1
                let delta = v[i] - mean[k]
                mean[k] += delta / Double(n[k])
                m2[k] += delta * (v[i] - mean[k])
            }
            var validity = Validity(count: g, allValid: true)
            var out = [Double](repeating: 0, count: g)
            for k in 0..<g { if n[k] < 2 { validity.clear(k) } else { out[k] = (m2[k] / Double(n[k] - 1)).squareRoot() } }
            return Column(.float(out), validity: validity)
        case .median, .percentile:
            let p = kernel == .median ? 0.5 : fraction
            let v = floats(column)
            // Bucket the values by group, then sort each bucket.
            var start = [Int](repeating: 0, count: g + 1)
            for i in 0..<ids.count where !column.isNull(i) { start[Int(ids[i]) + 1] += 1 }
            for k in 0..<g { start[k + 1] += start[k] }
            var fill = start
            var bucket = [Double](repeating: 0, count: start[g])
            for i in 0..<ids.count where !column.isNull(i) {
                let k = Int(ids[i])
                bucket[fill[k]] = v[i]
                fill[k] += 1
            }
            var validity = Validity(count: g, allValid: true)
            var out = [Double](repeating: 0, count: g)
            for k in 0..<g {
                if k & 1023 == 0 { try cancel.check() }
                let lo = start[k], hi = start[k + 1]
                if lo == hi { validity.clear(k); continue }
                sortNaNLast(&bucket[lo..<hi])
                // As percentile_cont (and DuckDB): the value at position
                // p·(n−1), or between its two neighbours lo·(1−w) + hi·w, which
                // cannot overflow as hi − lo can (a NaN neighbour gives NaN).
                let pos = p * Double(hi - lo - 1)
                let below = Int(pos.rounded(.down))
                let w = pos - Double(below)
                let a = bucket[lo + below]
                let b = w == 0 ? a : bucket[lo + below + 1]
                out[k] = a == b ? a : a * (1 - w) + b * w  // equal neighbours (±inf too) need no arithmetic
            }
            return Column(.float(out), validity: validity)
        }
    }

    /// Sorts ascending with NaN after every number, the order of `sort`.
    static func sortNaNLast(_ values: inout ArraySlice<Double>) {
        let firstNaN = values.partition { $0.isNaN }
        values[values.startIndex..<firstNaN].sort()
    }

    static func floats(_ c: Column) -> [Double] {
        switch c.storage {
        case .int(let v): v.map { Double($0) }
        case .float(let v): v
        case .date(let v): v.map { Double($0) }
        case .bool(let v): v.map { $0 ? 1 : 0 }
        case .string(let codes, _): [Double](repeating: 0, count: codes.count)
        case .geometry(let v): [Double](repeating: 0, count: v.count)
        }
    }

    static func sumOrAverage(_ c: Column, _ ids: [Int32], _ g: Int, average: Bool, label: String) throws(EngineError) -> Column {
        var n = [Int](repeating: 0, count: g)
        switch c.storage {
        case .int(let v):
            // Int64 sums first (the common case, and fast); when one of them
            // overflowed part-way, again in Int128, so that only a total that
            // does not fit is an error (9223372036854775807 + 1 − 1 is fine).
            var sum = [Int64](repeating: 0, count: g)
            var overflow = false
            v.withUnsafeBufferPointer { v in
                ids.withUnsafeBufferPointer { ids in
                    for i in 0..<v.count where c.validity?.isValid(i) ?? true {
                        let k = Int(ids[i])
                        n[k] += 1
                        let (s, o) = sum[k].addingReportingOverflow(v[i])
                        sum[k] = s
                        if o { overflow = true }
                    }
                }
            }
            var validity = Validity(count: g, allValid: true)
            for k in 0..<g where n[k] == 0 { validity.clear(k) }
            if !overflow {
                if average {
                    return Column(.float((0..<g).map { n[$0] == 0 ? 0 : Double(sum[$0]) / Double(n[$0]) }), validity: validity)
                }
                return Column(.int(sum), validity: validity)
            }
            var wide = [Int128](repeating: 0, count: g)
            for i in 0..<v.count where c.validity?.isValid(i) ?? true { wide[Int(ids[i])] += Int128(v[i]) }
            if average {
                return Column(.float((0..<g).map { n[$0] == 0 ? 0 : Double(wide[$0]) / Double(n[$0]) }), validity: validity)
            }
            for k in 0..<g {
                guard let exact = Int64(exactly: wide[k]) else { throw .overflow(column: label) }
                sum[k] = exact
            }
            return Column(.int(sum), validity: validity)
        default:
            let v = floats(c)
            var sum = [Double](repeating: 0, count: g)
            for i in 0..<v.count where !c.isNull(i) {
                let k = Int(ids[i])
                n[k] += 1
                sum[k] += v[i]
            }
            var validity = Validity(count: g, allValid: true)
            for k in 0..<g where n[k] == 0 { validity.clear(k) }
            return Column(.float(average ? (0..<g).map { n[$0] == 0 ? 0 : sum[$0] / Double(n[$0]) } : sum), validity: validity)
        }
    }

    static func extreme(_ c: Column, _ ids: [Int32], _ g: Int, max: Bool) -> Column {
        // Pick the row holding the extreme value per group, then gather it:
        // one code path for every type.
        var pick = [Int32](repeating: -1, count: g)
        func scan<T: Comparable>(_ key: (Int) -> T) {
            var best = [T?](repeating: nil, count: g)
            for i in 0..<ids.count where !c.isNull(i) {
                let k = Int(ids[i])
                let x = key(i)
                if let b = best[k], max ? !(x > b) : !(x < b) { continue }
                best[k] = x
                pick[k] = Int32(truncatingIfNeeded: i)
            }
        }
        switch c.storage {
        case .int(let v): scan { v[$0] }
        case .float(let v): scan { FloatOrder(v[$0]) }
        case .date(let v): scan { v[$0] }
        case .bool(let v): scan { v[$0] ? 1 : 0 }
        case .string(let codes, let dict):
            let rank = dict.sortRanks()
            scan { rank[Int(codes[$0])] }
        case .geometry:
            scan { _ in 0 }  // shapes have no order (the binder refuses min/max of them): the first
        }
        return c.gatherOrNull(pick)
    }
}

/// Floats in the order `sort` uses: NaN after every number (+inf included),
/// all NaNs equal; -0.0 equals 0.0.
struct FloatOrder: Comparable {
    let value: Double
    init(_ value: Double) { self.value = value }
    static func < (a: FloatOrder, b: FloatOrder) -> Bool {
        a.value.isNaN ? false : (b.value.isNaN || a.value < b.value)
    }
    static func == (a: FloatOrder, b: FloatOrder) -> Bool {
        a.value.isNaN ? b.value.isNaN : a.value == b.value
    }
}
