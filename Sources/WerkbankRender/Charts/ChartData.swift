import WerkbankEngine

/// The numbers a chart draws, taken from a table once for every output: the
/// terminal, SVG, and the chart's data as a table (`--format csv`).
struct ChartData {
    /// One bar label (a category) with a value per series.
    /// `rows`: the input row of each value (nil: none), for the chart's data table.
    struct Bar { var label: String; var values: [Double?]; var rows: [Int?] }
    struct Bin { var low: Double; var high: Double; var count: Int }
    struct Point { var x: Double; var y: Double; var series: Int; var row: Int }

    /// The series' names, in order of first appearance (empty: one unnamed series).
    var series: [String] = []
    var bars: [Bar] = []
    /// Bar labels left out when there are too many (the largest are kept).
    var omitted = 0
    /// Groups left out beyond `maxSeries`.
    var omittedSeries = 0
    /// Rows whose label and group were already drawn (the first is drawn).
    var repeated = 0
    var bins: [Bin] = []
    var points: [Point] = []
    var nulls = 0
    var xIsDate = false

    static let maxBars = 40
    /// As many series as the palette has colours, markers and patterns.
    static let maxSeries = ChartPalette.count

    var seriesCount: Int { max(1, series.count) }

    static func make(_ spec: ChartSpec, _ table: Table, decimals: Int) -> ChartData {
        var data = ChartData()
        guard let xc = table.column(spec.x) else { return data }
        let yc = spec.y.flatMap { table.column($0) }
        // The series of each row (0 without `by`); nil: a group beyond maxSeries.
        var seriesOf: [Int?] = Array(repeating: 0, count: table.rowCount)
        if let g = spec.group, let gc = table.column(g) {
            var index: [String: Int] = [:]
            for i in 0..<table.rowCount {
                let name = gc.isNull(i) ? "null" : ValueFormatter.display(gc, i, decimals: decimals)
                if let k = index[name] {
                    seriesOf[i] = k >= 0 ? k : nil
                } else if data.series.count < maxSeries {
                    index[name] = data.series.count
                    seriesOf[i] = data.series.count
                    data.series.append(name)
                } else {
                    index[name] = -1  // a group beyond maxSeries: counted once, not drawn
                    data.omittedSeries += 1
                    seriesOf[i] = nil
                }
            }
        }
        switch spec.kind {
        case .map:
            break  // MapChart takes its own data (MapChart.layout)
        case .bar:
            guard let yc else { return data }
            var bars: [Bar] = []
            var position: [String: Int] = [:]
            for i in 0..<table.rowCount {
                guard let s = seriesOf[i] else { continue }
                let label = xc.isNull(i) ? "null" : ValueFormatter.display(xc, i, decimals: decimals)
                if spec.group == nil {
                    // Without groups every row is a bar, repeated labels included.
                    bars.append(Bar(label: label, values: [number(yc, i)], rows: [i]))
                    continue
                }
                if let k = position[label] {
                    if bars[k].rows[s] != nil {
                        data.repeated += 1
                        continue
                    }
                    bars[k].values[s] = number(yc, i)
                    bars[k].rows[s] = i
                } else {
                    position[label] = bars.count
                    var bar = Bar(label: label, values: Array(repeating: nil, count: maxSeries), rows: Array(repeating: nil, count: maxSeries))
                    bar.values[s] = number(yc, i)
                    bar.rows[s] = i
                    bars.append(bar)
                }
            }
            let n = data.seriesCount
            bars = bars.map { Bar(label: $0.label, values: Array($0.values.prefix(n)), rows: Array($0.rows.prefix(n))) }
            if bars.count > maxBars {
                // Keep the largest bars, in their input order.
                func size(_ b: Bar) -> Double {
                    spec.stacked ? b.values.reduce(0) { $0 + abs($1 ?? 0) } : b.values.map { abs($0 ?? 0) }.max() ?? 0
                }
                let keep = Set(bars.indices.sorted { size(bars[$0]) > size(bars[$1]) || (size(bars[$0]) == size(bars[$1]) && $0 < $1) }
                    .prefix(maxBars))
                data.omitted = bars.count - maxBars
                bars = bars.indices.filter { keep.contains($0) }.map { bars[$0] }
            }
            data.bars = bars
        case .hist:
            let values = (0..<table.rowCount).compactMap { number(xc, $0) }.filter(\.isFinite)
            data.nulls = table.rowCount - values.count
            guard let lo = values.min(), let hi = values.max() else { return data }
            let n = max(1, spec.bins)
            let width = hi > lo ? (hi - lo) / Double(n) : 1
            var counts = [Int](repeating: 0, count: n)
            for v in values {
                let k = hi > lo ? min(n - 1, Int((v - lo) / width)) : 0
                counts[k] += 1
            }
            data.bins = (0..<n).map { Bin(low: lo + Double($0) * width, high: lo + Double($0 + 1) * width, count: counts[$0]) }
        case .line, .scatter:
            guard let yc else { return data }
            data.xIsDate = xc.type == .date
            for i in 0..<table.rowCount {
                guard let s = seriesOf[i] else { continue }
                if let x = number(xc, i), let y = number(yc, i), x.isFinite, y.isFinite {
                    data.points.append(Point(x: x, y: y, series: s, row: i))
                } else {
                    data.nulls += 1
                }
            }
            if spec.kind == .line {
                // Each line in x order; a stable sort keeps ties in input order.
                data.points = data.points.enumerated().sorted {
                    ($0.element.series, $0.element.x, $0.offset) < ($1.element.series, $1.element.x, $1.offset)
                }.map(\.element)
            }
        }
        return data
    }

