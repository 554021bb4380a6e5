import WerkbankEngine

/// One aggregate as written: `name = agg(x)` or `agg(x)`.
struct AggregateNode: Sendable {
    var name: String?
    var function: String
    var functionSpan: SourceSpan
    var arguments: [Expr]
    var span: SourceSpan
}

/// `summarize AGG, ... [by KEY, ...]`: a hash aggregate, one row per key combination.
struct SummarizeStage: Stage {
    let aggregates: [AggregateNode]
    let keys: [(String, SourceSpan)]

    static let help = StageHelp(
        name: "summarize", syntax: "summarize [name =] AGG(x), ... [by KEY, ...]",
        summary: "one row per distinct key combination: keys first, then aggregates, ordered by the keys ascending (nulls last); without by, one row",
        details: """
            Aggregates: count() count(x) count_distinct(x) sum avg (mean) min max median stddev percentile(x, p) first last.
            All skip nulls; sum/avg/min/max of no values is null, count of none is 0. An unnamed aggregate is named
            after it: count, sum_x, avg_x, …
            """,
        examples: [
            Example("cases | summarize n = count(), people = sum(entrepreneurs) by city", "city,n,people\nGent,1,\nRotterdam,4,249\nUtrecht,2,110\n"),
            Example("cases | summarize min(founded), max(founded), median(entrepreneurs)", "min_founded,max_founded,median_entrepreneurs\n2012,2022,80.0\n"),
        ])

    static func parse(_ p: inout Parser, keyword: Token) throws(Diagnostic) -> SummarizeStage {
        p.expecting(.aggregate(p.columnScope))
        if p.atStageEnd || p.current.isKeyword("by") {
            throw Diagnostic("summarize needs an aggregate", at: p.current.span, hint: "e.g. summarize n = count() by city")
        }
        let aggregates = try p.parseList { (p: inout Parser) throws(Diagnostic) in try parseAggregate(&p) }
        var keys: [(String, SourceSpan)] = []
        if p.acceptKeyword("by") {
            keys = try p.parseColumnNames("a column to group by")
        }
        return SummarizeStage(aggregates: aggregates, keys: keys)
    }

    static func parseAggregate(_ p: inout Parser) throws(Diagnostic) -> AggregateNode {
        // An aggregate call at the top level (completion offers aggregates there).
        p.aggregateCalls = true
        defer { p.aggregateCalls = false }
        let item = try p.parseNamedExpr()
        guard case .call(let fname, let fspan, let args, let span) = item.expr else {
            throw Diagnostic("expected an aggregate such as count() or sum(x)", at: item.expr.span,
                             hint: "to compute per row, use derive before summarize")
        }
        return AggregateNode(name: item.name, function: fname, functionSpan: fspan, arguments: args, span: span)
    }

    func neededInput(_ downstream: Set<String>?) -> Set<String>? {
        aggregates.reduce(into: Set(keys.map(\.0))) { set, a in
            for arg in a.arguments { set.formUnion(arg.referencedNames) }
        }
    }

    func bind(_ input: Schema, _ ctx: BindContext) throws(Diagnostic) -> BoundStage {
        let binder = ctx.binder(input)
        var keyIndices: [Int] = []
        for (name, span) in keys { keyIndices.append(try binder.columnIndex(name, span)) }
        let bound = try AggregateBinder.bind(aggregates, binder, ctx)
        var output = keyIndices.map { input[$0] }
        for a in bound {
            if output.contains(where: { $0.name == a.name }) {
                throw Diagnostic("column \"\(a.name)\" appears twice", at: a.span, hint: "name it: other = ...")
            }
            output.append(Field(a.name, a.type))
        }
        let hasKeys = !keyIndices.isEmpty
        return BoundStage(output: output) { [keyIndices, output] table, ctx throws(EngineError) in
            try ctx.cancel.check()
            var groups = try Grouping.group(keyIndices.map { table.columns[$0] }, rowCount: table.rowCount, cancel: ctx.cancel)
            if !hasKeys, groups.count == 0 {
                // Without `by` there is always one row, even for no input rows.
                groups = GroupIDs(ids: [], count: 1, firstRow: [-1])
            }
            try MemoryBudget.checkResult(rows: groups.count, bytesPerRow: MemoryBudget.bytesPerRow(output.map(\.type)) + 16 * bound.count,
                                         what: "the summary", hint: "group by fewer or coarser keys")
            var columns = keyIndices.map { table.columns[$0].gatherOrNull(groups.firstRow) }
            for a in bound { columns.append(try a.compute(table, groups, ctx.cancel)) }
            let result = Table(fields: output, columns: columns, rowCount: groups.count)
            guard hasKeys else { return result }
            // Rows ordered by the keys ascending, nulls last.
            let order = try Sorting.permutation(columns.prefix(keyIndices.count).map { SortKey($0, descending: false) },
                                                rowCount: groups.count, cancel: ctx.cancel)
            return result.gather(order)
        }
    }
}

