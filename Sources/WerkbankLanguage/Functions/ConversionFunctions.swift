import WerkbankEngine
import WerkbankRender

/// `int`, `float`, `string`: explicit conversions. A text that is not a
/// number converts to null; a float too large for an int is an error.
enum ConversionFunctions {
    /// The examples `help` shows; the tests run each one.
    static let examples: [String: [Example]] = [
        "int": [Example("cases | select v = int(\"42\") + 1 | take 1", "v\n43\n")],
        "float": [Example("cases | select v = float(founded) / 2 | take 1", "v\n1007.5\n")],
        "string": [Example("cases | select v = string(founded) | take 1", "v\n2015\n")],
    ]

    static let all: [FunctionDefinition] = [
        FunctionDefinition("int", syntax: "int(x)", summary: "x as an int (floats truncated toward zero; text parsed, null if not a number)",
                           arity: 1...1, resultType: signature([.scalar]) { _ in .int }) { args, n throws(EngineError) in
            let c = args[0]
            var v = c.validity ?? Validity(count: n, allValid: true)
            var out = [Int64](repeating: 0, count: n)
            switch c.storage {
            case .int: return c
            case .float(let d):
                for i in 0..<n where v.isValid(i) {
                    let t = d[i].rounded(.towardZero)
                    guard t.isFinite, t >= -9.223372036854775808e18, t < 9.223372036854775808e18 else {
                        throw .overflow(column: "int()")
                    }
                    out[i] = Int64(t)
                }
            case .bool(let b): out = b.map { $0 ? 1 : 0 }
            case .date(let d): out = d.map { Int64($0) }
            case .geometry: throw .invalid("int() of a shape")
            case .string(let codes, let dict):
                let parsed = dict.values.map(NumberText.int)
                for i in 0..<n where v.isValid(i) {
                    if let x = parsed[Int(codes[i])] { out[i] = x } else { v.clear(i) }
                }
            }
            return Column(.int(out), validity: v)
        },
        FunctionDefinition("float", syntax: "float(x)", summary: "x as a float (text parsed, null if not a number)",
                           arity: 1...1, resultType: signature([.scalar]) { _ in .float }) { args, n throws(EngineError) in
            let c = args[0]
            var v = c.validity ?? Validity(count: n, allValid: true)
            var out = [Double](repeating: 0, count: n)
            switch c.storage {
            case .int, .float: return Arithmetic.toFloat(c)
            case .bool(let b): out = b.map { $0 ? 1 : 0 }
            case .date(let d): out = d.map { Double($0) }
            case .geometry: throw .invalid("float() of a shape")
            case .string(let codes, let dict):
                let parsed = dict.values.map(NumberText.double)
                for i in 0..<n where v.isValid(i) {
                    if let x = parsed[Int(codes[i])] { out[i] = x } else { v.clear(i) }
                }
            }
            return Column(.float(out), validity: v)
        },
        FunctionDefinition("string", syntax: "string(x)", summary: "x as text (as the csv format writes it)",
                           arity: 1...1, resultType: signature([.any]) { _ in .string }) { args, _ throws(EngineError) in
            texts(args[0])
        },
    ]

    /// A column as text, each value as the csv format writes it; nulls stay null.
    static func texts(_ c: Column) -> Column {
        if case .string = c.storage { return c }
        var builder = StringDictionaryBuilder()
        var codes = [Int32](repeating: 0, count: c.count)
        for i in 0..<c.count where !c.isNull(i) { codes[i] = builder.code(for: text(c.value(at: i))) }
        if builder.values.isEmpty { _ = builder.code(for: "") }
        return Column(.string(codes: codes, dictionary: builder.build()), validity: c.validity)
    }

    static func text(_ v: Value) -> String {
        switch v {
        case .null: ""
        case .int(let x): String(x)
        case .float(let d): ValueFormatter.shortestFloat(d)
        case .bool(let b): b ? "true" : "false"
        case .date(let d): CalendarDate.format(d)
        case .string(let s): s
        case .geometry(let g): g.geoJSON
        }
    }
}
