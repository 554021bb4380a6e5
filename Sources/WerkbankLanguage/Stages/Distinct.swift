import WerkbankEngine

/// `distinct [col, ...]`: unique rows in order of first appearance.
struct DistinctStage: Stage {
    let columns: [(String, SourceSpan)]

    static let help = StageHelp(
        name: "distinct", syntax: "distinct [col, ...]",
        summary: "unique rows (on the given columns only, keeping those), in order of first appearance",
        details: "",
        examples: [Example("cases | distinct city", "city\nRotterdam\nUtrecht\nGent\n")])

    static func parse(_ p: inout Parser, keyword: Token) throws(Diagnostic) -> DistinctStage {
        p.expecting(.columns(p.columnScope))
        if p.atStageEnd { return DistinctStage(columns: []) }
        return DistinctStage(columns: try p.parseColumnNames("a column name"))
    }

    func neededInput(_ downstream: Set<String>?) -> Set<String>? { columns.isEmpty ? nil : Set(columns.map(\.0)) }

    func bind(_ input: Schema, _ ctx: BindContext) throws(Diagnostic) -> BoundStage {
        let binder = ctx.binder(input)
        var indices: [Int] = []
        for (name, span) in columns { indices.append(try binder.columnIndex(name, span)) }
        if indices.isEmpty { indices = Array(input.indices) }
        let keep = indices
        return BoundStage(output: keep.map { input[$0] }) { table, ctx throws(EngineError) in
            let projected = table.project(keep)
            let groups = try Grouping.group(projected.columns, rowCount: table.rowCount, cancel: ctx.cancel)
            try MemoryBudget.checkResult(rows: groups.count, bytesPerRow: MemoryBudget.bytesPerRow(projected.fields.map(\.type)),
                                         what: "the distinct rows", hint: "distinct on fewer columns")
            return try projected.gather(groups.firstRow, cancel: ctx.cancel)
        }
    }
}
