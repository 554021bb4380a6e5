import Foundation
import WerkbankEngine

/// Text functions. Where the other arguments are constants they run once per
/// distinct string (on the dictionary), not once per row.
enum StringFunctions {
    /// The examples `help` shows; the tests run each one.
    static let examples: [String: [Example]] = [
        "lower": [Example("cases | select v = lower(name) | take 2", "v\nkeilepand\nkeilewerf i-ii\n")],
        "upper": [Example("cases | select v = upper(city) | take 1", "v\nROTTERDAM\n")],
        "trim": [Example("cases | select v = trim(\"  Keilepand \") | take 1", "v\nKeilepand\n")],
        "length": [Example("cases | select name, n = length(name) | take 2", "name,n\nKeilepand,9\nKeilewerf I-II,14\n")],
        "contains": [Example("cases | where contains(name, \"Keile\") | select name", "name\nKeilepand\nKeilewerf I-II\n")],
        "starts_with": [Example("cases | where starts_with(name, \"H\") | select name", "name\nHillevliet\nHof van Cartesius\n")],
        "ends_with": [Example("cases | where ends_with(name, \"werf I-II\") | select name", "name\nKeilewerf I-II\n")],
        "replace": [Example("cases | select v = replace(name, \"Keile\", \"K.\") | take 2", "v\nK.pand\nK.werf I-II\n")],
        "substr": [Example("cases | select v = substr(postcode, 1, 4) | take 2", "v\n3029\n3029\n")],
        "matches": [
            Example(
                "cases | where matches(postcode, \"^30\") | select name, postcode",
                "name,postcode\nKeilepand,3029 BP\nKeilewerf I-II,3029 BP\nDe Kroon,3024 EE\nHillevliet,3074 KD\n")
        ],
    ]

    static let all: [FunctionDefinition] = [
        mapText("lower", "lower(text)", "the text in lower case") { $0.lowercased() },
        mapText("upper", "upper(text)", "the text in upper case") { $0.uppercased() },
        mapText("trim", "trim(text)", "the text without leading and trailing white space") {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        },
        // Characters are Unicode scalar values (code points), as everywhere
        // in werkbank and in DuckDB and PostgreSQL: `e` + U+0301 has length 2.
        FunctionDefinition(
            "length", syntax: "length(text)", summary: "number of characters (Unicode code points)", arity: 1...1,
            resultType: signature([.string]) { _ in .int }
        ) { args, _ throws(EngineError) in
            perString(args[0]) { Int64($0.unicodeScalars.count) }
        },
        predicate("contains", "contains(text, part)", "true when text contains part") { $0.bytesContain($1) },
        predicate("starts_with", "starts_with(text, prefix)", "true when text starts with prefix") { $0.bytesHavePrefix($1) },
        predicate("ends_with", "ends_with(text, suffix)", "true when text ends with suffix") { $0.bytesHaveSuffix($1) },
        FunctionDefinition(
            "replace", syntax: "replace(text, old, new)", summary: "every occurrence of old replaced by new",
            arity: 3...3, resultType: signature([.string, .string, .string]) { _ in .string }
        ) { args, n throws(EngineError) in
            if let old = args[1].constantString, let new = args[2].constantString {
                return mapDictionary(args[0]) { $0.bytesReplacing(old, with: new) }
            }
            return perRowString(args, n) { v in v[0].bytesReplacing(v[1], with: v[2]) }
        },
        FunctionDefinition(
            "substr", syntax: "substr(text, start[, length])",
            summary: "part of text from character start (1-based), optionally length characters (code points)",
            arity: 2...3, resultType: signature([.string, .int, .int]) { _ in .string }
        ) { args, n throws(EngineError) in
            guard case .int(let starts) = args[1].storage else { throw .invalid("substr") }
            let lengths: [Int64]? = args.count > 2 ? { if case .int(let l) = args[2].storage { return l } else { return nil } }() : nil
            guard let (codes, dict) = args[0].strings else { throw .invalid("substr") }
            var builder = StringDictionaryBuilder()
            var out = [Int32](repeating: 0, count: n)
            for i in 0..<n {
                let s = dict.values[Int(codes[i])]
                let start = max(Int(clamping: starts[i]) - 1, 0)
                let len = lengths.map { max(Int(clamping: $0[i]), 0) } ?? Int.max
                out[i] = builder.code(for: String(String.UnicodeScalarView(s.unicodeScalars.dropFirst(start).prefix(len))))
            }
            return Column(.string(codes: out, dictionary: builder.build()), validity: combinedValidity(args))
        },
        FunctionDefinition(
            "matches", syntax: "matches(text, pattern)",
            summary: "true when the regular expression pattern matches somewhere in text",
            arity: 2...2, resultType: signature([.string, .string]) { _ in .bool }
        ) { args, n throws(EngineError) in
            var cache: [String: NSRegularExpression] = [:]
            func regex(_ p: String) throws(EngineError) -> NSRegularExpression {
                if let r = cache[p] { return r }
                do {
                    let r = try NSRegularExpression(pattern: p)
                    cache[p] = r
                    return r
                } catch {
                    throw .invalid("invalid regular expression \"\(p)\"")
                }
            }
            func test(_ s: String, _ r: NSRegularExpression) -> Bool {
                r.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
            }
            if let p = args[1].constantString {
                let r = try regex(p)
                return perString(args[0]) { test($0, r) }
            }
            guard let (ca, da) = args[0].strings, let (cb, db) = args[1].strings else { throw .invalid("matches") }
            var out = [Bool](repeating: false, count: n)
            for i in 0..<n where !args[0].isNull(i) && !args[1].isNull(i) {
                out[i] = test(da.values[Int(ca[i])], try regex(db.values[Int(cb[i])]))
            }
            return Column(.bool(out), validity: combinedValidity(args))
        },
    ]

