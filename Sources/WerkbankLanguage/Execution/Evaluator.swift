import WerkbankEngine

/// Evaluates a bound expression over a whole table, one kernel call per node.
public enum Evaluator {
    public static func evaluate(_ e: BoundExpr, _ table: Table) throws(EngineError) -> Column {
        // Operator chains are left-deep and may hold 2,000 operators: the
        // left spine of `and`/`or` and arithmetic is evaluated in a loop,
        // left to right as written; only right operands recurse.
        var spine: [BoundExpr] = []
        var leftmost = e
        while true {
            switch leftmost {
            case .logical(_, let l, _), .arithmetic(_, let l, _, _, _):
                spine.append(leftmost)
                leftmost = l
                continue
            default: break
            }
            break
        }
        var result = try evaluateNode(leftmost, table)
        for node in spine.reversed() {
            switch node {
            case .logical(let isAnd, _, let r):
                let b = try evaluate(r, table)
                result = isAnd ? Logical.and(result, b) : Logical.or(result, b)
            case .arithmetic(let op, _, let r, _, let site):
                let b = try evaluate(r, table)
                do { result = try Arithmetic.apply(op, result, b, label: site.text) } catch { throw site.locate(error) }
            default: break
            }
        }
        return result
    }

    /// Where a condition is true, as `where` reads it (null counts as
    /// false): one flag a row, without validity. `and` and `or` merge their
    /// sides' flags in place: a null side is false here, and for and/or that
    /// decides as three-valued logic followed by "null is false" does (`not`
    /// does not commute with it, so it is evaluated as a column). Cheaper than
    /// `evaluate`, whose and/or carry validity bit by bit; a comparison with a
    /// literal writes its flags straight into the chain's (`ConditionFlags`).
    public static func holds(_ e: BoundExpr, _ table: Table) throws(EngineError) -> [Bool] {
        var spine: [(isAnd: Bool, right: BoundExpr)] = []
        var leftmost = e
        while case .logical(let isAnd, let l, let r) = leftmost {
            spine.append((isAnd, r))
            leftmost = l
        }
        var flags = [Bool](repeating: false, count: table.rowCount)
        try merge(leftmost, table, into: &flags, .set)
        for (isAnd, right) in spine.reversed() {
            try merge(right, table, into: &flags, isAnd ? .and : .or)
        }
        return flags
    }

    /// One side of an and/or chain merged into the chain's flags; a
    /// parenthesised chain makes its own flags first.
    static func merge(_ e: BoundExpr, _ table: Table, into flags: inout [Bool], _ how: FlagMerge) throws(EngineError) {
        if case .logical = e {
            ConditionFlags.merge(Column(.bool(try holds(e, table))), into: &flags, how)
            return
        }
        if case .compare(let op, let l, let r) = e {
            if case .literal(let v, _) = r, v != .null,
                ConditionFlags.compare(op, try evaluate(l, table), v, into: &flags, how)
            {
                return
            }
            if case .literal(let v, _) = l, v != .null,
                ConditionFlags.compare(op.flipped, try evaluate(r, table), v, into: &flags, how)
            {
                return
            }
        }
        ConditionFlags.merge(try evaluate(e, table), into: &flags, how)
    }

    /// One node whose left operand is not part of a chain.
    static func evaluateNode(_ e: BoundExpr, _ table: Table) throws(EngineError) -> Column {
        let n = table.rowCount
        switch e {
        case .column(let i, _):
            return table.columns[i]
        case .literal(let v, let t):
            return constant(v, t, n)
        case .negate(let inner, let site):
            let c = try evaluate(inner, table)
            do { return try Arithmetic.negate(c, label: site.text) } catch { throw site.locate(error) }
        case .not(let inner):
            return Logical.not(try evaluate(inner, table))
        case .arithmetic, .logical:
            return try evaluate(e, table)
        case .compare(let op, let l, let r):
            // Against a literal: compared with the value itself, not a broadcast column.
            if case .literal(let v, let t) = r, v != .null {
                let c = try evaluate(l, table)
                if let result = Compare.apply(op, c, v) { return result }
                return try Compare.apply(op, c, constant(v, t, n))
            }
            if case .literal(let v, let t) = l, v != .null {
                let c = try evaluate(r, table)
                if let result = Compare.apply(op.flipped, c, v) { return result }
                return try Compare.apply(op, constant(v, t, n), c)
            }
            return try Compare.apply(op, try evaluate(l, table), try evaluate(r, table))
        case .coalesce(let items, _):
            var cols: [Column] = []
            for item in items { cols.append(try evaluate(item, table)) }
            return try ConditionalFunctions.coalesce(cols, n)
        case .inList(let inner, let values, let negated):
            let c = try evaluate(inner, table)
            return Membership.inList(c, values, negated: negated)
        case .isNull(let inner, let negated):
            return Logical.isNull(try evaluate(inner, table), negated: negated)
        case .call(let f, let args, _, let site):
            var cols: [Column] = []
            for a in args { cols.append(try evaluate(a, table)) }
            do { return try f.evaluate(cols, n) } catch { throw site.locate(error) }
        case .toFloat(let inner):
            return Arithmetic.toFloat(try evaluate(inner, table))
        }
    }

    /// A literal broadcast to `n` rows.
    static func constant(_ v: Value, _ t: DataType, _ n: Int) -> Column {
        switch v {
        case .null: return Column.nulls(t, count: n)
        case .int(let x): return Column(.int([Int64](repeating: x, count: n)))
        case .float(let x): return Column(.float([Double](repeating: x, count: n)))
        case .bool(let x): return Column(.bool([Bool](repeating: x, count: n)))
        case .date(let x): return Column(.date([Int32](repeating: x, count: n)))
        case .string(let s): return Column(.string(codes: [Int32](repeating: 0, count: n), dictionary: StringDictionary([s])))
        case .geometry(let g): return Column(.geometry([Geometry](repeating: g, count: n)))
        }
    }
}
