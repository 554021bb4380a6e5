/// Proleptic Gregorian dates as days since 1970-01-01 (Howard Hinnant's
/// civil-from-days algorithms): exact, locale-free, no Foundation calendar.
public enum CalendarDate {
    public static func days(year: Int, month: Int, day: Int) -> Int32? {
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month),
              (-9999...9999).contains(year) else { return nil }
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

    /// Parses exactly `YYYY-MM-DD` from UTF-8 bytes; nil if not a real date.
    @inlinable public static func parse<C: Collection>(_ bytes: C) -> Int32? where C.Element == UInt8 {
        guard bytes.count == 10 else { return nil }
        var digits = [Int](repeating: 0, count: 8)
        var k = 0
        for (i, b) in bytes.enumerated() {
            if i == 4 || i == 7 {
                guard b == UInt8(ascii: "-") else { return nil }
            } else {
                guard b >= 48, b <= 57 else { return nil }
                digits[k] = Int(b - 48)
                k += 1
            }
        }
        let y = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3]
        let m = digits[4] * 10 + digits[5]
        let d = digits[6] * 10 + digits[7]
        return days(year: y, month: m, day: d)
    }

    public static func parse(_ s: String) -> Int32? { parse(Array(s.utf8)) }
}
