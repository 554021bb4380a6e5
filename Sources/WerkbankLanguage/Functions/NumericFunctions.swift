import Foundation
import WerkbankEngine

/// Numeric functions. Results that are not real numbers (sqrt of a negative,
/// ln of zero) are null rather than NaN.
enum NumericFunctions {
    /// The examples `help` shows; the tests run each one.
    static let examples: [String: [Example]] = [
        "round": [Example("cases | select v = round(entrepreneurs / 7, 1) | take 2", "v\n2.7\n11.4\n")],
        "floor": [Example("cases | select v = floor(2.7) | take 1", "v\n2.0\n")],
        "ceil": [Example("cases | select v = ceil(2.1) | take 1", "v\n3.0\n")],
        "abs": [Example("cases | select v = abs(founded - 2020) | take 2", "v\n5\n6\n")],
        "sqrt": [Example("cases | select v = sqrt(floor_area_m2) | where v is not null", "v\n122.47448713915891\n59.16079783099616\n")],
        "ln": [Example("cases | select v = round(ln(entrepreneurs), 3) | take 1", "v\n2.944\n")],
        "log10": [Example("cases | select v = log10(floor_area_m2) | where v is not null | take 1", "v\n4.176091259055681\n")],
        "pow": [Example("cases | select v = pow(2, 10) | take 1", "v\n1024.0\n")],
    ]

    static let all: [FunctionDefinition] = [
        FunctionDefinition(
            "round", syntax: "round(x[, digits])",
            summary: "x rounded half away from zero to digits decimals (default 0); an int stays an int",
            arity: 1...2, resultType: signature([.numeric, .int]) { $0[0] }
        ) { args, n throws(EngineError) in
            let digits: [Int64] = args.count > 1 ? ints(args[1]) : [Int64](repeating: 0, count: n)
            switch args[0].storage {
            case .int(let v):
                var out = v
                for i in 0..<n where digits[i] < 0 {
                    let p = pow(10, Double(-digits[i]))
                    let r = (Double(v[i]) / p).rounded(.toNearestOrAwayFromZero) * p
                    guard r.magnitude < 9.2e18 else { throw .overflow(column: "round") }
                    out[i] = Int64(r)
                }
                return Column(.int(out), validity: combinedValidity(args))
            default:
                let v = args[0].doubles()
                let out = (0..<n).map { i -> Double in
                    let p = pow(10, Double(max(min(digits[i], 15), -15)))
                    let scaled = v[i] * p
                    // From 2^52 on a double has no fraction: scaled, the value is
                    // already as exact as `digits` decimals can be (and scaling
                    // back and forth would only add error: round(1e21, 2) is 1e21).
                    if !scaled.isFinite || scaled.magnitude >= 0x1p52 { return v[i] }
                    let r = scaled.rounded(.toNearestOrAwayFromZero) / p
                    return r.isFinite ? r : v[i]
                }
                return Column(.float(out), validity: combinedValidity(args))
            }
        },
        unaryKeepingInts("floor", "floor(x)", "largest whole number not above x") { $0.rounded(.down) },
        unaryKeepingInts("ceil", "ceil(x)", "smallest whole number not below x") { $0.rounded(.up) },
        FunctionDefinition(
            "abs", syntax: "abs(x)", summary: "absolute value", arity: 1...1,
            resultType: signature([.numeric]) { $0[0] }
        ) { args, _ throws(EngineError) in
            switch args[0].storage {
            case .int(let v):
                var out = v
                for i in 0..<v.count {
                    if v[i] == .min, !args[0].isNull(i) { throw .overflow(column: "abs") }
                    out[i] = v[i] == .min ? 0 : Swift.abs(v[i])
                }
                return Column(.int(out), validity: args[0].validity)
            default: return Column(.float(args[0].doubles().map { Swift.abs($0) }), validity: args[0].validity)
            }
        },
        real("sqrt", "sqrt(x)", "square root (null for negative x)") { $0 >= 0 ? $0.squareRoot() : nil },
        real("ln", "ln(x)", "natural logarithm (null for x ≤ 0)") { $0 > 0 ? Foundation.log($0) : nil },
        real("log10", "log10(x)", "base-10 logarithm (null for x ≤ 0)") { $0 > 0 ? Foundation.log10($0) : nil },
        FunctionDefinition(
            "pow", syntax: "pow(x, y)", summary: "x to the power y, as a float", arity: 2...2,
            resultType: signature([.numeric, .numeric]) { _ in .float }
        ) { args, n throws(EngineError) in
            let a = args[0].doubles(), b = args[1].doubles()
            return realColumn(n, combinedValidity(args)) { i in
                // Null only where the result is not a real number (NaN: a
                // negative base to a fractional power, a NaN argument);
                // infinities pass, as in sqrt.
                let r = Foundation.pow(a[i], b[i])
                return r.isNaN ? nil : r
            }
        },
    ]

    static func ints(_ c: Column) -> [Int64] {
        if case .int(let v) = c.storage { return v }
        return [Int64](repeating: 0, count: c.count)
    }

    static func unaryKeepingInts(
        _ name: String, _ syntax: String, _ summary: String,
        _ f: @escaping @Sendable (Double) -> Double
    ) -> FunctionDefinition {
        FunctionDefinition(
            name, syntax: syntax, summary: summary, arity: 1...1,
            resultType: signature([.numeric]) { $0[0] }
        ) { args, _ throws(EngineError) in
            if case .int = args[0].storage { return args[0] }
            return Column(.float(args[0].doubles().map(f)), validity: args[0].validity)
        }
    }

    static func real(
        _ name: String, _ syntax: String, _ summary: String,
        _ f: @escaping @Sendable (Double) -> Double?
    ) -> FunctionDefinition {
        FunctionDefinition(
            name, syntax: syntax, summary: summary, arity: 1...1,
            resultType: signature([.numeric]) { _ in .float }
        ) { args, n throws(EngineError) in
            // NaN is not a real number: null, as for sqrt(-1).
            let v = args[0].doubles()
            return realColumn(n, args[0].validity) { v[$0].isNaN ? nil : f(v[$0]) }
        }
    }

    /// A float column where `f` returning nil makes the row null.
    static func realColumn(_ n: Int, _ validity: Validity?, _ f: (Int) -> Double?) -> Column {
        var out = [Double](repeating: 0, count: n)
        var v = validity ?? Validity(count: n, allValid: true)
        for i in 0..<n where v.isValid(i) {
            if let r = f(i) { out[i] = r } else { v.clear(i) }
        }
        return Column(.float(out), validity: v)
    }
}
