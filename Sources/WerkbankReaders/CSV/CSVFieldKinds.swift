import WerkbankEngine

/// What one field looks like, as a bit so a column's kinds are an OR.
///
/// The type lattice (see `inferType`): all-null → string; only ints → int;
/// ints and floats (and ints too big for Int64) → float; only bools → bool;
/// only dates → date; anything else → string.
///
/// Whitespace is never trimmed: `" 12"` is the text " 12", not the int 12
/// (a value is what is in the file).
enum CSVKind {
    static let null: UInt16 = 1
    /// Canonical integer that fits Int64: optional `-`, digits, no leading zero unless exactly `0`.
    static let int: UInt16 = 2
    /// Canonical integer too big for Int64.
    static let bigInt: UInt16 = 4
    /// Float written with an exponent and no decimal separator (`1e-05`).
    static let floatExp: UInt16 = 8
    /// Float with `.` as decimal point (`3.25`, `-0.5e3`).
    static let floatDot: UInt16 = 16
    /// Float with `,` as decimal point (`3,25`): a float only with decimal comma.
    static let floatComma: UInt16 = 32
    /// `true` / `false`, any case.
    static let bool: UInt16 = 64
    /// Exactly `YYYY-MM-DD`, a real calendar date.
    static let date: UInt16 = 128
    static let other: UInt16 = 256

    static let all: UInt16 = 511

    /// The kinds a column of `type` accepts.
    static func allowed(_ type: DataType, decimalComma: Bool) -> UInt16 {
        switch type {
        case .string, .geometry: all
        case .int: null | int
        case .float: null | int | bigInt | floatExp | (decimalComma ? floatComma : floatDot)
        case .bool: null | bool
        case .date: null | date
        }
    }

    /// The narrowest type whose values can hold every kind in `mask`.
    static func inferType(_ mask: UInt16, decimalComma: Bool) -> DataType {
        let m = mask & ~null
        if m == 0 { return .string }
        if m == int { return .int }
        let floats = floatExp | (decimalComma ? floatComma : floatDot)
        if m & floats != 0, m & ~(int | bigInt | floats) == 0 { return .float }
        if m == bool { return .bool }
        if m == date { return .date }
        return .string
    }

    /// Whether a column's kinds look like decimal-comma numbers: some value
    /// `-?digits,digits` and no value with `.` as decimal point or text.
    static func looksDecimalComma(_ mask: UInt16) -> Bool {
        mask & floatComma != 0 && mask & ~(null | int | bigInt | floatExp | floatComma) == 0
    }

    // MARK: Classifying a field

    /// The kind of the `len` bytes at `p + s`.
    @inline(__always)
    static func classify(_ p: UnsafePointer<UInt8>, _ s: Int, _ len: Int) -> UInt16 {
        if len == 0 { return null }
        let c0 = p[s]
        if NumberText.isDigit(c0) {
            let end = s + len
            var i = s + 1
            while i < end, NumberText.isDigit(p[i]) { i += 1 }
            if i == end {
                if c0 == UInt8(ascii: "0") { return len == 1 ? int : other }
                if len < 19 { return int }
                return digitsFitInt64(p + s, len, negative: false) ? int : bigInt
            }
            // Fast path for the common `digits.digits`.
            if p[i] == UInt8(ascii: "."), i - s < 300, c0 != UInt8(ascii: "0") || i == s + 1 {
                let f = i + 1
                var j = f
                while j < end, NumberText.isDigit(p[j]) { j += 1 }
                if j == end, j > f { return floatDot }
            }
        }
        return classifySlow(p, s, len)
    }

    static func classifySlow(_ p: UnsafePointer<UInt8>, _ s: Int, _ len: Int) -> UInt16 {
        let c0 = p[s]
        if c0 == UInt8(ascii: "-") {
            // A negative canonical integer?
            let end = s + len
            var i = s + 1
            while i < end, NumberText.isDigit(p[i]) { i += 1 }
            if i == end, len >= 2 {
                // "-0" and "-05" are not canonical integers.
                if p[s + 1] == UInt8(ascii: "0") { return other }
                if len - 1 < 19 { return int }
                return digitsFitInt64(p + s + 1, len - 1, negative: true) ? int : bigInt
            }
        } else if !NumberText.isDigit(c0) {
            if len == 4 || len == 5, parseBool(p, s, len) != nil { return bool }
            return other
        }
        if len == 10, p[s + 4] == UInt8(ascii: "-") {
            return CalendarDate.parse(p, s, len) != nil ? date : other
        }
        let dot = floatKind(p, s, len, separator: UInt8(ascii: "."))
        if dot != other { return dot }
        return floatKind(p, s, len, separator: UInt8(ascii: ","))
    }

