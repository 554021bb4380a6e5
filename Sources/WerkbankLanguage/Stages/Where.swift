import WerkbankEngine

/// `where EXPR`: keeps the rows where EXPR is true: a selection vector of
/// those rows, gathered from only the columns later stages read (the plan's
/// `neededOutput`); when no later stage reads a column (`… | count`) the
/// rows are counted and nothing is gathered.
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

    var filtersRows: Bool { true }

    func bind(_ input: Schema, _ ctx: BindContext) throws(Diagnostic) -> BoundStage {
        var bound = try ctx.binder(input).bind(predicate)
        // A bare `null` is a condition that is never true (as in SQL): no rows.
        if case .literal(.null, _) = bound { bound = .literal(.null, .bool) }
        guard bound.type == .bool else {
            throw Diagnostic(
                "where needs a true/false condition, got \(bound.type.rawValue)", at: predicate.span,
                hint: "compare it, e.g. \(ctx.binder(input).text(predicate.span)) > 0")
        }
        let kept = input.indices.filter { ctx.neededOutput?.contains(input[$0].name) ?? true }
        let output = kept.map { input[$0] }
        let all = kept.count == input.count
        return BoundStage(output: output) { [bound] table, _ throws(EngineError) in
            let flags = try Evaluator.holds(bound, table)
            if kept.isEmpty { return Table(fields: [], columns: [], rowCount: Selection.countTrue(flags)) }
            return (all ? table : table.project(kept)).gather(Selection.whereTrue(flags))
        }
    }
}
