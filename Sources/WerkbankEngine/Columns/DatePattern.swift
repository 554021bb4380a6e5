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