    static func number(_ c: Column, _ i: Int) -> Double? {
        if c.isNull(i) { return nil }
        switch c.storage {
        case .int(let v): return Double(v[i])
        case .float(let v): return v[i]
        case .date(let v): return Double(v[i])
        case .bool(let v): return v[i] ? 1 : 0
        case .string, .geometry: return nil
        }
    }

    /// The value axis of bars and bins: from zero, stacked bars by their totals.
    func valueScale(stacked: Bool) -> AxisScale {
        var values: [Double] = bins.map { Double($0.count) }
        for bar in bars {
            if stacked {
                values.append(bar.values.reduce(0) { $0 + max(0, $1 ?? 0) })
                values.append(bar.values.reduce(0) { $0 + min(0, $1 ?? 0) })
            } else {
                values += bar.values.compactMap { $0 }.filter(\.isFinite)
            }
        }
        return AxisScale.numeric(values, includeZero: true)
    }

    /// The notes under a chart: what was not drawn, and why.
    func notes() -> [String] {
        var out: [String] = []
        if omitted > 0 {
            out.append("\(NumberText.thousands(omitted)) more bars not shown: the \(ChartData.maxBars) largest are drawn; use sort and take to choose")
        }
        if omittedSeries > 0 {
            out.append("\(NumberText.thousands(omittedSeries)) more groups not drawn: at most \(ChartData.maxSeries) are; filter with where first")
        }
        if repeated > 0 {
            out.append("\(NumberText.thousands(repeated)) row\(repeated == 1 ? "" : "s") repeat a label and group already drawn (the first is drawn); summarize first")
        }
        if nulls > 0 { out.append("\(NumberText.thousands(nulls)) row\(nulls == 1 ? "" : "s") with null values not drawn") }
        return out
    }
}

extension ChartData {
    /// A bin edge: whole numbers as they are, others with 1 to 3 decimals.
    static func short(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return AxisScale.number(v, decimals: 0) }
        let a = abs(v)
        return AxisScale.number(v, decimals: a >= 100 ? 1 : a >= 1 ? 2 : 3)
    }
}
