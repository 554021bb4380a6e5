import WerkbankEngine

/// `select ITEM, ...`: exactly these columns, in this order.
struct SelectStage: Stage {
    let items: [NamedExpr]

    static let help = StageHelp(
        name: "select", syntax: "select col | name = EXPR, ...",
        summary: "keep exactly these columns, in this order; compute new ones with name = EXPR",
        details: "",
        examples: [
            Example("cases | select name, city | take 2", "name,city\nKeilepand,Rotterdam\nKeilewerf I-II,Rotterdam\n"),
            Example("cases | select name, per_1000_m2 = entrepreneurs / floor_area_m2 * 1000 | where per_1000_m2 is not null", "name,per_1000_m2\nKeilepand,1.2666666666666666\nHof van Cartesius,31.42857142857143\n"),
        ])

    static func parse(_ p: inout Parser, keyword: Token) throws(Diagnostic) -> SelectStage {
        p.expecting(.expression(p.columnScope, keywords: Parser.operandKeywords))
        if p.atStageEnd { throw Diagnostic("select needs at least one column", at: keyword.span, hint: "e.g. select name, city") }
        if p.current.kind == .star {
            throw Diagnostic("select * is not needed: without select every column is kept", at: p.current.span,
                             hint: "select names the columns to keep; drop removes some")
        }
        return SelectStage(items: try p.parseList { (p: inout Parser) throws(Diagnostic) in
            let item = try p.parseNamedExpr()
            if let name = item.name { p.stageLocals.append(name) }
            return item
        })
    }

    func neededInput(_ downstream: Set<String>?) -> Set<String>? {
        items.reduce(into: Set<String>()) { $0.formUnion($1.expr.referencedNames) }
    }

    func bind(_ input: Schema, _ ctx: BindContext) throws(Diagnostic) -> BoundStage {
        let binder = ctx.binder(input)
        var names: [String] = []
        var exprs: [BoundExpr] = []
        for item in items {
            let name = outputName(item, ctx)
            if names.contains(name) {
                throw Diagnostic("column \"\(name)\" appears twice", at: item.nameSpan ?? item.expr.span,
                                 hint: "name it differently: other = \(name)")
            }
            names.append(name)
            exprs.append(try binder.bind(item.expr))
        }
        let output = zip(names, exprs).map { Field($0, $1.type) }
        return BoundStage(output: output) { [exprs] table, _ throws(EngineError) in
            var columns: [Column] = []
            for e in exprs { columns.append(try Evaluator.evaluate(e, table)) }
            return Table(fields: output, columns: columns, rowCount: table.rowCount)
        }
    }
}
