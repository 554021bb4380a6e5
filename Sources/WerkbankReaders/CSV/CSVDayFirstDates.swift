import WerkbankEngine

/// Dates as Dutch exports write them (`05-01-2024`, `5-1-2024`,
/// `05/01/2024`): a text column whose every value is such a date becomes a
/// date column. Decided on the column's distinct values after the read (as
/// the "." rule of `CSVFile`), so files without such columns pay one look at
/// each text column's dictionary.
///
/// The rule (a contract the tests check): for a column read as string (its
/// type not forced), with `-` or `/` between the parts, day first
/// (`d-m-yyyy`, one or two digits) is tried, then month first; the first
/// layout that reads every non-empty value as a real date wins. When every
/// value also reads the other way (no day above 12), the message says which
/// order was chosen. `dateformat=` replaces the guesses by its one layout.
enum CSVDayFirstDates {
    struct Found: Sendable, Equatable {
        var column: String
        var layout: String
        /// Every value also reads with day and month swapped.
        var ambiguous: Bool
    }

    static let guesses: [(String, String)] = [("d-m-yyyy", "m-d-yyyy"), ("d/m/yyyy", "m/d/yyyy")]

    static func apply(_ table: inout Table, forced: [String: DataType], layout: String?) -> [Found] {
        var found: [Found] = []
        for (k, field) in table.fields.enumerated() where field.type == .string && forced[field.name] == nil {
            guard case .string(let codes, let dictionary) = table.columns[k].storage,
                let sample = dictionary.values.first(where: { !$0.isEmpty })
            else { continue }
            let values = dictionary.values
            var candidates: [(String, String?)] = []
            if let layout {
                candidates = [(layout, nil)]
            } else if sample.utf8.first.map(NumberText.isDigit) == true {
                for (dayFirst, monthFirst) in guesses {
                    let separator = UInt8(ascii: dayFirst.contains("-") ? "-" : "/")
                    // A cheap look first: a value that starts with a digit and holds the separator.
                    guard sample.utf8.contains(separator) else { continue }
                    candidates += [(dayFirst, monthFirst), (monthFirst, dayFirst)]
                }
            }
            for (name, other) in candidates {
                guard let pattern = DatePattern(name), let days = parseAll(values, pattern) else { continue }
                var out = [Int32](repeating: 0, count: codes.count)
                var validity = table.columns[k].validity ?? Validity(count: codes.count, allValid: true)
                for (i, c) in codes.enumerated() {
                    if let d = days[Int(c)] { out[i] = d } else { validity.clear(i) }
                }
                table.setColumn(field.name, Column(.date(out), validity: validity))
                let ambiguous = other.flatMap(DatePattern.init).map { parseAll(values, $0) != nil } ?? false
                found.append(Found(column: field.name, layout: name, ambiguous: ambiguous))
                break
            }
        }
        return found
    }

    /// Each distinct value's day (nil for the empty text), or nil when one does not read.
    static func parseAll(_ values: [String], _ pattern: DatePattern) -> [Int32?]? {
        var out: [Int32?] = []
        out.reserveCapacity(values.count)
        for v in values {
            if v.isEmpty {
                out.append(nil)
                continue
            }
            guard let d = pattern.parse(v.utf8) else { return nil }
            out.append(d)
        }
        return out
    }

    /// `datum: dates d-m-yyyy`, `datum: dates d-m-yyyy (day first chosen; every value also reads month first)`.
    static func describe(_ f: Found) -> String {
        "\(f.column): dates \(f.layout)" + (f.ambiguous ? " (day first chosen; every value also reads month first)" : "")
    }
}