/// A bound aggregate: output name, type and how to compute it per group.
struct BoundAggregate: Sendable {
    var name: String
    var type: DataType
    var span: SourceSpan
    var kernel: AggregateKernel
    var argument: BoundExpr?
    var fraction: Double

    func compute(_ table: Table, _ groups: GroupIDs, _ cancel: CancellationToken) throws(EngineError) -> Column {
        // Checked per aggregate, here rather than in the kernel: a throw at
        // the kernel's top costs its count loop a uniqueness check per row.
        try cancel.check()
        let column = try argument.map { arg throws(EngineError) in try Evaluator.evaluate(arg, table) }
        do {
            return try Aggregation.compute(kernel, column, groups: groups, fraction: fraction, label: name, cancel: cancel)
        } catch {
            throw error.located(start: span.start, end: span.end)  // the caret under this aggregate
        }
    }
}

enum AggregateBinder {
    static func bind(_ nodes: [AggregateNode], _ binder: ExpressionBinder, _ ctx: BindContext) throws(Diagnostic) -> [BoundAggregate] {
        var out: [BoundAggregate] = []
        for node in nodes {
            let key = node.function.lowercased()
            guard let def = AggregateCatalog.byName[key] else {
                if FunctionCatalog.byName[key] != nil {
                    throw Diagnostic("\(key)() is not an aggregate", at: node.functionSpan,
                                     hint: "compute it per row with derive, then aggregate: sum, avg, min, max, …")
                }
                throw Diagnostic("unknown aggregate \"\(node.function)\"", at: node.functionSpan,
                                 hint: DidYouMean.hint(key, among: AggregateCatalog.all.map(\.name))
                                    ?? "aggregates: " + AggregateCatalog.all.map(\.name).joined(separator: ", "))
            }
            let expectedArgs = def.constant == nil ? 1 : 2
            switch def.argument {
            case .none where !node.arguments.isEmpty,
                 .required where node.arguments.count != expectedArgs,
                 .optional where node.arguments.count > 1:
                throw Diagnostic("\(def.name)() takes \(def.argument == .optional ? "0 or 1" : "\(expectedArgs)") argument\(expectedArgs == 1 ? "" : "s"), got \(node.arguments.count)",
                                 at: node.span, hint: "usage: \(def.syntax)")
            default: break
            }
            let argument = try node.arguments.first.map { e throws(Diagnostic) in try binder.bind(e) }
            var fraction = 0.5
            if let constant = def.constant {
                let pExpr = node.arguments[1]
                let p: Double?
                switch pExpr {
                case .literal(.float(let d), _): p = d
                case .literal(.int(let i), _): p = Double(i)
                default: p = nil
                }
                guard let p, constant.range.contains(p) else {
                    throw Diagnostic("\(def.name)'s \(constant.name) must be a number from \(constant.rangeText)",
                                     at: pExpr.span, hint: "e.g. \(constant.example)")
                }
                fraction = p
            }
            let type: DataType
            switch def.resultType(argument?.type) {
            case .success(let t): type = t
            case .failure(let problem):
                throw Diagnostic("\(def.name)() \(problem.message)", at: node.arguments.first?.span ?? node.span, hint: "usage: \(def.syntax)")
            }
            var name = node.name ?? key
            if node.name == nil, let arg = node.arguments.first {
                if case .column(let c, _) = arg { name = "\(key)_\(c)" } else { name = binder.text(node.span) }
            }
            out.append(BoundAggregate(name: name, type: type, span: node.span, kernel: def.kernel,
                                      argument: argument, fraction: fraction))
        }
        return out
    }
}
