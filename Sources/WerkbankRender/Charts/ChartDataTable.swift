import WerkbankEngine

/// A chart's data as a table, for `--format csv|json|jsonl|markdown` and
/// tests: the rows the chart draws, in drawing order, with the columns it
/// uses (x, y, group) as they are in the input — values, not pixels. A
/// histogram gives its bins (`low`, `high`, `count`).
public enum ChartDataTable {
    public static func make(_ spec: ChartSpec, _ table: Table, decimals: Int = 4) -> Table {
        let data = ChartData.make(spec, table, decimals: decimals)
        if spec.kind == .hist {
            return Table([("low", Column(.float(data.bins.map(\.low)))), ("high", Column(.float(data.bins.map(\.high)))),
                          ("count", Column(.int(data.bins.map { Int64($0.count) })))], rowCount: data.bins.count)
        }
        let rows: [Int]
        switch spec.kind {
        case .bar: rows = data.bars.flatMap { $0.rows.compactMap { $0 } }
        case .map: rows = MapChart.layout(spec, table)?.areas.map(\.row) ?? []
        default: rows = data.points.map(\.row)
        }
        let names = [spec.x] + [spec.y, spec.group].compactMap { $0 }
        let indices = names.compactMap { table.index(of: $0) }
        return table.project(indices).gather(rows.map { Int32($0) })
    }
}
