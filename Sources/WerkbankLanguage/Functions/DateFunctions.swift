import Foundation
import WerkbankEngine

enum DateFunctions {
    /// The examples `help` shows; the tests run each one.
    static let examples: [String: [Example]] = [
        "date": [
            Example("cases | select v = date(\"2024-05-01\") | take 1", "v\n2024-05-01\n"),
            Example("cases | select v = date(\"1-5-2024\", \"d-m-yyyy\"), w = date(\"31-02-2024\", \"dd-mm-yyyy\") | take 1", "v,w\n2024-05-01,\n"),
        ],
        "year": [Example("cases | select v = year(date(\"2024-05-01\")) | take 1", "v\n2024\n")],
        "month": [Example("cases | select v = month(date(\"2024-05-01\")) | take 1", "v\n5\n")],
        "day": [Example("cases | select v = day(date(\"2024-05-01\")) | take 1", "v\n1\n")],
        "today": [Example("cases | select recent = today() > date(\"2024-01-01\") | take 1", "recent\ntrue\n")],
    ]

    static let all: [FunctionDefinition] = [
        FunctionDefinition(
            "date", syntax: "date(text[, \"dd-mm-yyyy\"])",
            summary: "the date written YYYY-MM-DD, or in the layout given (yyyy yy mm m dd d); null if it is not a real date",
            arity: 1...2, resultType: signature([.any, .string]) { _ in .date },
            checkLiterals: { literals in
                guard literals.count == 1, case .string(let text)? = literals[0] else { return nil }
                return otherOrder(text)
            }
        ) { args, n throws(EngineError) in
            let c = args[0]
            var pattern: DatePattern?
            if args.count > 1, n > 0 {
                guard let text = args[1].constantString, let p = DatePattern(text) else {
                    throw .invalid("date's layout must name the year, month and day once, e.g. \"dd-mm-yyyy\"")
                }
                pattern = p
            }
            switch c.storage {
            case .date: return c
            case .string(let codes, let dict):
                let parsed = dict.values.map { pattern?.parse($0) ?? (pattern == nil ? CalendarDate.parse($0) : nil) }
                var out = [Int32](repeating: 0, count: n)
                var v = c.validity ?? Validity(count: n, allValid: true)
                for i in 0..<n where v.isValid(i) {
                    if let d = parsed[Int(codes[i])] { out[i] = d } else { v.clear(i) }
                }
                return Column(.date(out), validity: v)
            default:
                throw .invalid("date() expects a string")
            }
        },
        part("year", "the year of a date") { CalendarDate.civil($0).year },
        part("month", "the month of a date (1-12)") { CalendarDate.civil($0).month },
        part("day", "the day of the month of a date") { CalendarDate.civil($0).day },
        FunctionDefinition(
            "today", syntax: "today()", summary: "today's date (UTC)", arity: 0...0,
            resultType: signature([]) { _ in .date }
        ) { _, n throws(EngineError) in
            let days = Int32(clamping: Int((Date().timeIntervalSince1970 / 86400).rounded(.down)))
            return Column(.date([Int32](repeating: days, count: n)))
        },
    ]

    /// `date("01-05-2024")`: a literal that is a real date with the day and
    /// month in another order than YYYY-MM-DD (or `yyyymmdd`) is an error
    /// naming the layout to give, not a silent null. Text that is no date
    /// (`"2024-02-30"`) and a year first in another spelling (`"2024-1-1"`)
    /// stay null, as do such values in a column (as every engine gives them).
    static func otherOrder(_ text: String) -> LiteralProblem? {
        let layouts = DatePattern.layouts(reading: text).filter { !$0.hasPrefix("yyyy") || $0 == "yyyymmdd" }
        guard let first = layouts.first else { return nil }
        let alternative = layouts.dropFirst().first.map { " (or \"\($0)\" if the month comes first)" } ?? ""
        return LiteralProblem(
            index: 0, message: "date() reads dates written YYYY-MM-DD, and \"\(text)\" is written another way",
            hint: "give its layout: date(\"\(text)\", \"\(first)\")\(alternative)")
    }

    static func part(_ name: String, _ summary: String, _ f: @escaping @Sendable (Int32) -> Int) -> FunctionDefinition {
        FunctionDefinition(
            name, syntax: "\(name)(date)", summary: summary, arity: 1...1,
            resultType: signature([.date]) { _ in .int }
        ) { args, _ throws(EngineError) in
            guard case .date(let v) = args[0].storage else { throw .invalid(name) }
            return Column(.int(v.map { Int64(f($0)) }), validity: args[0].validity)
        }
    }
}
