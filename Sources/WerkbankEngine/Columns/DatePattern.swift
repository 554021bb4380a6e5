/// A date layout such as `dd-mm-yyyy`, `d/m/yyyy` or `yyyymmdd`: what
/// `date(x, "dd-mm-yyyy")` reads and `format_date(d, "dd-mm-yyyy")` writes.
///
/// Letters: `yyyy` the year in four digits, `yy` in two (read as 2000–2099),
/// `mm`/`dd` the month and day in two digits, `m`/`d` in one or two (written
/// without a leading zero). Anything else is written as is and must match as
/// is. The same pattern reads what it writes.
public struct DatePattern: Sendable, Equatable {
    enum Part: Sendable, Equatable {
        case year4, year2, month2, month, day2, day
        case literal(UInt8)
    }

    let parts: [Part]

    /// Nil when the pattern has no year, month or day, or names one twice.
    public init?(_ text: String) {
        var parts: [Part] = []
        let b = Array(text.utf8)
        var i = 0
        func run(_ c: UInt8) -> Int {
            var n = 0
            while i + n < b.count, b[i + n] == c { n += 1 }
            return n
        }
        while i < b.count {
            let c = b[i] | 0x20  // lower case
            switch c {
            case UInt8(ascii: "y"):
                let n = run(b[i])
                guard n == 4 || n == 2 else { return nil }
                parts.append(n == 4 ? .year4 : .year2)
                i += n
            case UInt8(ascii: "m"), UInt8(ascii: "d"):
                let n = run(b[i])
                guard n <= 2 else { return nil }
                parts.append(c == UInt8(ascii: "m") ? (n == 2 ? .month2 : .month) : (n == 2 ? .day2 : .day))
                i += n
            default:
                parts.append(.literal(b[i]))
                i += 1
            }
        }
        let years = parts.filter { $0 == .year4 || $0 == .year2 }.count
        let months = parts.filter { $0 == .month2 || $0 == .month }.count
        let days = parts.filter { $0 == .day2 || $0 == .day }.count
        guard years == 1, months == 1, days == 1 else { return nil }
        self.parts = parts
    }

    /// The date written in this layout.
    public func format(_ days: Int32) -> String {
        let (y, m, d) = CalendarDate.civil(days)
        var out = ""
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : String(v) }
        for part in parts {
            switch part {
            case .year4:
                let digits = String(abs(y))
                out += (y < 0 ? "-" : "") + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
            case .year2: out += two(((y % 100) + 100) % 100)
            case .month2: out += two(m)
            case .month: out += String(m)
            case .day2: out += two(d)
            case .day: out += String(d)
            case .literal(let c): out.unicodeScalars.append(Unicode.Scalar(c))
            }
        }
        return out
    }

    /// The date `text` writes in this layout; nil when it does not match or
    /// is not a real date (31-02-2024).
    public func parse<C: Collection>(_ text: C) -> Int32? where C.Element == UInt8 {
        var i = text.startIndex
        var year = 0, month = 0, day = 0
        func digits(_ minCount: Int, _ maxCount: Int) -> Int? {
            var v = 0, n = 0
            while n < maxCount, i < text.endIndex, text[i] >= 48, text[i] <= 57 {
                v = v * 10 + Int(text[i] - 48)
                n += 1
                i = text.index(after: i)
            }
            return n >= minCount ? v : nil
        }
        for part in parts {
            switch part {
            case .year4: guard let v = digits(4, 4) else { return nil }; year = v
            case .year2: guard let v = digits(2, 2) else { return nil }; year = 2000 + v
            case .month2: guard let v = digits(2, 2) else { return nil }; month = v
            case .month: guard let v = digits(1, 2) else { return nil }; month = v
            case .day2: guard let v = digits(2, 2) else { return nil }; day = v
            case .day: guard let v = digits(1, 2) else { return nil }; day = v
            case .literal(let c):
                guard i < text.endIndex, text[i] == c else { return nil }
                i = text.index(after: i)
            }
        }
        guard i == text.endIndex else { return nil }
        return CalendarDate.days(year: year, month: month, day: day)
    }

    public func parse(_ s: String) -> Int32? { parse(Array(s.utf8)) }
}

extension DatePattern {
    /// The layouts among the common ones that read `text` as a real date, for
    /// a hint when `date(text)` meets a date not written YYYY-MM-DD: day
    /// before month first (as Dutch dates are written), then month first,
    /// then a year first, then `yyyymmdd`, with `dd`/`mm` where the text has
    /// two digits (`"01-05-2024"` → `dd-mm-yyyy`, `mm-dd-yyyy`; `"5/1/2024"`
    /// → `d/m/yyyy`, `m/d/yyyy`). Empty when none reads it.
    public static func layouts(reading text: String) -> [String] {
        let b = Array(text.utf8)
        if b.count == 8, b.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
            return DatePattern("yyyymmdd")?.parse(b) != nil ? ["yyyymmdd"] : []
        }
        // Three runs of digits split by one separator used twice.
        var runs: [Int] = [], separators: [UInt8] = [], n = 0
        for c in b {
            if c >= 48 && c <= 57 {
                n += 1
            } else {
                runs.append(n)
                separators.append(c)
                n = 0
            }
        }
        runs.append(n)
        guard runs.count == 3, separators[0] == separators[1], [UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: ".")].contains(separators[0])
        else { return [] }
        let sep = String(UnicodeScalar(separators[0]))
        func letters(_ c: String, _ count: Int) -> String { count == 2 ? c + c : count == 4 ? "yyyy" : c }
        var candidates: [String] = []
        if runs[2] == 4 {
            candidates.append(letters("d", runs[0]) + sep + letters("m", runs[1]) + sep + "yyyy")
            candidates.append(letters("m", runs[0]) + sep + letters("d", runs[1]) + sep + "yyyy")
        } else if runs[0] == 4 {
            candidates.append("yyyy" + sep + letters("m", runs[1]) + sep + letters("d", runs[2]))
        }
        return candidates.filter { DatePattern($0)?.parse(b) != nil }
    }
}
