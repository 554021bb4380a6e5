import WerkbankEngine

/// werkbank's scalar functions in SQL, per dialect (as PRQL keeps a
/// standard library per dialect beside the language's declarations). Only
/// where the engine's function gives werkbank's answer; the others say why
/// (`upper("ß")` is `SS` in werkbank, `ẞ` in DuckDB; `trim` removes Unicode
/// white space, SQL's only spaces; `matches` is another regex flavour), and
/// the stage runs in werkbank.
enum SQLFunctions {
    static func call(
        _ name: String, _ args: [BoundExpr], _ type: DataType, _ site: ExpressionSite, _ x: SQLExpression
    ) throws(SQLUnsupported) -> String {
        let d = x.dialect
        func unsupported(_ why: String) -> SQLUnsupported { SQLUnsupported("\(name)(): \(why)", at: site.span) }
        var a: [String] = []
        for arg in args { a.append(try x.sql(arg)) }
        switch name {
        case "length":
            return "CAST(length(\(a[0])) AS BIGINT)"
        case "contains":
            return d == .postgres ? "(strpos(\(a[0]), \(a[1])) > 0)" : d == .trino ? "(strpos(\(a[0]), \(a[1])) > 0)" : "contains(\(a[0]), \(a[1]))"
        case "starts_with":
            return d == .spark ? "startswith(\(a[0]), \(a[1]))" : "starts_with(\(a[0]), \(a[1]))"
        case "ends_with":
            return "(right(\(a[0]), CAST(length(\(a[1])) AS INTEGER)) = \(a[1]))"
        case "concat":
            var parts: [String] = []
            for (arg, text) in zip(args, a) { parts.append(try asText(arg, text, x, unsupported)) }
            // `||` gives null when a part is null, as werkbank's concat does
            // (DuckDB's concat() skips nulls).
            return "(" + parts.joined(separator: " || ") + ")"
        case "concat_ws":
            var parts: [String] = []
            for (arg, text) in zip(args, a) { parts.append(try asText(arg, text, x, unsupported)) }
            return "concat_ws(\(parts.joined(separator: ", ")))"
        case "round":
            guard args.count == 1 || isConstant(args[1]) else { throw unsupported("the digits must be written in the call") }
            if args[0].type == .int {
                guard args.count == 1 || (try? constantInt(args[1])) ?? -1 >= 0 else { throw unsupported("negative digits of an int") }
                return a[0]
            }
            let digits = args.count > 1 ? try constantInt(args[1]) : 0
            return roundHalfAway(a[0], digits: Int(max(min(digits, 15), -15)), d)
        case "floor", "ceil", "abs":
            if args[0].type == .int && name != "abs" { return a[0] }
            if d == .spark && name != "abs" { return sparkFloorOrCeil(name, a[0]) }
            return "\(name)(\(a[0]))"
        case "sqrt":
            return "(CASE WHEN \(a[0]) < 0 OR \(d.isNaN(x.cast(a[0], .float))) THEN NULL ELSE sqrt(\(x.cast(a[0], .float))) END)"
        case "ln", "log10":
            let f = x.cast(a[0], .float)
            let fn = name == "ln" ? "ln" : d == .spark ? "log10" : d == .postgres ? "log" : "log10"
            return "(CASE WHEN \(a[0]) <= 0 OR \(d.isNaN(f)) THEN NULL ELSE \(fn)(\(f)) END)"
        case "year", "month", "day":
            return "CAST(EXTRACT(\(name.uppercased()) FROM \(a[0])) AS BIGINT)"
        case "if":
            return "(CASE WHEN \(a[0]) THEN \(a[1]) ELSE \(a[2]) END)"
        case "coalesce":
            return "COALESCE(\(a.joined(separator: ", ")))"
        case "int":
            switch args[0].type {
            case .int: return a[0]
            case .float:
                // Truncated toward zero (a plain CAST rounds); NaN gives null.
                // (Spark's CAST truncates, and has no trunc of a number.)
                let whole = d == .spark ? a[0] : "trunc(\(a[0]))"
                return "(CASE WHEN \(d.isNaN(a[0])) THEN NULL ELSE CAST(\(whole) AS BIGINT) END)"
            default: throw unsupported("reading text as a number follows werkbank's own rule")
            }
        case "float":
            guard args[0].type.isNumeric else { throw unsupported("reading text as a number follows werkbank's own rule") }
            return x.cast(a[0], .float)
        case "string":
            return try asText(args[0], a[0], x, unsupported)
        default:
            throw unsupported(reasons[name] ?? "not compiled to SQL")
        }
    }