    /// Canonical float syntax: `-?(0|[1-9][0-9]*)(SEP[0-9]+)?([eE][+-]?[0-9]+)?`
    /// with a fraction or an exponent, and a magnitude a Double can hold.
    static func floatKind(_ p: UnsafePointer<UInt8>, _ s: Int, _ len: Int, separator: UInt8) -> UInt16 {
        let end = s + len
        var i = s
        if p[i] == UInt8(ascii: "-") { i += 1 }
        let intStart = i
        if i < end, p[i] == UInt8(ascii: "0") {
            i += 1
        } else {
            while i < end, NumberText.isDigit(p[i]) { i += 1 }
        }
        let intDigits = i - intStart
        if intDigits == 0 { return other }
        var hasFraction = false
        if i < end, p[i] == separator {
            i += 1
            let f = i
            while i < end, NumberText.isDigit(p[i]) { i += 1 }
            if i == f { return other }
            hasFraction = true
        }
        var hasExponent = false
        var exponent = 0
        if i < end, p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E") {
            i += 1
            var negative = false
            if i < end, p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-") {
                negative = p[i] == UInt8(ascii: "-")
                i += 1
            }
            let e = i
            while i < end, NumberText.isDigit(p[i]) {
                if exponent < 100_000 { exponent = exponent * 10 + Int(p[i] &- 48) }
                i += 1
            }
            if i == e { return other }
            if negative { exponent = -exponent }
            hasExponent = true
        }
        if i != end || !(hasFraction || hasExponent) { return other }
        // Never turn a value into infinity or zero silently: near the limits
        // of a Double, convert and look.
        if intDigits + exponent > 300 || exponent < -300 {
            guard let v = NumberText.parseDouble(p, s, len, separator: separator) else { return other }
            if v == 0 {
                var i = s
                while i < end, p[i] != UInt8(ascii: "e"), p[i] != UInt8(ascii: "E") {
                    if p[i] >= UInt8(ascii: "1"), p[i] <= UInt8(ascii: "9") { return other }
                    i += 1
                }
            }
        }
        if hasFraction { return separator == UInt8(ascii: ".") ? floatDot : floatComma }
        return floatExp
    }

    static let int64MaxDigits = Array("9223372036854775807".utf8)
    static let int64MinDigits = Array("9223372036854775808".utf8)

    /// Whether `len` digits fit Int64 (19 digits: compared with the limit).
    static func digitsFitInt64(_ p: UnsafePointer<UInt8>, _ len: Int, negative: Bool) -> Bool {
        if len < 19 { return true }
        if len > 19 { return false }
        let limit = negative ? int64MinDigits : int64MaxDigits
        for k in 0..<19 {
            if p[k] != limit[k] { return p[k] < limit[k] }
        }
        return true
    }

    // MARK: Parsing values (lenient forms, used for forced types too)

    /// `true` / `false` in any case.
    @inline(__always)
    static func parseBool(_ p: UnsafePointer<UInt8>, _ s: Int, _ len: Int) -> Bool? {
        @inline(__always) func lower(_ k: Int) -> UInt8 { p[s + k] | 0x20 }
        if len == 4, lower(0) == UInt8(ascii: "t"), lower(1) == UInt8(ascii: "r"),
            lower(2) == UInt8(ascii: "u"), lower(3) == UInt8(ascii: "e")
        {
            return true
        }
        if len == 5, lower(0) == UInt8(ascii: "f"), lower(1) == UInt8(ascii: "a"), lower(2) == UInt8(ascii: "l"),
            lower(3) == UInt8(ascii: "s"), lower(4) == UInt8(ascii: "e")
        {
            return false
        }
        return nil
    }

    /// A forced bool also accepts `1` and `0`.
    static func parseForcedBool(_ p: UnsafePointer<UInt8>, _ s: Int, _ len: Int) -> Bool? {
        if len == 1 {
            if p[s] == UInt8(ascii: "1") { return true }
            if p[s] == UInt8(ascii: "0") { return false }
        }
        return parseBool(p, s, len)
    }

    /// Whether the value parses as `type` (the rule for forced types).
    static func parses(_ p: UnsafePointer<UInt8>, _ s: Int, _ len: Int, as type: DataType, decimalComma: Bool) -> Bool {
        switch type {
        case .string, .geometry: true
        case .int: NumberText.parseInt(p, s, len) != nil
        case .float: NumberText.parseDouble(p, s, len, separator: decimalComma ? UInt8(ascii: ",") : UInt8(ascii: ".")) != nil
        case .bool: parseForcedBool(p, s, len) != nil
        case .date: CalendarDate.parse(p, s, len) != nil
        }
    }
}
