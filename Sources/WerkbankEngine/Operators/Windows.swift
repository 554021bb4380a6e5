/// Row functions over groups in the table's current order (`derive … by G`):
/// row numbers, ranks, values a few rows back or ahead, running totals and
/// means. Each works on the rows of one group at a time, in row order.
public enum Windows {
    /// The rows of each group, in row order: `rows[start[g]..<start[g + 1]]`
    /// (a stable counting sort by group id).
    public struct GroupedRows: Sendable {
        public var rows: [Int32]
        public var start: [Int]

        public init(_ ids: [Int32], groupCount: Int) {
            var start = [Int](repeating: 0, count: groupCount + 1)
            for g in ids { start[Int(g) + 1] += 1 }
            for g in 0..<groupCount { start[g + 1] += start[g] }
            var next = start
            var rows = [Int32](repeating: 0, count: ids.count)
            for (r, g) in ids.enumerated() {
                rows[next[Int(g)]] = Int32(r)
                next[Int(g)] += 1
            }
            self.rows = rows
            self.start = start
        }

        public var groupCount: Int { start.count - 1 }
        func slice(_ g: Int) -> ArraySlice<Int32> { rows[start[g]..<start[g + 1]] }
    }

    /// 1, 2, 3, … within each group.
    public static func rowNumber(_ grouped: GroupedRows, rowCount: Int) -> Column {
        var out = [Int64](repeating: 0, count: rowCount)
        for g in 0..<grouped.groupCount {
            for (k, r) in grouped.slice(g).enumerated() { out[Int(r)] = Int64(k + 1) }
        }
        return Column(.int(out))
    }

    /// The value `offset` rows before (positive: `lag`) or after (negative:
    /// `lead`) within the group; null where there is none.
    public static func shift(_ column: Column, _ grouped: GroupedRows, offset: Int, cancel: CancellationToken) throws(EngineError) -> Column {
        var source = [Int32](repeating: -1, count: column.count)
        for g in 0..<grouped.groupCount {
            let rows = grouped.slice(g)
            let base = rows.startIndex
            for k in 0..<rows.count {
                let from = k - offset
                if from >= 0, from < rows.count { source[Int(rows[base + k])] = rows[base + from] }
            }
        }
        return try column.gatherOrNull(source, cancel: cancel)
    }

    /// The running total within each group; a null row keeps the total so far
    /// (null until the first value), as SQL's `sum(x) over (… rows unbounded preceding)`.
    public static func cumulativeSum(_ column: Column, _ grouped: GroupedRows, label: String) throws(EngineError) -> Column {
        let n = column.count
        var valid = Validity(count: n, allValid: false)
        switch column.storage {
        case .int(let v):
            var out = [Int64](repeating: 0, count: n)
            for g in 0..<grouped.groupCount {
                var total: Int64 = 0, seen = false
                for r in grouped.slice(g).map(Int.init) {
                    if !column.isNull(r) {
                        let (s, overflow) = total.addingReportingOverflow(v[r])
                        if overflow { throw .overflow(column: label) }
                        total = s
                        seen = true
                    }
                    if seen { out[r] = total; valid.set(r) }
                }
            }
            return Column(.int(out), validity: valid)
        case .float(let v):
            var out = [Double](repeating: 0, count: n)
            for g in 0..<grouped.groupCount {
                var total = 0.0, seen = false
                for r in grouped.slice(g).map(Int.init) {
                    if !column.isNull(r) { total += v[r]; seen = true }
                    if seen { out[r] = total; valid.set(r) }
                }
            }
            return Column(.float(out), validity: valid)
        default:
            throw .invalid("cumsum needs numbers")
        }
    }

    /// The mean of the non-null values among the last `width` rows of the
    /// group, the current one included (null when all are null).
    public static func runningMean(_ column: Column, _ grouped: GroupedRows, width: Int) -> Column {
        let n = column.count
        let values = Arithmetic.toFloat(column)
        guard case .float(let v) = values.storage else { return Column.nulls(.float, count: n) }
        var out = [Double](repeating: 0, count: n)
        var valid = Validity(count: n, allValid: false)
        for g in 0..<grouped.groupCount {
            let rows = Array(grouped.slice(g).map(Int.init))
            var sum = 0.0, count = 0
            for (k, r) in rows.enumerated() {
                if !values.isNull(r) { sum += v[r]; count += 1 }
                if k >= width {
                    let old = rows[k - width]
                    if !values.isNull(old) { sum -= v[old]; count -= 1 }
                }
                // Recomputed exactly when the window is small, so rounding does not drift.
                if count > 0 {
                    if width <= 64 {
                        var s = 0.0
                        for j in max(0, k - width + 1)...k where !values.isNull(rows[j]) { s += v[rows[j]] }
                        out[r] = s / Double(count)
                    } else {
                        out[r] = sum / Double(count)
                    }
                    valid.set(r)
                }
            }
        }
        return Column(.float(out), validity: valid)
    }

    /// Rank of each row's value within its group, smallest first, nulls last:
    /// ties share a rank; `dense` counts distinct values (1, 1, 2), otherwise
    /// rows before (1, 1, 3), as SQL's `dense_rank`/`rank`.
    public static func rank(_ column: Column, _ ids: [Int32], dense: Bool, cancel: CancellationToken) throws(EngineError) -> Column {
        let n = column.count
        let order = try Sorting.permutation([SortKey(Column(.int(ids.map(Int64.init))), descending: false),
                                             SortKey(column, descending: false)], rowCount: n, cancel: cancel)
        var out = [Int64](repeating: 0, count: n)
        var previous = -1
        var rank: Int64 = 0, distinct: Int64 = 0, position: Int64 = 0
        for r in order.map(Int.init) {
            if previous < 0 || ids[r] != ids[previous] {
                position = 0
                distinct = 0
                previous = -1
            }
            position += 1
            if previous < 0 || !sameValue(column, r, previous) {
                distinct += 1
                rank = dense ? distinct : position
            }
            out[r] = rank
            previous = r
        }
        return Column(.int(out))
    }

    static func sameValue(_ c: Column, _ a: Int, _ b: Int) -> Bool {
        let na = c.isNull(a), nb = c.isNull(b)
        if na || nb { return na && nb }
        switch c.storage {
        case .int(let v): return v[a] == v[b]
        case .float(let v): return v[a] == v[b] || (v[a].isNaN && v[b].isNaN)
        case .bool(let v): return v[a] == v[b]
        case .date(let v): return v[a] == v[b]
        case .geometry(let v): return v[a] == v[b]
        case .string(let codes, let d): return codes[a] == codes[b] || ExactString(d.values[Int(codes[a])]) == ExactString(d.values[Int(codes[b])])
        }
    }
}
