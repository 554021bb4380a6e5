import WerkbankEngine

/// A sort key as written: a column name, `-col` or `col desc`.
struct SortKeyNode: Sendable {
    var column: String
    var span: SourceSpan
    var descending: Bool

    static func parse(_ p: inout Parser) throws(Diagnostic) -> SortKeyNode {
        let minus = p.accept(.minus)
        let (name, span) = try p.parseName("a column to sort by")
        var descending = minus
        if p.acceptKeyword("asc") { descending = minus } else if p.acceptKeyword("desc") { descending = true }
        return SortKeyNode(column: name, span: span, descending: descending)
    }

    static func bind(_ keys: [SortKeyNode], _ input: Schema, _ ctx: BindContext) throws(Diagnostic) -> [(Int, Bool)] {
        let binder = ctx.binder(input)
        var out: [(Int, Bool)] = []
        for k in keys {
            let i = try binder.columnIndex(k.column, k.span)
            if input[i].type == .geometry {
                throw Diagnostic("shapes have no order: cannot sort by \(k.column)", at: k.span, hint: "sort by another column")
            }
            out.append((i, k.descending))
        }
        return out
    }
}

/// `sort KEY [asc|desc], ...`: a stable sort; nulls last in both directions.
struct SortStage: Stage {
    let keys: [SortKeyNode]

    static let help = StageHelp(
        name: "sort", syntax: "sort KEY [asc|desc], ...",
        summary: "stable sort on columns; -col is short for col desc; nulls sort last",
        details: "A sort key is a column name, so '-n' is never a subtraction.",
        examples: [
            Example("cases | sort -entrepreneurs, name | select name, entrepreneurs", "name,entrepreneurs\nDe Kroon,120\nHof van Cartesius,110\nKeilewerf I-II,80\nHillevliet,30\nKeilepand,19\nDuCoop,\nWerkspoorkwartier,\n"),
        ])

    static func parse(_ p: inout Parser, keyword: Token) throws(Diagnostic) -> SortStage {
        p.expecting(.columns(p.columnScope))
        if p.atStageEnd { throw Diagnostic("sort needs a column", at: keyword.span, hint: "e.g. sort founded desc") }
        return SortStage(keys: try p.parseList { (p: inout Parser) throws(Diagnostic) in try SortKeyNode.parse(&p) })
    }

    func neededInput(_ downstream: Set<String>?) -> Set<String>? { downstream?.union(keys.map(\.column)) }

    func bind(_ input: Schema, _ ctx: BindContext) throws(Diagnostic) -> BoundStage {
        let keys = try SortKeyNode.bind(self.keys, input, ctx)
        return BoundStage(output: input) { table, ctx throws(EngineError) in
            try ctx.cancel.check()
            // The order (row positions, a key per sort column, a buffer) and then a sorted copy of the table.
            try MemoryBudget.checkResult(rows: table.rowCount, bytesPerRow: MemoryBudget.bytesPerRow(table.fields.map(\.type)) + 8 * keys.count + 4,
                                         what: "the sorted table", hint: "select the columns you need, or use top N by … for the first rows")
            let perm = try Sorting.permutation(keys.map { SortKey(table.columns[$0.0], descending: $0.1) }, rowCount: table.rowCount, cancel: ctx.cancel)
            return try table.gather(perm, cancel: ctx.cancel)
        }
    }
}
