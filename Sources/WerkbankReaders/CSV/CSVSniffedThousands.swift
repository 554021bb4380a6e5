import WerkbankEngine

/// Numbers with a thousands separator, found without `thousands=`: a text
/// column whose every value is a number once the separator is taken out
/// (`15.000,5`, `3.500`, `1,234.56`) becomes numeric. Decided on the
/// column's distinct values after the read (as the "." rule of `CSVFile` and
/// `CSVDayFirstDates`), so files without such columns pay one look at the
/// first value of each text column's dictionary.
///
/// The rule (a contract the tests check), for a column read as string (its
/// type not forced), with the file's decimal separator D and T the other one:
/// - Every non-empty value is `-?` then a whole part (`0`, digits without a
///   leading zero, or one to three digits and groups `T` + three digits),
///   then optionally D and digits (none: `10.`, `10,` read as 10). Some
///   value holds T or ends with D; otherwise the column is not changed.
/// - So `3.500` is 3500 only in a file whose decimal separator is `,`; with
///   a decimal point it is 3.5 (and was read so). A column whose values hold
///   D twice (`1.234.567`) reads D as the thousands separator instead, when
///   every value then groups strictly by threes and none has a fraction.
/// - The file's decimal separator becomes `,` when `decimal=` was not
///   given, the delimiter is not `,`, and a text value holds a `.` before
///   its last `,` (`1.234,56`). When a column was read as float (with a
///   decimal point) the file is read again with `decimal=","`, and that
///   reading is kept unless it makes text of a column that was numeric.
/// - Whole numbers give an int column (a float one when one does not fit
///   Int64), a fraction anywhere a float column.
enum CSVSniffedThousands {
    struct Found: Sendable, Equatable {
        var column: String
        var separator: UInt8
    }

    static let dot = UInt8(ascii: "."), comma = UInt8(ascii: ",")

    /// Changes the columns the rule reads; returns them, with whether the
    /// file's decimal separator became `,`.
    static func apply(
        _ table: inout Table, decimalComma: Bool, decimalForced: Bool, delimiter: UInt8,
        forced: [String: DataType]
    ) -> (found: [Found], decimalComma: Bool, readAgainWithComma: Bool) {
        let candidates = table.fields.indices.filter { k in
            table.fields[k].type == .string && forced[table.fields[k].name] == nil
                && firstLooksNumeric(table.columns[k])
        }
        guard !candidates.isEmpty else { return ([], decimalComma, false) }
        var useComma = decimalComma
        var readAgain = false
        if !useComma, !decimalForced, delimiter != comma, candidates.contains(where: { holdsDotThenComma(table.columns[$0]) }) {
            // Floats were read with a decimal point: the file is read again.
            if table.fields.contains(where: { $0.type == .float }) { readAgain = true } else { useComma = true }
        }
        var found: [Found] = []
        var converted = 0
        for k in candidates {
            let field = table.fields[k]
            guard case .string(let codes, let dictionary) = table.columns[k].storage,
                let read = readAll(dictionary.values, decimal: useComma ? comma : dot)
            else { continue }
            let validity = table.columns[k].validity
            let column: Column
            if let ints = read.ints {
                var out = [Int64](repeating: 0, count: codes.count)
                for (i, c) in codes.enumerated() { out[i] = ints[Int(c)] }
                column = Column(.int(out), validity: nullsOfEmpty(codes, dictionary.values, validity))
            } else {
                var out = [Double](repeating: 0, count: codes.count)
                for (i, c) in codes.enumerated() { out[i] = read.doubles[Int(c)] }
                column = Column(.float(out), validity: nullsOfEmpty(codes, dictionary.values, validity))
            }
            table.setColumn(field.name, column)
            converted += 1
            if let t = read.thousands { found.append(Found(column: field.name, separator: t)) }
        }
        // The decimal comma counts only when a column was read with it.
        return (found, decimalComma || (useComma && converted > 0), readAgain)
    }

    /// A cheap look first: the column's first value starts with a digit or `-`.
    static func firstLooksNumeric(_ c: Column) -> Bool {
        guard case .string(_, let dictionary) = c.storage,
            let first = dictionary.values.first(where: { !$0.isEmpty })?.utf8.first
        else { return false }
        return NumberText.isDigit(first) || first == UInt8(ascii: "-")
    }

    static func holdsDotThenComma(_ c: Column) -> Bool {
        guard case .string(_, let dictionary) = c.storage else { return false }
        return dictionary.values.contains { v in
            var sawDot = false
            for b in v.utf8 {
                if b == dot { sawDot = true } else if b == comma, sawDot { return true }
            }
            return false
        }
    }

