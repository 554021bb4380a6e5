import WerkbankEngine

/// `pivot COLUMN using AGG(x) [by KEY, ...]`: long → wide. One row per key
/// combination (ordered by the keys, as summarize), then one column per
/// distinct value of COLUMN, sorted, holding AGG(x) over that value's rows.
struct PivotStage: Stage {
    let column: (String, SourceSpan)
    let aggregate: AggregateNode
    let keys: [(String, SourceSpan)]
    let span: SourceSpan

    /// More columns than this is refused: a pivot that wide is a mistake
    /// (pivoting on an id), not a table anyone reads.
    static let maxColumns = 1000

    static let help = StageHelp(
        name: "pivot", syntax: "pivot COLUMN using AGG(x) [by KEY, ...]",
        summary: "long to wide: a column per distinct value of COLUMN (sorted) holding AGG(x), a row per key combination",
        details: """
            The new columns are named after the values (2019, Delft, …) and sorted as the values sort. A combination with
            no rows gets the aggregate of nothing (count 0, sum null). Rows whose COLUMN is null are left out and
            counted. At most 1000 columns. unpivot goes back: unpivot "20*" into jaar, x | pivot jaar using first(x) by …
            """,
        examples: [
            Example(
                "cases | where founded is not null | pivot city using count() by level",
                "level,Rotterdam,Utrecht\narea,0,1\nbuilding,4,1\n")
        ])

    var bindsOnRows: Bool { true }

    static func parse(_ p: inout Parser, keyword: Token) throws(Diagnostic) -> PivotStage {
        let column = try p.parseName("the column whose values become columns")
        guard p.acceptKeyword("using") else {
            throw p.unexpected(expected: "'using AGG(x)' after the column, e.g. pivot jaar using sum(banen) by gemeente")
        }
        let aggregate = try SummarizeStage.parseAggregate(&p)
        var keys: [(String, SourceSpan)] = []
        if p.acceptKeyword("by") { keys = try p.parseColumnNames("a column to keep as a row key") }
        return PivotStage(column: column, aggregate: aggregate, keys: keys, span: keyword.span.union(aggregate.span))
    }

    func neededInput(_ downstream: Set<String>?) -> Set<String>? {
        var needed = Set(keys.map(\.0) + [column.0])
        for arg in aggregate.arguments { needed.formUnion(arg.referencedNames) }
        return needed
    }

    func bind(_ input: Schema, _ ctx: BindContext) throws(Diagnostic) -> BoundStage {
        let binder = ctx.binder(input)
        let keyIndices = try keys.map { (k: (String, SourceSpan)) throws(Diagnostic) -> Int in try binder.columnIndex(k.0, k.1) }
        let valueIndex = try binder.columnIndex(column.0, column.1)
        if keyIndices.contains(valueIndex) {
            throw Diagnostic("\(column.0) is both the column to pivot and a key", at: column.1, hint: "pivot on one column, keep others as keys")
        }
        guard let bound = try AggregateBinder.bind([aggregate], binder, ctx).first else {
            throw Diagnostic("pivot needs an aggregate", at: aggregate.span)
        }
        // The new columns: the distinct values of the column in the input rows.
        guard let rows = ctx.inputRows else {
            throw Diagnostic("internal error: pivot was bound without its input rows", at: span, hint: "please report it, with the statement")
        }
        let values = rows.columns[valueIndex]
        let (distinct, order) = Self.distinctSorted(values)
        if distinct.count > Self.maxColumns {
            throw Diagnostic(
                "pivot would make \(NumberText.thousands(distinct.count)) columns from \(column.0); at most \(NumberText.thousands(Self.maxColumns))",
                at: column.1, hint: "pivot a column with fewer values, or filter first")
        }
        var output = keyIndices.map { input[$0] }
        for name in distinct.map(\.name) {
            if output.contains(where: { $0.name == name }) {
                throw Diagnostic(
                    "pivot would make a second column named \"\(name)\" (a key is named so)", at: column.1,
                    hint: "rename the key first: rename other = \(name)")
            }
            output.append(Field(name, bound.type))
        }
        let columnName = column.0
        let k = distinct.count
        return BoundStage(output: output) { [keyIndices, output] table, ctx throws(EngineError) in
            try ctx.cancel.check()
            let slots = Self.slots(table.columns[valueIndex], order)
            // Rows with a null value belong to no column.
            let kept = slots.indices.filter { slots[$0] >= 0 }
            let input = kept.count == table.rowCount ? table : try table.gather(kept.map { Int32($0) }, cancel: ctx.cancel)
            let slot = kept.count == table.rowCount ? slots : kept.map { slots[$0] }
            var groups = try Grouping.group(keyIndices.map { input.columns[$0] }, rowCount: input.rowCount, cancel: ctx.cancel)
            if keyIndices.isEmpty {
                groups = GroupIDs(ids: [Int32](repeating: 0, count: input.rowCount), count: 1, firstRow: [input.rowCount > 0 ? 0 : -1])
            }
            let (cells, overflow) = groups.count.multipliedReportingOverflow(by: max(k, 1))
            guard !overflow else { throw .tooLarge("the pivoted table would be too large", hint: "filter first") }
            try MemoryBudget.checkResult(rows: cells, bytesPerRow: 24, what: "the pivoted table", hint: "filter first, or pivot fewer values")
            // One group per (key combination, value): id = group × k + slot.
            let combined = (0..<input.rowCount).map { Int32(Int(groups.ids[$0]) * k + Int(slot[$0])) }
            let perCell = try bound.compute(input, GroupIDs(ids: combined, count: cells, firstRow: []), ctx.cancel)
            var columns = keyIndices.map { input.columns[$0].gatherOrNull(groups.firstRow) }
            for c in 0..<k {
                columns.append(try perCell.gather((0..<groups.count).map { Int32($0 * k + c) }, cancel: ctx.cancel))
            }
            var result = Table(fields: output, columns: columns, rowCount: groups.count)
            if !keyIndices.isEmpty {
                let order = try Sorting.permutation(
                    columns.prefix(keyIndices.count).map { SortKey($0, descending: false) },
                    rowCount: groups.count, cancel: ctx.cancel)
                result = result.gather(order)
            }
            ctx.report(.pivoted(column: columnName, columns: k, rowsWithoutValue: table.rowCount - kept.count))
            return result
        }
    }

    /// The distinct non-null values, sorted as sort orders them, each with
    /// its column name; and for each value's text its position.
    static func distinctSorted(_ c: Column) -> ([(name: String, text: String)], [String: Int]) {
        var firstRow: [String: Int] = [:]
        var rows: [Int32] = []
        for i in 0..<c.count where !c.isNull(i) {
            let text = ConversionFunctions.text(c.value(at: i))
            if firstRow[text] == nil {
                firstRow[text] = i
                rows.append(Int32(i))
            }
        }
        let sample = c.gather(rows)
        let order = Sorting.permutation([SortKey(sample, descending: false)], rowCount: sample.count)
        let sorted = order.map { ConversionFunctions.text(sample.value(at: Int($0))) }
        return (sorted.map { ($0, $0) }, Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, $0) }))
    }

    /// Each row's column position (-1 for null).
    static func slots(_ c: Column, _ order: [String: Int]) -> [Int32] {
        (0..<c.count).map { i in c.isNull(i) ? -1 : Int32(order[ConversionFunctions.text(c.value(at: i))] ?? -1) }
    }
}
