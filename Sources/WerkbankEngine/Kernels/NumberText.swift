/// Numbers read from text: one rule for the readers and for `int()` and
/// `float()`, so that a value converts the same way wherever it is met.
/// Decimal digits only (`0x10`, `inf`, `nan` and thousands separators are
/// not numbers); a sign, leading zeros and an exponent are fine. And counts
/// written for people (`thousands`).
public enum NumberText {
    /// 3120 → `3,120`; -1234567 → `-1,234,567`.
    public static func thousands(_ n: Int) -> String {
        let digits = Array(String(n.magnitude).utf8)
        var out: [UInt8] = []
        out.reserveCapacity(digits.count + digits.count / 3 + 1)
        if n < 0 { out.append(UInt8(ascii: "-")) }
        for (i, b) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(UInt8(ascii: ",")) }
            out.append(b)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `[+-]?digits`, nil on overflow or anything else.
    public static func int(_ s: String) -> Int64? {
        s.withUTF8Bytes { b in
            guard let base = b.baseAddress else { return nil }
            return CSVKind.parseInt(base, 0, b.count)
        }
    }

    /// `[+-]?digits[.digits][e[+-]digits]`, correctly rounded; nil when not
    /// finite or not of that form.
    public static func double(_ s: String) -> Double? {
        s.withUTF8Bytes { b in
            guard let base = b.baseAddress else { return nil }
            return CSVKind.parseDouble(base, 0, b.count, separator: UInt8(ascii: "."))
        }
    }
}
