import WerkbankEngine

/// One place for how a value looks as text.
public enum ValueFormatter {
    /// The text of row `row` of `column` in table, card and markdown modes:
    /// `null` for null; ints, and floats via `fixed(_:decimals:)`, grouped
    /// by the one convention (`NumberText.groupFrom`: 12,345, but 2019)
    /// unless `grouping` is off (a number turned into text data); bools
    /// `true`/`false`; dates `YYYY-MM-DD`; strings with control characters
    /// made visible (so a value stays on one line).
    public static func display(_ column: Column, _ row: Int, decimals: Int, grouping: Bool = true) -> String {
        if column.isNull(row) { return "null" }
        switch column.storage {
        case .int(let v): return grouping ? NumberText.thousands(Int(v[row])) : String(v[row])
        case .float(let v):
            let text = fixed(v[row], decimals: decimals)
            return grouping ? NumberText.grouped(text) : text
        case .bool(let v): return v[row] ? "true" : "false"
        case .date(let v): return CalendarDate.format(v[row])
        case .string(let codes, let dictionary): return Cells.visible(dictionary.values[Int(codes[row])])
        case .geometry(let v): return v[row].summary
        }
    }

    /// A float with at most `decimals` decimals, trailing zeros and a
    /// trailing point removed: 2.50 → `2.5`, 2.0 → `2`, -0.0 → `0`,
    /// 0.30000000000000004 → `0.3`; NaN → `NaN`, ±∞ → `inf`/`-inf`.
    ///
    /// Rounds the shortest round-trip decimal form of `d` half away from
    /// zero (so 2.675 shows as 2.68 with 2 decimals, as it reads), using only
    /// the standard library: no locale, the same on every platform.
    public static func fixed(_ d: Double, decimals: Int) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        if d == 0 { return "0" }
        let decimals = max(0, min(decimals, 400))
        // Digits and exponent of the shortest form: "1234.5", "1e-05", "1.0e+16".
        let text = Array(d.magnitude.description.utf8)
        var digits: [UInt8] = []
        digits.reserveCapacity(text.count + 2)
        var point = -1  // digits before the decimal point
        var exponent = 0
        var i = 0
        while i < text.count {
            let b = text[i]
            if b == UInt8(ascii: ".") {
                point = digits.count
            } else if b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
                exponent = Int(String(decoding: text[(i + 1)...], as: UTF8.self)) ?? 0
                break
            } else {
                digits.append(b &- 48)
            }
            i += 1
        }
        if point < 0 { point = digits.count }
        point += exponent
        if point < 1 {  // 0.00ddd: make the units digit explicit
            digits.insert(contentsOf: repeatElement(0, count: 1 - point), at: 0)
            point = 1
        }
        let keep = point + decimals
        if keep < digits.count {
            let up = digits[keep] >= 5
            digits.removeSubrange(keep...)
            if up {
                var k = keep - 1
                while k >= 0 {
                    if digits[k] == 9 {
                        digits[k] = 0
                        k -= 1
                    } else {
                        digits[k] += 1
                        break
                    }
                }
                if k < 0 {
                    digits.insert(1, at: 0)
                    point += 1
                }
            }
        }
        while digits.count < point { digits.append(0) }
        var end = digits.count
        while end > point, digits[end - 1] == 0 { end -= 1 }
        var start = 0
        while start < point - 1, digits[start] == 0 { start += 1 }
        if !digits[start..<end].contains(where: { $0 != 0 }) { return "0" }
        var out: [UInt8] = []
        out.reserveCapacity(end - start + 2)
        if d < 0 { out.append(UInt8(ascii: "-")) }
        for k in start..<point { out.append(digits[k] + 48) }
        if end > point {
            out.append(UInt8(ascii: "."))
            for k in point..<end { out.append(digits[k] + 48) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `d` with exactly `decimals` decimals and its whole part grouped by
    /// thousands from `groupFrom` on: 1234.5 → `1,234.50` (or `1.234,50` with
    /// the Dutch marks). Rounds as `fixed`; NaN and ±∞ as `fixed` writes them.
    public static func grouped(
        _ d: Double, decimals: Int, decimalMark: Character = ".", groupMark: Character = ",",
        groupFrom: Double = 1000
    ) -> String {
        var text = fixed(d, decimals: decimals)
        guard d.isFinite else { return text }
        if decimals > 0 {
            let have = text.firstIndex(of: ".").map { text.distance(from: $0, to: text.endIndex) - 1 } ?? -1
            text += (have < 0 ? "." : "") + String(repeating: "0", count: decimals - max(have, 0))
        }
        let negative = text.hasPrefix("-")
        let body = negative ? text.dropFirst() : Substring(text)
        let point = body.firstIndex(of: ".") ?? body.endIndex
        var whole = String(body[..<point])
        // Decided on the rounded value: 999.995 with 2 decimals is 1,000.00.
        if whole.count > 3, (Double(whole) ?? 0) >= groupFrom {
            var grouped = ""
            for (i, c) in whole.enumerated() {
                if i > 0, (whole.count - i) % 3 == 0 { grouped.append(groupMark) }
                grouped.append(c)
            }
            whole = grouped
        }
        let fraction = point < body.endIndex ? String(decimalMark) + body[body.index(after: point)...] : ""
        return (negative ? "-" : "") + whole + fraction
    }

    /// Shortest round-trip form for csv and json: Swift's `description` for
    /// finite doubles (2.0 → `2.0`, 0.1 → `0.1`, 1e-05 → `1e-05`); `NaN`,
    /// `inf`, `-inf` otherwise.
    public static func shortestFloat(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        return d.description
    }

    /// A count for people, by the one convention: 3120 → `3120`,
    /// -1234567 → `-1,234,567`.
    public static func thousands(_ n: Int) -> String { NumberText.thousands(n) }

    /// `31,200 rows × 9 columns`, `3120 rows × 9 columns`, `1 row × 1 column`.
    public static func shape(rows: Int, columns: Int) -> String {
        "\(thousands(rows)) \(rows == 1 ? "row" : "rows") × \(thousands(columns)) \(columns == 1 ? "column" : "columns")"
    }

    /// The shape line under a table or a set of cards, with
    /// ` (showing first N)` when only the first `shown` rows were shown.
    static func footer(rows: Int, columns: Int, shown: Int) -> String {
        var s = shape(rows: rows, columns: columns)
        if shown < rows { s += " (showing first \(thousands(shown)))" }
        return s
    }

    /// Display text of a column name (control characters made visible).
    static func header(_ name: String) -> String { Cells.visible(name) }
}
