import WerkbankEngine

/// `top N by KEY [asc|desc]`: `sort KEY desc | take N` through a bounded heap.
struct TopStage: Stage {
    let count: Int
    let keys: [SortKeyNode]

    static let help = StageHelp(
        name: "top", syntax: "top N by KEY [asc|desc], ...",
        summary: "the N rows with the largest KEY (descending by default), ties in input order",
        details: "Same result as sort KEY desc | take N, without sorting everything.",
        examples: [Example("cases | top 3 by entrepreneurs | select name, entrepreneurs", "name,entrepreneurs\nDe Kroon,120\nHof van Cartesius,110\nKeilewerf I-II,80\n")])

    static func parse(_ p: inout Parser, keyword: Token) throws(Diagnostic) -> TopStage {
        let (n, span) = try p.parseInteger("a number of rows")
        guard n >= 0 else { throw Diagnostic("top needs a number of rows ≥ 0, got \(n)", at: span) }
        try p.expectKeyword("by")
        let keys = try p.parseList { (p: inout Parser) throws(Diagnostic) in
            let minus = p.accept(.minus)
            let (name, span) = try p.parseName("a column")
            var descending = !minus
            if p.acceptKeyword("asc") { descending = false } else if p.acceptKeyword("desc") { descending = true }
            return SortKeyNode(column: name, span: span, descending: descending)
        }
        return TopStage(count: n, keys: keys)
    }

    func neededInput(_ downstream: Set<String>?) -> Set<String>? { downstream?.union(keys.map(\.column)) }

    func bind(_ input: Schema, _ ctx: BindContext) throws(Diagnostic) -> BoundStage {
        let keys = try SortKeyNode.bind(self.keys, input, ctx)
        let n = count
        return BoundStage(output: input) { table, ctx throws(EngineError) in
            try ctx.cancel.check()
            let rows = try Sorting.top(n, keys.map { SortKey(table.columns[$0.0], descending: $0.1) }, rowCount: table.rowCount, cancel: ctx.cancel)
            return table.gather(rows)
        }
    }
}
