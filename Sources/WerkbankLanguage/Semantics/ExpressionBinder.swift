import WerkbankEngine

/// Resolves names and checks types of an expression against an input schema,
/// before any row is read.
public struct ExpressionBinder {
    let schema: Schema
    let source: String

    public init(schema: Schema, source: String) {
        self.schema = schema
        self.source = source
    }

    /// The text of a span, for labels such as the column named in an overflow error.
    func text(_ span: SourceSpan) -> String {
        let bytes = Array(source.utf8)
        guard span.start >= 0, span.end <= bytes.count, span.start <= span.end else { return "" }
        return String(decoding: bytes[span.start..<span.end], as: UTF8.self)
    }

    func site(_ span: SourceSpan) -> ExpressionSite { ExpressionSite(text: text(span), span: span) }

    public func columnIndex(_ name: String, _ span: SourceSpan) throws(Diagnostic) -> Int {
        if let i = schema.firstIndex(where: { $0.name == name }) { return i }
        throw Self.unknownColumn(name, span, schema)
    }

    static func unknownColumn(_ name: String, _ span: SourceSpan, _ schema: Schema) -> Diagnostic {
        let names = schema.map(\.name)
        let hint =
            DidYouMean.hint(name, among: names)
            ?? (names.isEmpty
                ? "the input has no columns" : "columns are: " + names.prefix(12).joined(separator: ", ") + (names.count > 12 ? ", …" : ""))
        return Diagnostic("unknown column \"\(name)\"", at: span, hint: hint)
    }

    public func bind(_ e: Expr) throws(Diagnostic) -> BoundExpr {
        switch e {
        case .literal(let v, _):
            return .literal(v, v.type ?? .string)
        case .column(let name, let span):
            let i = try columnIndex(name, span)
            return .column(index: i, schema[i].type)
        case .unary(.negate, let inner, let span):
            let b = try bind(inner)
            guard b.type.isNumeric else { throw typeError("cannot negate a \(b.type.rawValue)", inner.span) }
            if case .literal(.null, _) = b { return .literal(.null, .int) }
            return .negate(b, site(span))
        case .unary(.not, let inner, _):
            let b = try bind(inner)
            if isNullLiteral(b) { return .literal(.null, .bool) }
            guard b.type == .bool else { throw typeError("'not' needs a bool, got \(b.type.rawValue)", inner.span) }
            return .not(b)
        case .binary:
            // Operator chains are left-deep (`a or b or c` is `(a or b) or c`)
            // and may hold 2,000 operators: the left spine is bound in a loop,
            // only right operands recurse.
            var spine: [(BinaryOperator, Expr, Expr, SourceSpan)] = []
            var leftmost = e
            while case .binary(let op, let l, let r, let span) = leftmost {
                spine.append((op, l, r, span))
                leftmost = l
            }
            var bound = try bind(leftmost)
            for (op, l, r, span) in spine.reversed() { bound = try bindBinary(op, bound, l, try bind(r), r, span) }
            return bound
        case .isNull(let inner, let negated, _):
            return .isNull(try bind(inner), negated: negated)
        case .inList(let lhs, let items, let negated, _):
            var b = try bind(lhs)
            var values: [Value] = []
            for item in items {
                guard case .literal(var v, _) = item else {
                    throw Diagnostic("a list after 'in' holds literal values only", at: item.span)
                }
                // As in a comparison: a string literal next to a date is read as a date.
                if b.type == .date, case .string(let s) = v, let d = CalendarDate.parse(s) { v = .date(d) }
                if let t = v.type, !(t == b.type || (t.isNumeric && b.type.isNumeric)) {
                    throw typeError("cannot compare \(b.type.rawValue) with \(t.rawValue)", item.span)
                }
                values.append(v)
            }
            if b.type == .int, values.contains(where: { if case .float = $0 { true } else { false } }) {
                b = .toFloat(b)
            }
            return .inList(b, values, negated: negated)
        case .call(let name, let nameSpan, let args, let span):
            return try bindCall(name, nameSpan, args, span)
        }
    }

    func isNullLiteral(_ b: BoundExpr) -> Bool {
        if case .literal(.null, _) = b { return true }
        return false
    }

    /// A `null` literal takes the type of the other side.
    func retype(_ b: BoundExpr, like other: BoundExpr) -> BoundExpr {
        isNullLiteral(b) ? .literal(.null, other.type) : b
    }

    func typeError(_ message: String, _ span: SourceSpan) -> Diagnostic {
        Diagnostic(message, at: span, hint: "convert explicitly with int(), float() or string()")
    }

