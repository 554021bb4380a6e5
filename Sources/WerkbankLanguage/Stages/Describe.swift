import WerkbankEngine
import WerkbankRender

/// `describe`: one row per column with its statistics.
struct DescribeStage: Stage {
    static let help = StageHelp(
        name: "describe", syntax: "describe",
        summary: "one row per column: column, type, count, nulls, distinct, min, max, mean",
        details: "count is the number of non-null values; min and max are shown as text; mean only for numbers.",
        examples: [
            Example(
                "cases | select founded, entrepreneurs, city | describe",
                "column,type,count,nulls,distinct,min,max,mean\nfounded,int,6,1,5,2012,2022,2016.1666666666667\nentrepreneurs,int,5,2,5,19,120,71.8\ncity,string,7,0,3,Gent,Utrecht,\n"
            )
        ])

    static func parse(_ p: inout Parser, keyword: Token) throws(Diagnostic) -> DescribeStage { DescribeStage() }

    func neededInput(_ downstream: Set<String>?) -> Set<String>? { nil }

    static let output: Schema = [
        Field("column", .string), Field("type", .string), Field("count", .int), Field("nulls", .int),
        Field("distinct", .int), Field("min", .string), Field("max", .string), Field("mean", .float),
    ]

    func bind(_ input: Schema, _ ctx: BindContext) throws(Diagnostic) -> BoundStage {
        BoundStage(output: Self.output) { table, ctx throws(EngineError) in try Self.describe(table, ctx.cancel) }
    }

    static func describe(_ table: Table, _ cancel: CancellationToken) throws(EngineError) -> Table {
        var names = StringDictionaryBuilder(), types = StringDictionaryBuilder()
        var nameCodes: [Int32] = [], typeCodes: [Int32] = []
        var counts: [Int64] = [], nulls: [Int64] = [], distinct: [Int64] = []
        var mins: [String?] = [], maxs: [String?] = [], means: [Double?] = []
        // Per column: the group ids, the hash table for count distinct and the values as floats.
        try MemoryBudget.checkWork(
            bytes: table.rowCount.multipliedReportingOverflow(by: 48).partialValue,
            what: "describing \(NumberText.thousands(table.rowCount)) rows", hint: "describe a sample: … | sample 100000 | describe")
        let one = GroupIDs(ids: [Int32](repeating: 0, count: table.rowCount), count: 1, firstRow: [0])
        for (field, column) in zip(table.fields, table.columns) {
            try cancel.check()
            nameCodes.append(names.code(for: field.name))
            typeCodes.append(types.code(for: field.type.rawValue))
            let n = Int64(column.count - column.nullCount)
            counts.append(n)
            nulls.append(Int64(column.nullCount))
            distinct.append(
                try Aggregation.compute(.countDistinct, column, groups: one, label: field.name, cancel: cancel)
                    .value(at: 0).intValue ?? 0)
            func text(_ k: AggregateKernel) throws(EngineError) -> String? {
                guard n > 0, field.type != .geometry else { return nil }  // shapes have no order
                let c = try Aggregation.compute(k, column, groups: one, label: field.name, cancel: cancel)
                // Text data, not a number shown: no grouping, so it reads back as a number.
                return c.isNull(0) ? nil : ValueFormatter.display(c, 0, decimals: 4, grouping: false)
            }
            mins.append(try text(.min))
            maxs.append(try text(.max))
            if field.type.isNumeric, n > 0 {
                let c = try Aggregation.compute(.avg, column, groups: one, label: field.name, cancel: cancel)
                means.append(c.isNull(0) ? nil : c.doubles()[0])
            } else {
                means.append(nil)
            }
        }
        return Table(
            fields: output,
            columns: [
                Column(.string(codes: nameCodes, dictionary: names.build())),
                Column(.string(codes: typeCodes, dictionary: types.build())),
                Column(.int(counts)), Column(.int(nulls)), Column(.int(distinct)),
                Column.strings(mins), Column.strings(maxs),
                Column(.float(means.map { $0 ?? 0 }), validity: Validity(means.map { $0 != nil })),
            ], rowCount: table.columnCount)
    }
}

extension Value {
    var intValue: Int64? { if case .int(let v) = self { v } else { nil } }
}
