/// How one side of an and/or chain meets the flags of the sides before it:
/// the first side sets them, each later side ands or ors into them.
public enum FlagMerge: Sendable {
    case set, and, or
}

/// `where`'s conditions evaluated straight into flags (one byte a row, 0 or
/// 1, null as false), a block of 4,096 rows at a time and the blocks spread
/// over the cores. A comparison with a literal writes a block's flags,
/// masks them with the column's validity and merges them into the chain's
/// while the block is in cache: one pass over memory where a Bool column,
/// its validity-masked copy and the combined flags took three.
public enum ConditionFlags {
    /// Rows a block: a multiple of 64, so a block starts on a validity word.
    static let blockRows = 4096
    /// Below this many rows the blocks run on one core (a dispatch costs
    /// more than the work).
    static let parallelFrom = 1 << 17

    /// A condition's values (a bool column; null counts as false) merged
    /// into `flags`.
    public static func merge(_ condition: Column, into flags: inout [Bool], _ how: FlagMerge) {
        guard case .bool(let values) = condition.storage else { return }
        values.withUnsafeBytes { raw in
            let v = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            run(flags: &flags, condition.validity, how) { out, rows in
                out.update(from: v + rows.lowerBound, count: rows.count)
            }
        }
    }

    /// `column op value` against one non-null literal, merged into `flags`.
    /// False, with `flags` untouched, when the column's type and the
    /// value's differ (the caller evaluates the comparison as a column).
    public static func compare(
        _ op: ComparisonOperator, _ column: Column, _ value: Value, into flags: inout [Bool], _ how: FlagMerge
    ) -> Bool {
        switch (column.storage, value) {
        case (.int(let a), .int(let x)): compare(op, a, x, column.validity, &flags, how)
        case (.float(let a), .float(let x)): compare(op, a, x, column.validity, &flags, how)
        case (.date(let a), .date(let x)): compare(op, a, x, column.validity, &flags, how)
        case (.string(let codes, let dictionary), .string(let s)):
            // Codes of an all-null column have no dictionary to read.
            guard !dictionary.values.isEmpty else { return false }
            compareCodes(op, codes, dictionary, s, column.validity, &flags, how)
        default:
            return false
        }
        return true
    }

    static func compare<T: Comparable>(
        _ op: ComparisonOperator, _ a: [T], _ x: T, _ validity: Validity?, _ flags: inout [Bool], _ how: FlagMerge
    ) {
        a.withUnsafeBufferPointer { a in
            let a = a.baseAddress!
            // One loop per operator, each simple enough to vectorise.
            switch op {
            case .equal: run(flags: &flags, validity, how) { out, r in for i in r { out[i &- r.lowerBound] = a[i] == x ? 1 : 0 } }
            case .notEqual: run(flags: &flags, validity, how) { out, r in for i in r { out[i &- r.lowerBound] = a[i] != x ? 1 : 0 } }
            case .less: run(flags: &flags, validity, how) { out, r in for i in r { out[i &- r.lowerBound] = a[i] < x ? 1 : 0 } }
            case .lessEqual: run(flags: &flags, validity, how) { out, r in for i in r { out[i &- r.lowerBound] = a[i] <= x ? 1 : 0 } }
            case .greater: run(flags: &flags, validity, how) { out, r in for i in r { out[i &- r.lowerBound] = a[i] > x ? 1 : 0 } }
            case .greaterEqual: run(flags: &flags, validity, how) { out, r in for i in r { out[i &- r.lowerBound] = a[i] >= x ? 1 : 0 } }
            }
        }
    }

