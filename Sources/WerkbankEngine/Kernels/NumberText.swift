/// Numbers read from text: one rule for the readers and for `int()` and
/// `float()`, so that a value converts the same way wherever it is met.
/// Decimal digits only (`0x10`, `inf`, `nan` and thousands separators are
/// not numbers); a sign, leading zeros and an exponent are fine.
public enum NumberText {
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