    /// Null rows and rows holding the empty text (a null, as in `CSVFile`).
    static func nullsOfEmpty(_ codes: [Int32], _ values: [String], _ validity: Validity?) -> Validity? {
        guard let empty = values.firstIndex(of: "") else { return validity }
        var v = validity ?? Validity(count: codes.count, allValid: true)
        for (i, c) in codes.enumerated() where Int(c) == empty { v.clear(i) }
        return v
    }

    struct Read {
        /// Per distinct value; ints when no value has a fraction and all fit.
        var ints: [Int64]?
        var doubles: [Double]
        /// The thousands separator some value held, nil when none did.
        var thousands: UInt8?
    }

    /// Every distinct value read with `decimal` (T the other one), else with
    /// `decimal` as thousands and no fraction; nil when neither reads all or
    /// nothing was written another way.
    static func readAll(_ values: [String], decimal: UInt8) -> Read? {
        let other = decimal == dot ? comma : dot
        if let r = readAll(values, thousands: other, decimal: decimal) { return r }
        let twice = values.contains { v in v.utf8.lazy.filter { $0 == decimal }.count >= 2 }
        return twice ? readAll(values, thousands: decimal, decimal: nil) : nil
    }

    static func readAll(_ values: [String], thousands: UInt8, decimal: UInt8?) -> Read? {
        var ints: [Int64]? = []
        var doubles: [Double] = []
        ints?.reserveCapacity(values.count)
        doubles.reserveCapacity(values.count)
        var grouped = false, another = false
        var digits: [UInt8] = []
        for v in values {
            if v.isEmpty {
                ints?.append(0)
                doubles.append(0)
                continue
            }
            guard let n = parse(Array(v.utf8), thousands: thousands, decimal: decimal, into: &digits) else { return nil }
            grouped = grouped || n.grouped
            another = another || n.grouped || n.trailing
            let text = String(decoding: digits, as: UTF8.self)
            guard let d = Double(text) else { return nil }
            doubles.append(d)
            if n.fraction {
                ints = nil
            } else if ints != nil {
                if let i = Int64(text) { ints?.append(i) } else { ints = nil }
            }
        }
        guard another else { return nil }
        return Read(ints: ints, doubles: doubles, thousands: grouped ? thousands : nil)
    }

    /// One value as a plain number (`-1234.5`) in `out`: `-?`, a whole part
    /// (`0`, digits without a leading zero, or groups by three), then
    /// `decimal` and digits (maybe none).
    static func parse(
        _ v: [UInt8], thousands: UInt8, decimal: UInt8?, into out: inout [UInt8]
    ) -> (grouped: Bool, fraction: Bool, trailing: Bool)? {
        out.removeAll(keepingCapacity: true)
        var i = 0
        if v.first == UInt8(ascii: "-") {
            out.append(v[0])
            i = 1
        }
        let lead = i
        while i < v.count, NumberText.isDigit(v[i]) {
            out.append(v[i])
            i += 1
        }
        let leadDigits = i - lead
        guard leadDigits >= 1, v[lead] != UInt8(ascii: "0") || leadDigits == 1 else { return nil }
        var groups = 0
        while i < v.count, v[i] == thousands {
            guard i + 4 <= v.count else { return nil }
            for k in 1...3 where !NumberText.isDigit(v[i + k]) { return nil }
            out.append(contentsOf: v[(i + 1)...(i + 3)])
            i += 4
            groups += 1
        }
        if groups > 0 {
            // One to three digits before the first group, not `0.500`.
            guard leadDigits <= 3, v[lead] != UInt8(ascii: "0") else { return nil }
            if i < v.count, NumberText.isDigit(v[i]) { return nil }
        }
        var fraction = false, trailing = false
        if i < v.count, let decimal, v[i] == decimal {
            i += 1
            out.append(dot)
            let f = i
            while i < v.count, NumberText.isDigit(v[i]) {
                out.append(v[i])
                i += 1
            }
            if i == f {
                trailing = true
                out.append(UInt8(ascii: "0"))
            }
            fraction = true
        }
        guard i == v.count else { return nil }
        return (groups > 0, fraction, trailing)
    }

    /// `thousands '.' in Oppervlak, Inwoners`, one part per separator.
    static func describe(_ found: [Found]) -> [String] {
        [dot, comma].compactMap { t in
            let columns = found.filter { $0.separator == t }.map(\.column)
            return columns.isEmpty ? nil : "thousands '\(String(UnicodeScalar(t)))' in \(columns.joined(separator: ", "))"
        }
    }
}