    /// Strings compare once per dictionary entry, never per row; when one
    /// entry alone holds (`city == "Utrecht"`) or alone fails, the rows
    /// compare their codes with its code.
    static func compareCodes(
        _ op: ComparisonOperator, _ codes: [Int32], _ dictionary: StringDictionary, _ s: String,
        _ validity: Validity?, _ flags: inout [Bool], _ how: FlagMerge
    ) {
        let hit = Compare.entriesHolding(op, dictionary, s)
        let hits = hit.reduce(0) { $0 + ($1 ? 1 : 0) }
        codes.withUnsafeBufferPointer { c in
            let c = c.baseAddress!
            if hits == 1, let k = hit.firstIndex(of: true).map(Int32.init) {
                run(flags: &flags, validity, how) { out, r in for i in r { out[i &- r.lowerBound] = c[i] == k ? 1 : 0 } }
            } else if hits == hit.count - 1, let k = hit.firstIndex(of: false).map(Int32.init) {
                run(flags: &flags, validity, how) { out, r in for i in r { out[i &- r.lowerBound] = c[i] != k ? 1 : 0 } }
            } else {
                // Bools are the bytes 0 and 1: read as flags.
                hit.withUnsafeBytes { hit in
                    let hit = hit.baseAddress!.assumingMemoryBound(to: UInt8.self)
                    // A null row's code may be -1: its flag is masked away.
                    run(flags: &flags, validity, how) { out, r in for i in r { out[i &- r.lowerBound] = hit[Int(max(c[i], 0))] } }
                }
            }
        }
    }

    /// Runs `write` over the rows block by block: it writes a block's flags
    /// (0 or 1 a row) at the pointer; they are masked with `validity` and
    /// merged into `flags`.
    @inline(__always)
    static func run(
        flags: inout [Bool], _ validity: Validity?, _ how: FlagMerge,
        _ write: (UnsafeMutablePointer<UInt8>, Range<Int>) -> Void
    ) {
        let n = flags.count
        let blocks = (n + blockRows - 1) / blockRows
        let parts = n >= parallelFrom ? min(Parallel.coreCount, blocks) : 1
        flags.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
            let flags = Parallel.Unchecked(value: base)
            let spread = Parallel.Unchecked(value: spreadBits)
            (validity?.words ?? []).withUnsafeBufferPointer { words in
                let words = Parallel.Unchecked(value: words)
                Parallel.parallelFor(parts) { part in
                    let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: blockRows)
                    defer { scratch.deallocate() }
                    for b in (blocks * part / parts)..<(blocks * (part + 1) / parts) {
                        let rows = (b * blockRows)..<min((b + 1) * blockRows, n)
                        let out = how == .set ? flags.value + rows.lowerBound : scratch
                        write(out, rows)
                        if validity != nil { mask(out, rows, words.value, spread.value) }
                        switch how {
                        case .set: break
                        case .and: for i in 0..<rows.count { flags.value[rows.lowerBound &+ i] &= scratch[i] }
                        case .or: for i in 0..<rows.count { flags.value[rows.lowerBound &+ i] |= scratch[i] }
                        }
                    }
                }
            }
        }
    }

    /// Clears the flags of null rows: eight rows at a time, their eight
    /// validity bits spread to eight bytes by a table.
    @inline(__always)
    static func mask(
        _ out: UnsafeMutablePointer<UInt8>, _ rows: Range<Int>, _ words: UnsafeBufferPointer<UInt64>, _ spreadBits: [UInt64]
    ) {
        let raw = UnsafeMutableRawPointer(out)
        var i = 0
        while i < rows.count {
            let row = rows.lowerBound &+ i
            let bits = words[row &>> 6]
            let take = min(64, rows.count &- i)
            if bits != ~0 {
                var k = 0
                while k &+ 8 <= take {
                    let spread = spreadBits[Int(truncatingIfNeeded: (bits &>> UInt64(k)) & 0xFF)]
                    let at = i &+ k
                    raw.storeBytes(of: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self) & spread, toByteOffset: at, as: UInt64.self)
                    k &+= 8
                }
                while k < take {
                    out[i &+ k] &= UInt8(truncatingIfNeeded: bits &>> UInt64(k)) & 1
                    k &+= 1
                }
            }
            i &+= take
        }
    }

    /// For each byte of validity bits, the eight flag bytes it keeps: byte
    /// k of entry b is 1 when bit k of b is set.
    static let spreadBits: [UInt64] = (0..<256).map { (b: Int) -> UInt64 in
        var spread: UInt64 = 0
        for k in 0..<8 where b & (1 << k) != 0 { spread |= 1 << UInt64(k * 8) }
        return spread
    }
}
