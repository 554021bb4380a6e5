/// Proleptic Gregorian dates as days since 1970-01-01 (Howard Hinnant's
/// civil-from-days algorithms): exact, locale-free, no Foundation calendar.
public enum CalendarDate {
    public static func days(year: Int, month: Int, day: Int) -> Int32? {
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month),
            (-9999...9999).contains(year)
        else { return nil }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return Int32(era * 146097 + doe - 719468)
    }

    public static func civil(_ days: Int32) -> (year: Int, month: Int, day: Int) {
        let z = Int(days) + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// `YYYY-MM-DD`.
    public static func format(_ days: Int32) -> String {
        let (y, m, d) = civil(days)
        func pad(_ v: Int, _ w: Int) -> String {
            let s = String(v)
            return s.count >= w ? s : String(repeating: "0", count: w - s.count) + s
        }
        return (y < 0 ? "-" + pad(-y, 4) : pad(y, 4)) + "-" + pad(m, 2) + "-" + pad(d, 2)
    }

    /// Exactly `YYYY-MM-DD` at `p[s..<s+len]` and a real calendar date (days
    /// since 1970-01-01): the readers' hot loops, and every other parse.
    @inlinable @inline(__always)
    public static func parse(_ p: UnsafePointer<UInt8>, _ s: Int, _ len: Int) -> Int32? {
        guard len == 10, p[s + 4] == UInt8(ascii: "-"), p[s + 7] == UInt8(ascii: "-") else { return nil }
        let d0 = p[s] &- 48, d1 = p[s + 1] &- 48, d2 = p[s + 2] &- 48, d3 = p[s + 3] &- 48
        let m0 = p[s + 5] &- 48, m1 = p[s + 6] &- 48, e0 = p[s + 8] &- 48, e1 = p[s + 9] &- 48
        guard d0 < 10, d1 < 10, d2 < 10, d3 < 10, m0 < 10, m1 < 10, e0 < 10, e1 < 10 else { return nil }
        let year = Int(d0) * 1000 + Int(d1) * 100 + Int(d2) * 10 + Int(d3)
        let month = Int(m0) * 10 + Int(m1)
        let day = Int(e0) * 10 + Int(e1)
        return days(year: year, month: month, day: day)
    }

    /// Parses exactly `YYYY-MM-DD` from UTF-8 bytes; nil if not a real date.
    @inlinable public static func parse<C: Collection>(_ bytes: C) -> Int32? where C.Element == UInt8 {
        guard bytes.count == 10 else { return nil }
        if let parsed = bytes.withContiguousStorageIfAvailable({ b in parse(b.baseAddress!, 0, 10) }) { return parsed }
        return Array(bytes).withUnsafeBufferPointer { b in parse(b.baseAddress!, 0, 10) }
    }

    public static func parse(_ s: String) -> Int32? { parse(Array(s.utf8)) }
}
