import WerkbankEngine

/// `count` and `count by KEY, ...` (a frequency table).
struct CountStage: Stage {
    let keys: [(String, SourceSpan)]

    static let help = StageHelp(
        name: "count", syntax: "count [by KEY, ...]",
        summary: "the number of rows; with by, a frequency table: keys, count, percent",
        details: "percent is of all rows, with 1 decimal; rows ordered by count descending, then keys ascending.",
        examples: [
            Example("cases | count", "count\n7\n"),
            Example("cases | count by city", "city,count,percent\nRotterdam,4,57.1\nUtrecht,2,28.6\nGent,1,14.3\n"),
        ])

    static func parse(_ p: inout Parser, keyword: Token) throws(Diagnostic) -> CountStage {
        guard p.acceptKeyword("by") else { return CountStage(keys: []) }
        return CountStage(keys: try p.parseColumnNames("a column to count by"))
    }

    func neededInput(_ downstream: Set<String>?) -> Set<String>? { Set(keys.map(\.0)) }

    func bind(_ input: Schema, _ ctx: BindContext) throws(Diagnostic) -> BoundStage {
        let binder = ctx.binder(input)
        var keyIndices: [Int] = []
        for (name, span) in keys { keyIndices.append(try binder.columnIndex(name, span)) }
        if keyIndices.isEmpty {
            return BoundStage(output: [Field("count", .int)]) { table, _ in
                Table([("count", Column(.int([Int64(table.rowCount)])))])
            }
        }
        for (name, span) in keys where name == "count" || name == "percent" {
            throw Diagnostic("cannot count by a column named \"\(name)\"", at: span, hint: "rename it first")
        }
        let output = keyIndices.map { input[$0] } + [Field("count", .int), Field("percent", .float)]
        return BoundStage(output: output) { [keyIndices] table, ctx throws(EngineError) in
            let keyColumns = keyIndices.map { table.columns[$0] }
            let groups = try Grouping.group(keyColumns, rowCount: table.rowCount, cancel: ctx.cancel)
            var counts = [Int64](repeating: 0, count: groups.count)
            for id in groups.ids { counts[Int(id)] += 1 }
            let total = Double(max(table.rowCount, 1))
            let percent = counts.map { (Double($0) * 1000 / total).rounded(.toNearestOrAwayFromZero) / 10 }
            let countColumn = Column(.int(counts))
            var columns = keyColumns.map { $0.gather(groups.firstRow) }
            let order = try Sorting.permutation(
                [SortKey(countColumn, descending: true)] + columns.map { SortKey($0, descending: false) },
                rowCount: groups.count, cancel: ctx.cancel)
            columns += [countColumn, Column(.float(percent))]
            return Table(fields: output, columns: columns, rowCount: groups.count).gather(order)
        }
    }
}
