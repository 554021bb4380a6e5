import WerkbankEngine

/// werkbank's aggregates in SQL: sums of ints exact (cast back to 64 bits,
/// an overflow is the engine's error as it is werkbank's), sums of floats
/// added in row order (as werkbank adds them, so the last bits agree),
/// `first`/`last` by row position, `min`/`max` of strings by bytes.
enum SQLAggregates {
    /// `over`: a window (` OVER (…)`) for derive's group values, after each
    /// aggregate call.
    static func sql(_ a: BoundAggregate, _ x: SQLExpression, position: String, over w: String = "") throws(SQLUnsupported) -> String {
        let d = x.dialect
        func unsupported(_ why: String) -> SQLUnsupported { SQLUnsupported("\(a.kernel.rawValue)(): \(why)", at: a.span) }
        guard let argument = a.argument else { return "CAST(count(*)\(w) AS BIGINT)" }
        let v = try x.sql(argument)
        let inRowOrder = "\(v) ORDER BY \(position)"
        switch a.kernel {
        case .count:
            return "CAST(count(\(v))\(w) AS BIGINT)"
        case .countDistinct:
            return "CAST(count(DISTINCT \(v)) AS BIGINT)"
        case .sum where argument.type == .int:
            return "CAST(\(d.exactSum(v))\(w) AS BIGINT)"
        case .avg where argument.type == .int:
            return "(CAST(\(d.exactSum(v))\(w) AS \(d.typeName(.float)!)) / NULLIF(count(\(v))\(w), 0))"
        case .sum, .avg:
            guard d == .duckdb || d == .postgres else { throw unsupported("\(d.name) cannot add floats in row order") }
            let sum = "sum(\(inRowOrder))"
            return a.kernel == .sum ? sum : "(\(sum) / NULLIF(count(\(v)), 0))"
        case .min, .max:
            let fn = a.kernel == .min ? "min" : "max"
            if argument.type == .bool, d == .postgres { return "\(a.kernel == .min ? "bool_and" : "bool_or")(\(v))\(w)" }
            return argument.type == .string ? "\(fn)(\(d.byteOrder(v)))\(w)" : "\(fn)(\(v))\(w)"
        case .first, .last:
            let order = a.kernel == .first ? position : "\(position) DESC"
            switch d {
            case .postgres: return "(array_agg(\(v) ORDER BY \(order)) FILTER (WHERE \(v) IS NOT NULL))[1]"
            case .duckdb: return "\(a.kernel == .first ? "arg_min" : "arg_max")(\(v), \(position)) FILTER (WHERE \(v) IS NOT NULL)"
            case .spark, .trino: return "\(a.kernel == .first ? "min_by" : "max_by")(\(v), \(position)) FILTER (WHERE \(v) IS NOT NULL)"
            }
        case .median, .percentile:
            // werkbank interpolates as DuckDB's quantile_cont does (lo·(1−w) + hi·w);
            // PostgreSQL's percentile_cont computes lo + (hi − lo)·w, which can differ in the last bit.
            guard d == .duckdb else { throw unsupported("\(d.name)'s interpolation differs from werkbank's in the last bits") }
            return "quantile_cont(\(v), \(d.float(a.fraction)))"
        case .stddev:
            // Both add in Welford's way when the values come in row order.
            guard d == .duckdb else { throw unsupported("\(d.name) computes the variance another way") }
            // DuckDB refuses an infinite variance where werkbank's is NaN.
            guard argument.type == .int else { throw unsupported("DuckDB refuses infinite values in stddev") }
            return "stddev_samp(\(inRowOrder))"
        }
    }
}
