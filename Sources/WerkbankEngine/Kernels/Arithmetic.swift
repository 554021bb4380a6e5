/// `+ - * / // %` on whole columns. The binder has already made both sides
/// the same type (int with int, or float with float).
public enum ArithmeticOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", integerDivide = "//", modulo = "%"
}

public enum Arithmetic {
    /// Int overflow throws `.overflow(column: label)`; division by zero gives null.
    public static func apply(_ op: ArithmeticOperator, _ l: Column, _ r: Column, label: String) throws(EngineError) -> Column {
        var validity = Validity.and(l.validity, r.validity)
        switch (l.storage, r.storage) {
        case (.int(let a), .int(let b)):
            var out = [Int64](repeating: 0, count: a.count)
            var overflowRow: Int?
            var zeroRows: [Int] = []
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    out.withUnsafeMutableBufferPointer { out in
                        for i in 0..<a.count {
                            let x = a[i], y = b[i]
                            var v: Int64 = 0
                            var overflow = false
                            switch op {
                            case .add: (v, overflow) = x.addingReportingOverflow(y)
                            case .subtract: (v, overflow) = x.subtractingReportingOverflow(y)
                            case .multiply: (v, overflow) = x.multipliedReportingOverflow(by: y)
                            case .integerDivide, .modulo, .divide:
                                if y == 0 {
                                    zeroRows.append(i)
                                } else if op == .modulo {
                                    // x % -1 is 0 for every x; only the quotient of
                                    // Int64.min / -1 overflows, not its remainder.
                                    (v, overflow) = y == -1 ? (0, false) : x.remainderReportingOverflow(dividingBy: y)
                                } else {
                                    (v, overflow) = x.dividedReportingOverflow(by: y)
                                }
                            }
                            if overflow, overflowRow == nil, validity?.isValid(i) ?? true { overflowRow = i }
                            out[i] = overflow ? 0 : v
                        }
                    }
                }
            }
            if overflowRow != nil { throw .overflow(column: label) }
            if !zeroRows.isEmpty {
                var v = validity ?? Validity(count: a.count, allValid: true)
                for i in zeroRows { v.clear(i) }
                validity = v
            }
            return Column(.int(out), validity: validity)
        case (.float(let a), .float(let b)):
            var out = [Double](repeating: 0, count: a.count)
            var zeroRows: [Int] = []
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    out.withUnsafeMutableBufferPointer { out in
                        switch op {
                        case .add: for i in 0..<a.count { out[i] = a[i] + b[i] }
                        case .subtract: for i in 0..<a.count { out[i] = a[i] - b[i] }
                        case .multiply: for i in 0..<a.count { out[i] = a[i] * b[i] }
                        case .divide, .integerDivide, .modulo:
                            for i in 0..<a.count {
                                let y = b[i]
                                if y == 0 { zeroRows.append(i); continue }
                                switch op {
                                case .divide: out[i] = a[i] / y
                                case .integerDivide: out[i] = (a[i] / y).rounded(.towardZero)
                                default: out[i] = a[i].truncatingRemainder(dividingBy: y)
                                }
                            }
                        }
                    }
                }
            }
            if !zeroRows.isEmpty {
                var v = validity ?? Validity(count: a.count, allValid: true)
                for i in zeroRows { v.clear(i) }
                validity = v
            }
            return Column(.float(out), validity: validity)
        default:
            throw .invalid("arithmetic on \(l.type.rawValue) and \(r.type.rawValue)")
        }
    }

    public static func negate(_ c: Column, label: String) throws(EngineError) -> Column {
        switch c.storage {
        case .int(let a):
            var out = [Int64](repeating: 0, count: a.count)
            for i in 0..<a.count {
                let (v, o) = Int64(0).subtractingReportingOverflow(a[i])
                if o, !c.isNull(i) { throw .overflow(column: label) }
                out[i] = v
            }
            return Column(.int(out), validity: c.validity)
        case .float(let a):
            return Column(.float(a.map { -$0 }), validity: c.validity)
        default:
            throw .invalid("cannot negate \(c.type.rawValue)")
        }
    }

    public static func toFloat(_ c: Column) -> Column {
        switch c.storage {
        case .int(let a): Column(.float(a.map { Double($0) }), validity: c.validity)
        default: c
        }
    }
}
