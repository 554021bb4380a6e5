import WerkbankEngine
import WerkbankRender

/// Building text: `concat`, `concat_ws` (and the operator `++`, which is
/// `concat` of two), numbers and dates written for people.
enum FormattingFunctions {
    /// The examples `help` shows; the tests run each one.
    static let examples: [String: [Example]] = [
        "concat": [
            Example("cases | select v = concat(name, \" (\", city, \")\") | take 2", "v\nKeilepand (Rotterdam)\nKeilewerf I-II (Rotterdam)\n"),
            Example("cases | select v = name ++ \", \" ++ founded | take 1", "v\n\"Keilepand, 2015\"\n"),
        ],
        "concat_ws": [
            Example("cases | select v = concat_ws(\" · \", name, null, member_name) | take 2", "v\nKeilepand · Keilers\nKeilewerf I-II · Wervers\n")
        ],
        "format_number": [
            Example(
                "cases | select v = format_number(floor_area_m2, 1), nl = format_number(floor_area_m2, 1, \"nl\") | take 1",
                "v,nl\n\"15,000.0\",\"15.000,0\"\n")
        ],
        "format_date": [Example("cases | select v = format_date(date(\"2024-05-01\"), \"d-m-yyyy\") | take 1", "v\n1-5-2024\n")],
    ]

    static let all: [FunctionDefinition] = [
        // Nulls give null, as the operators do (DuckDB's concat skips them; concat_ws does here).
        FunctionDefinition(
            "concat", syntax: "concat(a, b, ...)  or  a ++ b",
            summary: "the values written one after another, as text (null if any is null)",
            // A `++` chain is one call: as many parts as the 2,000 operators allowed.
            arity: 1...2048, resultType: signature([.any]) { _ in .string }
        ) { args, n throws(EngineError) in
            let texts = args.map(ConversionFunctions.texts)
            return joined(texts, n, separator: nil, validity: combinedValidity(args))
        },
        FunctionDefinition(
            "concat_ws", syntax: "concat_ws(separator, a, b, ...)",
            summary: "the values that are not null, as text, with separator between them",
            arity: 2...2048, resultType: signature([.string, .any]) { _ in .string }
        ) { args, n throws(EngineError) in
            let separator = ConversionFunctions.texts(args[0])
            let texts = args.dropFirst().map(ConversionFunctions.texts)
            return joined(texts, n, separator: separator, validity: args[0].validity)
        },
        FunctionDefinition(
            "format_number", syntax: "format_number(x, decimals[, \"nl\"])",
            summary: "x with that many decimals and thousands grouped: 1,234.50, or with \"nl\" 1.234,50",
            arity: 2...3,
            resultType: { types in
                guard types[0].isNumeric else {
                    return .failure(ArgumentTypeError(index: 0, message: "expects a number, got \(types[0].rawValue)"))
                }
                guard types[1] == .int else {
                    return .failure(ArgumentTypeError(index: 1, message: "expects an int, got \(types[1].rawValue)"))
                }
                if types.count > 2, types[2] != .string {
                    return .failure(ArgumentTypeError(index: 2, message: "expects \"nl\" or \"en\", got \(types[2].rawValue)"))
                }
                return .success(.string)
            }
        ) { args, n throws(EngineError) in
            if n == 0 { return Column(.string(codes: [], dictionary: StringDictionary([]))) }
            guard let decimals = args[1].constantInt, (0...17).contains(decimals) else {
                throw .invalid("format_number's decimals must be a whole number from 0 to 17")
            }
            let style = args.count > 2 ? args[2].constantString?.lowercased() : "en"
            guard style == "nl" || style == "en" else { throw .invalid("format_number's style is \"nl\" (1.234,5) or \"en\" (1,234.5)") }
            let dutch = style == "nl"
            let values = Arithmetic.toFloat(args[0])
            guard case .float(let v) = values.storage else { throw .invalid("format_number") }
            var builder = StringDictionaryBuilder()
            var codes = [Int32](repeating: 0, count: n)
            for i in 0..<n where !values.isNull(i) {
                codes[i] = builder.code(
                    for: ValueFormatter.grouped(
                        v[i], decimals: decimals, decimalMark: dutch ? "," : ".",
                        groupMark: dutch ? "." : ","))
            }
            if builder.values.isEmpty { _ = builder.code(for: "") }
            return Column(.string(codes: codes, dictionary: builder.build()), validity: values.validity)
        },
        FunctionDefinition(
            "format_date", syntax: "format_date(date, \"dd-mm-yyyy\")",
            summary: "the date written in a layout: yyyy yy mm m dd d, other characters as they are",
            arity: 2...2, resultType: signature([.date, .string]) { _ in .string }
        ) { args, n throws(EngineError) in
            if n == 0 { return Column(.string(codes: [], dictionary: StringDictionary([]))) }
            guard let text = args[1].constantString, let pattern = DatePattern(text) else {
                throw .invalid("format_date's layout must name the year, month and day once, e.g. \"dd-mm-yyyy\"")
            }
            guard case .date(let days) = args[0].storage else { throw .invalid("format_date") }
            var builder = StringDictionaryBuilder()
            var codes = [Int32](repeating: 0, count: n)
            for i in 0..<n where !args[0].isNull(i) { codes[i] = builder.code(for: pattern.format(days[i])) }
            if builder.values.isEmpty { _ = builder.code(for: "") }
            return Column(.string(codes: codes, dictionary: builder.build()), validity: args[0].validity)
        },
    ]

    /// Row by row, the parts joined (with `separator` between non-null parts,
    /// or without one and null when any part is null).
    static func joined(_ parts: [Column], _ n: Int, separator: Column?, validity: Validity?) -> Column {
        var builder = StringDictionaryBuilder()
        var codes = [Int32](repeating: 0, count: n)
        let strings = parts.compactMap(\.strings)
        let sep = separator?.strings
        for i in 0..<n {
            if let validity, !validity.isValid(i) { continue }
            var out = ""
            var first = true
            for (k, p) in strings.enumerated() {
                if parts[k].isNull(i) { continue }
                if let sep, !first { out += sep.dictionary.values[Int(sep.codes[i])] }
                out += p.dictionary.values[Int(p.codes[i])]
                first = false
            }
            codes[i] = builder.code(for: out)
        }
        if builder.values.isEmpty { _ = builder.code(for: "") }
        return Column(.string(codes: codes, dictionary: builder.build()), validity: validity)
    }
}
