import WerkbankEngine

/// `derive name = EXPR, ...`: adds or replaces columns; each may use the ones before it.
struct DeriveStage: Stage {
    let items: [NamedExpr]

    static let help = StageHelp(
        name: "derive", syntax: "derive name = EXPR, ...",
        summary: "add or replace columns, keeping the others",
        details: "Each new column can use those derived before it in the same stage.",
        examples: [
            Example("cases | derive age = 2024 - founded | select name, founded, age | take 3", "name,founded,age\nKeilepand,2015,9\nKeilewerf I-II,2014,10\nDe Kroon,2017,7\n"),
        ])

    static func parse(_ p: inout Parser, keyword: Token) throws(Diagnostic) -> DeriveStage {
        // A new name, or a column to replace.
        p.expecting(.columns(p.columnScope))
        if p.atStageEnd { throw Diagnostic("derive needs name = EXPR", at: keyword.span, hint: "e.g. derive age = 2024 - founded") }
        let items = try p.parseList { (p: inout Parser) throws(Diagnostic) in
            p.expecting(.columns(p.columnScope))
            let item = try p.parseNamedExpr()
            guard item.name != nil else {
                throw Diagnostic("derive needs a name for each new column", at: item.expr.span, hint: "write name = EXPR")
            }
            if let name = item.name { p.stageLocals.append(name) }
            return item
        }
        return DeriveStage(items: items)
    }

    func neededInput(_ downstream: Set<String>?) -> Set<String>? {
        guard var needed = downstream else { return nil }
        for item in items.reversed() {
            if let n = item.name { needed.remove(n) }
            needed.formUnion(item.expr.referencedNames)
        }
        return needed
    }

    func bind(_ input: Schema, _ ctx: BindContext) throws(Diagnostic) -> BoundStage {
        var schema = input
        var steps: [(String, BoundExpr)] = []
        for item in items {
            let name = item.name ?? ""
            let e = try ctx.binder(schema).bind(item.expr)
            steps.append((name, e))
            if let i = schema.firstIndex(where: { $0.name == name }) { schema[i] = Field(name, e.type) } else { schema.append(Field(name, e.type)) }
        }
        return BoundStage(output: schema) { [steps] table, _ throws(EngineError) in
            var t = table
            for (name, e) in steps { t.setColumn(name, try Evaluator.evaluate(e, t)) }
            return t
        }
    }
}