    static func mapText(
        _ name: String, _ syntax: String, _ summary: String,
        _ f: @escaping @Sendable (String) -> String
    ) -> FunctionDefinition {
        FunctionDefinition(
            name, syntax: syntax, summary: summary, arity: 1...1,
            resultType: signature([.string]) { _ in .string }
        ) { args, _ throws(EngineError) in
            mapDictionary(args[0], f)
        }
    }

    static func predicate(
        _ name: String, _ syntax: String, _ summary: String,
        _ f: @escaping @Sendable (String, String) -> Bool
    ) -> FunctionDefinition {
        FunctionDefinition(
            name, syntax: syntax, summary: summary, arity: 2...2,
            resultType: signature([.string, .string]) { _ in .bool }
        ) { args, n throws(EngineError) in
            if let part = args[1].constantString { return perString(args[0]) { f($0, part) } }
            guard let (ca, da) = args[0].strings, let (cb, db) = args[1].strings else { throw .invalid(name) }
            let out = (0..<n).map { f(da.values[Int(ca[$0])], db.values[Int(cb[$0])]) }
            return Column(.bool(out), validity: combinedValidity(args))
        }
    }

    /// Applies `f` to each distinct string and remaps the codes.
    static func mapDictionary(_ c: Column, _ f: (String) -> String) -> Column {
        guard let (codes, dict) = c.strings else { return c }
        var builder = StringDictionaryBuilder()
        let remap = dict.values.map { builder.code(for: f($0)) }
        return Column(.string(codes: codes.map { remap[Int($0)] }, dictionary: builder.build()), validity: c.validity)
    }

    /// A per-distinct-string predicate broadcast to the rows.
    static func perString(_ c: Column, _ f: (String) -> Bool) -> Column {
        guard let (codes, dict) = c.strings else { return c }
        let perCode = dict.values.map(f)
        return Column(.bool(codes.map { perCode[Int($0)] }), validity: c.validity)
    }

    /// A per-distinct-string number broadcast to the rows.
    static func perString(_ c: Column, _ f: (String) -> Int64) -> Column {
        guard let (codes, dict) = c.strings else { return c }
        let perCode = dict.values.map(f)
        return Column(.int(codes.map { perCode[Int($0)] }), validity: c.validity)
    }

    static func perRowString(_ args: [Column], _ n: Int, _ f: ([String]) -> String) -> Column {
        let parts = args.compactMap(\.strings)
        var builder = StringDictionaryBuilder()
        let out = (0..<n).map { i in builder.code(for: f(parts.map { $0.dictionary.values[Int($0.codes[i])] })) }
        return Column(.string(codes: out, dictionary: builder.build()), validity: combinedValidity(args))
    }
}
