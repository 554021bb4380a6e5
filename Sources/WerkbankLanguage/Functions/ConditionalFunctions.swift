import WerkbankEngine

/// `if` and `coalesce`. Their argument types are unified by the binder
/// (ints widen to floats), so the kernels see one type.
enum ConditionalFunctions {
    /// The examples `help` shows; the tests run each one.
    static let examples: [String: [Example]] = [
        "if": [Example("cases | select name, size = if(entrepreneurs >= 80, \"large\", \"small\") | take 3", "name,size\nKeilepand,small\nKeilewerf I-II,large\nDe Kroon,large\n")],
        "coalesce": [Example("cases | select name, n = coalesce(entrepreneurs, 0) | where n == 0", "name,n\nWerkspoorkwartier,0\nDuCoop,0\n")],
    ]

    static let all: [FunctionDefinition] = [
        FunctionDefinition("if", syntax: "if(condition, then, else)",
                           summary: "then where condition is true, else otherwise (null condition counts as false)",
                           arity: 3...3, unifiedFrom: 1, resultType: { types in
                               guard types[0] == .bool else {
                                   return .failure(ArgumentTypeError(index: 0, message: "expects a bool, got \(types[0].rawValue)"))
                               }
                               return unify(types[1...], offset: 1)
                           }) { args, n throws(EngineError) in
            guard case .bool(let cond) = args[0].storage else { throw .invalid("if") }
            let pick = (0..<n).map { cond[$0] && !args[0].isNull($0) ? Int32(1) : Int32(2) }
            return try choose(args, pick, n)
        },
        FunctionDefinition("coalesce", syntax: "coalesce(a, b, ...)", summary: "the first argument that is not null",
                           arity: 1...64, unifiedFrom: 0, resultType: { unify($0[...], offset: 0) }) { args, n throws(EngineError) in
            try coalesce(args, n)
        },
    ]

    /// All of one type, or int and float mixed (→ float).
    static func unify(_ types: ArraySlice<DataType>, offset: Int) -> Result<DataType, ArgumentTypeError> {
        guard let first = types.first else { return .success(.string) }
        var result = first
        for (i, t) in types.enumerated() where t != result {
            if t.isNumeric && result.isNumeric { result = .float; continue }
            return .failure(ArgumentTypeError(index: offset + i, message: "is \(t.rawValue), but earlier arguments are \(result.rawValue)"))
        }
        return .success(result)
    }

    static func coalesce(_ args: [Column], _ n: Int) throws(EngineError) -> Column {
        var pick = [Int32](repeating: -1, count: n)
        for i in 0..<n {
            for (k, c) in args.enumerated() where !c.isNull(i) {
                pick[i] = Int32(k)
                break
            }
        }
        return try choose(args, pick, n)
    }

    /// Row i takes its value from column pick[i] (-1: null).
    static func choose(_ args: [Column], _ pick: [Int32], _ n: Int) throws(EngineError) -> Column {
        guard let first = pick.first(where: { $0 >= 0 }).map({ args[Int($0)] }) ?? args.last else {
            throw .invalid("no arguments")
        }
        var validity = Validity(count: n, allValid: true)
        for i in 0..<n where pick[i] < 0 || args[Int(pick[i])].isNull(i) { validity.clear(i) }
        func take<T>(_ values: [[T]], _ zero: T) -> [T] {
            (0..<n).map { i in pick[i] < 0 ? zero : values[Int(pick[i])][i] }
        }
        let storage: Column.Storage
        switch first.storage {
        case .int: storage = .int(take(args.map { if case .int(let v) = $0.storage { v } else { [] } }, 0))
        case .float: storage = .float(take(args.map { $0.doubles() }, 0))
        case .bool: storage = .bool(take(args.map { if case .bool(let v) = $0.storage { v } else { [] } }, false))
        case .date: storage = .date(take(args.map { if case .date(let v) = $0.storage { v } else { [] } }, 0))
        case .geometry: storage = .geometry(take(args.map { if case .geometry(let v) = $0.storage { v } else { [] } }, Geometry.empty))
        case .string:
            var builder = StringDictionaryBuilder()
            let remaps: [[Int32]] = args.map { c in c.strings.map { $0.dictionary.values.map { builder.code(for: $0) } } ?? [] }
            let codes = args.map { $0.strings?.codes ?? [] }
            let out = (0..<n).map { i -> Int32 in
                let k = Int(pick[i])
                return k < 0 || args[k].isNull(i) ? 0 : remaps[k][Int(codes[k][i])]
            }
            if builder.values.isEmpty { _ = builder.code(for: "") }
            storage = .string(codes: out, dictionary: builder.build())
        }
        return Column(storage, validity: validity)
    }
}
