import WerkbankEngine

/// `derive name = EXPR, ... [by KEY, ...]`: adds or replaces columns; each may
/// use the ones before it. An aggregate in an expression is its group's value
/// on every row (`share = x / sum(x) by provincie`); a row function
/// (`lag(x)`, `row_number()`, …) works within the group in the current order.
struct DeriveStage: Stage {
    let items: [NamedExpr]
    let keys: [(String, SourceSpan)]

    static let help = StageHelp(
        name: "derive", syntax: "derive name = EXPR, ... [by KEY, ...]",
        summary: "add or replace columns, keeping the others; aggregates and row functions per group",
        details: """
            Each new column can use those derived before it in the same stage. An aggregate (sum, avg, count, …) gives
            its group's value on every row: derive share = employees / sum(employees) by provincie (without by: the whole
            table). Row functions work in the current order within the group: row_number() rank(x) dense_rank(x)
            lag(x[, n]) lead(x[, n]) cumsum(x) running_avg(x, n); sort first to choose the order.
            """,
        examples: [
            Example("cases | derive age = 2024 - founded | select name, founded, age | take 3", "name,founded,age\nKeilepand,2015,9\nKeilewerf I-II,2014,10\nDe Kroon,2017,7\n"),
            Example("cases | where entrepreneurs is not null | derive share = entrepreneurs / sum(entrepreneurs) by city | select name, city, share",
                    "name,city,share\nKeilepand,Rotterdam,0.07630522088353414\nKeilewerf I-II,Rotterdam,0.321285140562249\nDe Kroon,Rotterdam,0.4819277108433735\nHillevliet,Rotterdam,0.12048192771084337\nHof van Cartesius,Utrecht,1.0\n"),
        ])

    static func parse(_ p: inout Parser, keyword: Token) throws(Diagnostic) -> DeriveStage {
        // A new name, or a column to replace.
        p.expecting(.columns(p.columnScope))
        if p.atStageEnd { throw Diagnostic("derive needs name = EXPR", at: keyword.span, hint: "e.g. derive age = 2024 - founded") }
        p.groupCalls = true
        defer { p.groupCalls = false }
        let items = try p.parseList { (p: inout Parser) throws(Diagnostic) in
            p.expecting(.columns(p.columnScope))
            let item = try p.parseNamedExpr()
            guard item.name != nil else {
                throw Diagnostic("derive needs a name for each new column", at: item.expr.span, hint: "write name = EXPR")
            }
            if let name = item.name { p.stageLocals.append(name) }
            return item
        }
        var keys: [(String, SourceSpan)] = []
        if p.acceptKeyword("by") { keys = try p.parseColumnNames("a column to group by") }
        return DeriveStage(items: items, keys: keys)
    }

    func neededInput(_ downstream: Set<String>?) -> Set<String>? {
        guard var needed = downstream else { return nil }
        for item in items.reversed() {
            if let n = item.name { needed.remove(n) }
            needed.formUnion(item.expr.referencedNames)
        }
        return needed.union(keys.map(\.0))
    }

    func bind(_ input: Schema, _ ctx: BindContext) throws(Diagnostic) -> BoundStage {
        let binder = ctx.binder(input)
        let keyIndices = try keys.map { (k: (String, SourceSpan)) throws(Diagnostic) -> Int in try binder.columnIndex(k.0, k.1) }
        var schema = input
        var steps: [(name: String, expr: BoundExpr, grouped: [GroupedCall])] = []
        var anyGrouped = false
        for item in items {
            let name = item.name ?? ""
            // Aggregates and row functions become hidden columns, computed per group first.
            let (expr, calls) = try GroupedCall.extract(from: item.expr, schema: schema, ctx)
            anyGrouped = anyGrouped || !calls.isEmpty
            let e = try ctx.binder(schema + calls.map(\.field)).bind(expr)
            steps.append((name, e, calls))
            if let i = schema.firstIndex(where: { $0.name == name }) { schema[i] = Field(name, e.type) } else { schema.append(Field(name, e.type)) }
        }
        if !keys.isEmpty, !anyGrouped {
            throw Diagnostic("derive … by needs an aggregate or a row function to group", at: keys[0].1,
                             hint: "e.g. derive share = x / sum(x) by \(keys[0].0), or leave out by")
        }
        return BoundStage(output: schema) { [steps] table, ctx throws(EngineError) in
            var t = table
            var groups: (ids: [Int32], count: Int)?
            for step in steps {
                if !step.grouped.isEmpty, groups == nil {
                    let g = try Grouping.group(keyIndices.map { table.columns[$0] }, rowCount: table.rowCount, cancel: ctx.cancel)
                    groups = keyIndices.isEmpty ? ([Int32](repeating: 0, count: table.rowCount), min(1, table.rowCount)) : (g.ids, g.count)
                }
                if let groups {
                    for call in step.grouped { t.setColumn(call.field.name, try call.compute(t, groups.ids, groups.count, ctx.cancel)) }
                }
                t.setColumn(step.name, try Evaluator.evaluate(step.expr, t))
                for call in step.grouped { t.removeColumn(call.field.name) }
            }
            return t
        }
    }
}

/// An aggregate or row function inside a `derive` expression, bound, with
/// the hidden column that stands for it while the expression is evaluated.
struct GroupedCall: Sendable {
    enum Kind: Sendable {
        case aggregate(BoundAggregate)
        case row(RowFunctionDefinition, [BoundExpr], constant: Int)
    }

