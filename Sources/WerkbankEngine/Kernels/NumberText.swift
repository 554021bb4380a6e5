import Foundation

/// Numbers read from text: one rule for the readers and for `int()` and
/// `float()`, so that a value converts the same way wherever it is met.
/// Decimal digits only (`0x10`, `inf`, `nan` and thousands separators are
/// not numbers); a sign, leading zeros and an exponent are fine. And numbers
/// written for people (`thousands`, `grouped`).
public enum NumberText {
    /// The one convention for a number written for people — a table or card
    /// cell, a message, a chart's axis and value labels, a map's legend: a
    /// whole part from 10,000 on (five digits or more) is grouped by threes
    /// with a comma; below that it is written plain (`2019`, `3120`), as
    /// Dutch and SI style write numbers, so years and four-digit codes read
    /// as they are. Decimals use a point. Data never carries the grouping
    /// (csv, json, `string()`, describe's min and max).
    public static let groupFrom = 10_000

    /// 3120 → `3120`; 12345 → `12,345`; -1234567 → `-1,234,567`.
    public static func thousands(_ n: Int) -> String {
        n.magnitude < UInt(groupFrom) ? String(n) : grouped(String(n))
    }

    /// A number written plainly (`-1234567.25`, `NaN`) with the comma of the
    /// convention added to its whole part when that has five digits or more.
    public static func grouped(_ plain: String) -> String {
        var bytes = Array(plain.utf8)
        let start = bytes.first == UInt8(ascii: "-") ? 1 : 0
        var end = start
        while end < bytes.count, isDigit(bytes[end]) { end += 1 }
        let digits = end - start
        guard digits >= 5 else { return plain }
        // Leading zeros (never in a formatted number) would make a 4-digit value look long.
        if bytes[start] == UInt8(ascii: "0") { return plain }
        var k = end - 3
        while k > start {
            bytes.insert(UInt8(ascii: ","), at: k)
            k -= 3
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `[+-]?digits`, nil on overflow or anything else.
    public static func int(_ s: String) -> Int64? {
        s.withUTF8Bytes { b in
            guard let base = b.baseAddress else { return nil }
            return parseInt(base, 0, b.count)
        }
    }

    /// `[+-]?digits[.digits][e[+-]digits]`, correctly rounded; nil when not
    /// finite or not of that form.
    public static func double(_ s: String) -> Double? {
        s.withUTF8Bytes { b in
            guard let base = b.baseAddress else { return nil }
            return parseDouble(base, 0, b.count, separator: UInt8(ascii: "."))
        }
    }

    /// A decimal size for people: `812 B`, `7.2 GB` (the load progress and
    /// the memory budget's messages).
    public static func bytes(_ n: Int) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var v = Double(n), u = 0
        while v >= 1000, u < units.count - 1 { v /= 1000; u += 1 }
        return u == 0 ? "\(n) B" : String(format: v >= 100 ? "%.0f %@" : "%.1f %@", v, units[u])
    }

    // MARK: Parsing values from bytes (the readers' hot loops, hence inlinable)

    @inlinable @inline(__always)
    public static func isDigit(_ b: UInt8) -> Bool { b &- 48 < 10 }

    /// `[+-]?digits` (leading zeros allowed), overflow-checked.
    @inlinable
    public static func parseInt(_ p: UnsafePointer<UInt8>, _ s: Int, _ len: Int) -> Int64? {
        let end = s + len
        var i = s
        var negative = false
        if i < end, p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+") {
            negative = p[i] == UInt8(ascii: "-")
            i += 1
        }
        if i == end { return nil }
        var v: Int64 = 0
        while i < end {
            let d = p[i] &- 48
            if d >= 10 { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            // Accumulate negatively so that Int64.min parses.
            let (a, o2) = negative ? m.subtractingReportingOverflow(Int64(d)) : m.addingReportingOverflow(Int64(d))
            if o1 || o2 { return nil }
            v = a
            i += 1
        }
        return v
    }

    @usableFromInline
    static let powersOfTen: [Double] = (0...22).map { k in
        var v = 1.0
        for _ in 0..<k { v *= 10 }
        return v
    }

    /// `[+-]?digits*(SEP digits*)?([eE][+-]?digits+)?` with at least one
    /// mantissa digit. Exact: Clinger's fast path when the mantissa fits 2^53
    /// and the power of ten is at most 22, otherwise the standard library's
    /// correctly rounded conversion. nil for bad syntax or a non-finite result.
    @inlinable
    public static func parseDouble(_ p: UnsafePointer<UInt8>, _ s: Int, _ len: Int, separator: UInt8) -> Double? {
        let end = s + len
        var i = s
        var negative = false
        if i < end, p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+") {
            negative = p[i] == UInt8(ascii: "-")
            i += 1
        }
        var mantissa: UInt64 = 0
        var significant = 0
        var exp10 = 0
        var anyDigit = false
        var truncated = false
        while i < end, isDigit(p[i]) {
            anyDigit = true
            let d = UInt64(p[i] &- 48)
            if significant < 19 {
                mantissa = mantissa &* 10 &+ d
                if mantissa != 0 { significant += 1 }
            } else {
                exp10 += 1
                if d != 0 { truncated = true }
            }
            i += 1
        }
        if i < end, p[i] == separator {
            i += 1
            while i < end, isDigit(p[i]) {
                anyDigit = true
                let d = UInt64(p[i] &- 48)
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ d
                    exp10 -= 1
                    if mantissa != 0 { significant += 1 }
                } else if d != 0 {
                    truncated = true
                }
                i += 1
            }
        }
        if !anyDigit { return nil }
        if i < end, p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E") {
            i += 1
            var expNegative = false
            if i < end, p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-") {
                expNegative = p[i] == UInt8(ascii: "-")
                i += 1
            }
            let e = i
            var x = 0
            while i < end, isDigit(p[i]) {
                if x < 100_000 { x = x * 10 + Int(p[i] &- 48) }
                i += 1
            }
            if i == e { return nil }
            exp10 += expNegative ? -x : x
        }
        if i != end { return nil }
        if mantissa == 0 { return negative ? -0.0 : 0.0 }
        if !truncated, mantissa <= (1 << 53), exp10 >= -22, exp10 <= 22 {
            var v = Double(mantissa)
            if exp10 < 0 { v /= powersOfTen[-exp10] } else { v *= powersOfTen[exp10] }
            return negative ? -v : v
        }
        // Slow path: the standard library's exact conversion.
        var text = [UInt8]()
        text.reserveCapacity(len)
        for k in s..<end { text.append(p[k] == separator ? UInt8(ascii: ".") : p[k]) }
        guard let v = Double(String(decoding: text, as: UTF8.self)), v.isFinite else { return nil }
        return v
    }

}
