import WerkbankEngine

/// `where EXPR`: keeps the rows where EXPR is true, through a selection vector.
struct WhereStage: Stage {
    let predicate: Expr

    static let help = StageHelp(
        name: "where", syntax: "where EXPR",
        summary: "keep rows where EXPR is true (null counts as false)",
        details: "Compare with ==, !=, <, <=, >, >=; combine with and, or, not. '=' is not a comparison.",
        examples: [
            Example("cases | where founded >= 2017 | select name, founded", "name,founded\nDe Kroon,2017\nHillevliet,2022\nHof van Cartesius,2017\n"),
            Example("cases | where city == \"Utrecht\" and floor_area_m2 is not null | select name", "name\nHof van Cartesius\n"),
        ])

    static func parse(_ p: inout Parser, keyword: Token) throws(Diagnostic) -> WhereStage {
        p.expecting(.expression(p.columnScope, keywords: Parser.operandKeywords))
        if p.atStageEnd { throw Diagnostic("where needs a condition", at: keyword.span, hint: "e.g. where founded > 2015") }
        return WhereStage(predicate: try p.parseExpr())
    }

    func neededInput(_ downstream: Set<String>?) -> Set<String>? { downstream?.union(predicate.referencedNames) }

    func bind(_ input: Schema, _ ctx: BindContext) throws(Diagnostic) -> BoundStage {
        var bound = try ctx.binder(input).bind(predicate)
        // A bare `null` is a condition that is never true (as in SQL): no rows.
        if case .literal(.null, _) = bound { bound = .literal(.null, .bool) }
        guard bound.type == .bool else {
            throw Diagnostic("where needs a true/false condition, got \(bound.type.rawValue)", at: predicate.span,
                             hint: "compare it, e.g. \(ctx.binder(input).text(predicate.span)) > 0")
        }
        return BoundStage(output: input) { [bound] table, _ throws(EngineError) in
            table.gather(Selection.whereTrue(try Evaluator.evaluate(bound, table)))
        }
    }
}