    /// `l op r` with both operands bound (`l` and `r` as written, for carets).
    func bindBinary(
        _ op: BinaryOperator, _ lb: BoundExpr, _ l: Expr, _ rb: BoundExpr, _ r: Expr,
        _ span: SourceSpan
    ) throws(Diagnostic) -> BoundExpr {
        var lb = lb, rb = rb
        lb = retype(lb, like: rb)
        rb = retype(rb, like: lb)
        switch op {
        case .and, .or:
            for (b, e) in [(lb, l), (rb, r)] where b.type != .bool {
                throw typeError("'\(op.rawValue)' needs bool operands, got \(b.type.rawValue)", e.span)
            }
            return .logical(isAnd: op == .and, lb, rb)
        case .coalesce:
            if lb.type == rb.type { return .coalesce([lb, rb], lb.type) }
            if lb.type.isNumeric, rb.type.isNumeric { return .coalesce([widen(lb), widen(rb)], .float) }
            throw typeError("'??' needs both sides of one type, got \(lb.type.rawValue) and \(rb.type.rawValue)", span)
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
            let cmp = ComparisonOperator(rawValue: op.rawValue) ?? .equal
            if lb.type == .geometry || rb.type == .geometry {
                throw Diagnostic("shapes cannot be compared", at: span, hint: "compare their properties, or draw them with chart map")
            }
            if lb.type == rb.type { return .compare(cmp, lb, rb) }
            if lb.type.isNumeric, rb.type.isNumeric { return .compare(cmp, widen(lb), widen(rb)) }
            // A date compared with a string literal: read the literal as a date.
            if lb.type == .date, case .literal(.string(let s), _) = rb, let d = CalendarDate.parse(s) {
                return .compare(cmp, lb, .literal(.date(d), .date))
            }
            if rb.type == .date, case .literal(.string(let s), _) = lb, let d = CalendarDate.parse(s) {
                return .compare(cmp, .literal(.date(d), .date), rb)
            }
            throw Diagnostic(
                "cannot compare \(lb.type.rawValue) with \(rb.type.rawValue)", at: span,
                hint: hintForComparison(lb, rb))
        case .add, .subtract, .multiply, .divide, .integerDivide, .modulo:
            let arith = ArithmeticOperator(rawValue: op.rawValue) ?? .add
            for (b, e) in [(lb, l), (rb, r)] where !b.type.isNumeric {
                throw typeError("'\(op.rawValue)' needs numbers, got \(b.type.rawValue)", e.span)
            }
            if op == .divide || lb.type == .float || rb.type == .float {
                return .arithmetic(arith, widen(lb), widen(rb), .float, site(span))
            }
            return .arithmetic(arith, lb, rb, .int, site(span))
        }
    }

    func hintForComparison(_ l: BoundExpr, _ r: BoundExpr) -> String {
        for (a, b) in [(l, r), (r, l)] {
            if case .literal(.string(let s), _) = a, b.type.isNumeric {
                return "the column holds numbers: drop the quotes (\(s)) or convert with string()"
            }
            if case .literal(let v, _) = a, b.type == .string {
                switch v {
                case .int(let i): return "the column holds text: quote the value (\"\(i)\") or convert the column with int()"
                case .float(let d): return "the column holds text: quote the value (\"\(d)\") or convert the column with float()"
                default: break
                }
            }
        }
        return "convert one side with int(), float(), string() or date()"
    }

    func widen(_ b: BoundExpr) -> BoundExpr {
        if case .literal(.int(let v), _) = b { return .literal(.float(Double(v)), .float) }
        if case .literal(.null, _) = b { return .literal(.null, .float) }
        return b.type == .int ? .toFloat(b) : b
    }

    func bindCall(_ name: String, _ nameSpan: SourceSpan, _ args: [Expr], _ span: SourceSpan) throws(Diagnostic) -> BoundExpr {
        let key = name.lowercased()
        guard let f = FunctionCatalog.byName[key] else {
            if AggregateCatalog.byName[key] != nil {
                throw Diagnostic(
                    "\(key)() is an aggregate", at: nameSpan,
                    hint: "aggregates are used in summarize (summarize \(key)(...) by ...) or derive (derive y = \(key)(...) by ...)")
            }
            if RowFunctionCatalog.byName[key] != nil {
                throw Diagnostic(
                    "\(key)() is a row function", at: nameSpan,
                    hint: "row functions are used in derive: derive y = \(key)(...) [by KEY], then filter on y")
            }
            throw Diagnostic(
                "unknown function \"\(name)\"", at: nameSpan,
                hint: DidYouMean.hint(key, among: FunctionCatalog.all.map(\.name)) ?? "see 'help functions'")
        }
        guard f.arity.contains(args.count) else {
            let expected = f.arity.lowerBound == f.arity.upperBound ? "\(f.arity.lowerBound)" : "\(f.arity.lowerBound) to \(f.arity.upperBound)"
            throw Diagnostic(
                "\(f.name)() takes \(expected) argument\(f.arity.upperBound == 1 ? "" : "s"), got \(args.count)",
                at: span, hint: "usage: \(f.syntax)")
        }
        var bound: [BoundExpr] = []
        for a in args { bound.append(try bind(a)) }
        // null literals take the type of the first typed argument they sit beside.
        let firstTyped = bound.dropFirst(f.unifiedFrom ?? 0).first { !isNullLiteral($0) }
        var types = bound.map(\.type)
        for (i, b) in bound.enumerated() where isNullLiteral(b) {
            if let t = firstTyped?.type, i > 0 || f.unifiedFrom == 0 { types[i] = t; bound[i] = .literal(.null, t) }
        }
        switch f.resultType(types) {
        case .success(let t):
            if let from = f.unifiedFrom, t == .float {
                bound = bound.enumerated().map { $0.offset < from ? $0.element : widen($0.element) }
            }
            if let check = f.checkLiterals,
                let problem = check(bound.map { b -> Value? in if case .literal(let v, _) = b { v } else { nil } })
            {
                throw Diagnostic(problem.message, at: args[min(problem.index, args.count - 1)].span, hint: problem.hint)
            }
            return .call(f, bound, t, site(span))
        case .failure(let e):
            let argSpan = e.index < args.count ? args[e.index].span : span
            throw Diagnostic("\(f.name)() argument \(e.index + 1) \(e.message)", at: argSpan, hint: "usage: \(f.syntax)")
        }
    }
}