    var field: Field
    var kind: Kind
    var label: String

    /// Per row: the group's aggregate, or the row function's value.
    func compute(_ table: Table, _ ids: [Int32], _ groupCount: Int, _ cancel: CancellationToken) throws(EngineError) -> Column {
        switch kind {
        case .aggregate(let a):
            let perGroup = try a.compute(table, GroupIDs(ids: ids, count: groupCount, firstRow: []), cancel)
            return try perGroup.gatherOrNull(ids, cancel: cancel)
        case .row(let def, let args, let constant):
            let columns = try args.map { (e: BoundExpr) throws(EngineError) -> Column in try Evaluator.evaluate(e, table) }
            return try def.compute(columns, constant, Windows.GroupedRows(ids, groupCount: groupCount), ids, label, cancel)
        }
    }

    /// `expr` with each aggregate or row function call replaced by a hidden
    /// column, and those calls bound against `schema`.
    static func extract(from expr: Expr, schema: Schema, _ ctx: BindContext) throws(Diagnostic) -> (Expr, [GroupedCall]) {
        // Most expressions have none: look before rebuilding (iteratively: a chain may be 2,000 deep).
        var stack = [expr], found = false
        while let e = stack.popLast(), !found {
            switch e {
            case .call(let name, _, let args, _):
                let key = name.lowercased()
                if AggregateCatalog.byName[key] != nil || RowFunctionCatalog.byName[key] != nil { found = true }
                stack.append(contentsOf: args)
            case .unary(_, let inner, _), .isNull(let inner, _, _): stack.append(inner)
            case .binary(_, let l, let r, _): stack.append(l); stack.append(r)
            case .inList(let e, let items, _, _): stack.append(e); stack.append(contentsOf: items)
            case .literal, .column: break
            }
        }
        guard found else { return (expr, []) }
        var calls: [GroupedCall] = []
        let rewritten = try rewrite(expr, schema, ctx, &calls)
        return (rewritten, calls)
    }

    private static func rewrite(_ e: Expr, _ schema: Schema, _ ctx: BindContext, _ calls: inout [GroupedCall]) throws(Diagnostic) -> Expr {
        switch e {
        case .literal, .column: return e
        case .unary(let op, let inner, let span): return .unary(op, try rewrite(inner, schema, ctx, &calls), span)
        case .isNull(let inner, let negated, let span): return .isNull(try rewrite(inner, schema, ctx, &calls), negated: negated, span)
        case .binary(let op, let l, let r, let span):
            return .binary(op, try rewrite(l, schema, ctx, &calls), try rewrite(r, schema, ctx, &calls), span)
        case .inList(let inner, let items, let negated, let span):
            return .inList(try rewrite(inner, schema, ctx, &calls), items, negated: negated, span)
        case .call(let name, let nameSpan, let args, let span):
            let key = name.lowercased()
            let hidden = "\u{1}derive \(calls.count)"
            let binder = ctx.binder(schema)
            if AggregateCatalog.byName[key] != nil {
                let node = AggregateNode(name: hidden, function: name, functionSpan: nameSpan, arguments: args, span: span)
                guard let bound = try AggregateBinder.bind([node], binder, ctx).first else { return e }
                calls.append(GroupedCall(field: Field(hidden, bound.type), kind: .aggregate(bound), label: binder.text(span)))
                return .column(hidden, span)
            }
            if let def = RowFunctionCatalog.byName[key] {
                guard def.arity.contains(args.count) else {
                    throw Diagnostic("\(def.name)() takes \(def.arity.lowerBound == def.arity.upperBound ? "\(def.arity.lowerBound)" : "\(def.arity.lowerBound) or \(def.arity.upperBound)") argument\(def.arity.upperBound == 1 ? "" : "s"), got \(args.count)",
                                     at: span, hint: "usage: \(def.syntax)")
                }
                var constant = def.constant?.default ?? 0
                var valueArgs = args
                if let c = def.constant, args.count > c.index {
                    let written = args[c.index]
                    guard case .literal(.int(let n), _) = written, n >= c.minimum, n <= 1_000_000 else {
                        throw Diagnostic("\(def.name)'s \(c.index + 1 == 2 ? "second" : "last") argument must be a whole number of rows, \(c.minimum) or more",
                                         at: written.span, hint: "usage: \(def.syntax)")
                    }
                    constant = Int(n)
                    valueArgs = Array(args.prefix(c.index))
                }
                let bound = try valueArgs.map { (a: Expr) throws(Diagnostic) -> BoundExpr in try binder.bind(a) }
                let type: DataType
                switch def.resultType(bound.map(\.type)) {
                case .success(let t): type = t
                case .failure(let problem):
                    throw Diagnostic("\(def.name)() argument \(problem.index + 1) \(problem.message)", at: args[problem.index].span,
                                     hint: "usage: \(def.syntax)")
                }
                calls.append(GroupedCall(field: Field(hidden, type), kind: .row(def, bound, constant: constant), label: binder.text(span)))
                return .column(hidden, span)
            }
            return .call(name: name, nameSpan: nameSpan, arguments: try args.map { (a: Expr) throws(Diagnostic) -> Expr in
                try rewrite(a, schema, ctx, &calls)
            }, span)
        }
    }
}