    /// Why the functions that are not compiled are not.
    static let reasons: [String: String] = [
        "lower": "werkbank maps case by Unicode's full rules (upper(\"ß\") is SS); SQL engines differ",
        "upper": "werkbank maps case by Unicode's full rules (upper(\"ß\") is SS); SQL engines differ",
        "trim": "werkbank trims Unicode white space, SQL's trim only spaces",
        "replace": "an empty old text is treated differently by each engine",
        "substr": "start positions of 0 or below are treated differently by each engine",
        "matches": "werkbank's regular expressions are not the engine's flavour",
        "format_number": "formatted in werkbank",
        "format_date": "formatted in werkbank",
        "date": "werkbank reads exactly the layout given; SQL casts accept more",
        "today": "today is werkbank's clock (UTC), not the server's",
        "pow": "pow of a negative base or infinities differs between engines",
    ]

    /// A value as werkbank writes it in text (the csv format's spelling).
    static func asText(
        _ arg: BoundExpr, _ text: String, _ x: SQLExpression, _ unsupported: (String) -> SQLUnsupported
    ) throws(SQLUnsupported) -> String {
        switch arg.type {
        case .string: return text
        case .int, .date: return x.cast(text, .string)
        case .bool: return "(CASE WHEN \(text) THEN 'true' WHEN NOT \(text) THEN 'false' END)"
        case .float: throw unsupported("floats are written with werkbank's shortest round-trip digits")
        case .geometry: throw unsupported("shapes do not go into SQL")
        }
    }

    static func isConstant(_ e: BoundExpr) -> Bool {
        if case .literal = e { return true }
        if case .negate(let inner, _) = e { return isConstant(inner) }
        return false
    }

    static func constantInt(_ e: BoundExpr) throws(SQLUnsupported) -> Int64 {
        switch e {
        case .literal(.int(let i), _): return i
        case .negate(let inner, _): return -(try constantInt(inner))
        default: throw SQLUnsupported("the digits must be a whole number", at: .init(0, 0))
        }
    }

    /// werkbank's float rounding: scaled by 10^digits, rounded half away from
    /// zero, scaled back; a value that is already whole when scaled (from
    /// 2^52 on), or infinite, is kept. `r - trunc(r)` is exact below 2^52,
    /// so the half case is found exactly, and the rest rounds to nearest
    /// (any engine's round agrees off the half).
    static func roundHalfAway(_ v: String, digits: Int, _ d: SQLDialect) -> String {
        let p = d.float(pow10(digits))
        let s = "(\(v) * \(p))"
        let half = roundHalfUp(s, d)
        let limit = d.float(0x1p52)
        return "(CASE WHEN \(v) IS NULL THEN NULL WHEN \(d.isNaN(v)) OR abs(\(s)) >= \(limit) THEN \(v) ELSE \(half) / \(p) END)"
    }

    /// A float rounded to a whole number, half away from zero.
    /// Spark's round of a double is already half away from zero (HALF_UP on
    /// its shortest decimal digits, which for a whole number is the same),
    /// and Spark has no trunc of a number.
    static func roundHalfUp(_ s: String, _ d: SQLDialect) -> String {
        if d == .spark { return "round(\(s))" }
        return "(CASE WHEN abs(\(s) - trunc(\(s))) = 0.5 THEN trunc(\(s)) + sign(\(s)) ELSE round(\(s)) END)"
    }

    /// Spark's floor and ceil of a double are BIGINTs (NaN is 0, infinity
    /// the largest int): here a double as IEEE gives it, a value already
    /// whole (from 2^52 on), NaN or infinite kept, and the sign of zero kept
    /// (ceil(-0.5) is -0.0).
    static func sparkFloorOrCeil(_ name: String, _ v: String) -> String {
        let d = SQLDialect.spark
        let negativeZero = name == "ceil" ? " WHEN \(v) > \(d.float(-1)) AND \(v) < \(d.float(0)) THEN -\(d.float(0))" : ""
        return
            "(CASE WHEN \(d.isNaN(v)) OR abs(\(v)) >= \(d.float(0x1p52)) OR \(v) = \(d.float(0)) THEN \(v)\(negativeZero) ELSE CAST(\(name)(\(v)) AS DOUBLE) END)"
    }

    static func pow10(_ n: Int) -> Double {
        var p = 1.0
        for _ in 0..<abs(n) { p *= 10 }
        return n < 0 ? 1 / p : p
    }
}
