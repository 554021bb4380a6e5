import WerkbankEngine

/// What a `chart` stage asks for: the kind, the columns, and options.
public struct ChartSpec: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable { case bar, hist, line, scatter }
    public var kind: Kind
    public var x: String
    /// The value column (bar, line, scatter); nil for hist.
    public var y: String?
    public var bins: Int
    public var title: String?
    /// Overrides the output width (terminal cells, or SVG pixels / 8).
    public var width: Int?

    public init(kind: Kind, x: String, y: String?, bins: Int = 10, title: String? = nil, width: Int? = nil) {
        self.kind = kind
        self.x = x
        self.y = y
        self.bins = bins
        self.title = title
        self.width = width
    }

    /// The title shown above the chart.
    public var heading: String {
        if let title { return title }
        switch kind {
        case .bar: return "\(y ?? "") by \(x)"
        case .hist: return "\(x) (\(bins) bins)"
        case .line, .scatter: return "\(y ?? "") against \(x)"
        }
    }
}

/// The numbers a chart draws, taken from a table once for both renderers.
struct ChartData {
    struct Bar { var label: String; var value: Double? }
    struct Bin { var low: Double; var high: Double; var count: Int }
    struct Point { var x: Double; var y: Double }

    var bars: [Bar] = []
    /// Bars left out when there are too many (the largest are kept).
    var omitted = 0
    var bins: [Bin] = []
    var points: [Point] = []
    var nulls = 0
    var xIsDate = false

    static let maxBars = 40

    static func make(_ spec: ChartSpec, _ table: Table, decimals: Int) -> ChartData {
        var data = ChartData()
        guard let xc = table.column(spec.x) else { return data }
        let yc = spec.y.flatMap { table.column($0) }
        switch spec.kind {
        case .bar:
            guard let yc else { return data }
            var bars: [Bar] = []
            for i in 0..<table.rowCount {
                bars.append(Bar(label: xc.isNull(i) ? "null" : ValueFormatter.display(xc, i, decimals: decimals),
                                value: number(yc, i)))
            }
            if bars.count > maxBars {
                // Keep the largest bars, in their input order.
                let keep = Set(bars.indices.sorted { abs(bars[$0].value ?? 0) > abs(bars[$1].value ?? 0) || (abs(bars[$0].value ?? 0) == abs(bars[$1].value ?? 0) && $0 < $1) }.prefix(maxBars))
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
                if let x = number(xc, i), let y = number(yc, i), x.isFinite, y.isFinite {
                    data.points.append(Point(x: x, y: y))
                } else {
                    data.nulls += 1
                }
            }
            if spec.kind == .line { data.points.sort { $0.x < $1.x } }
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
        case .string: return nil
        }
    }

    /// Axis text for a value: dates as dates, numbers short.
    func axisLabel(_ v: Double, date: Bool) -> String {
        if date { return CalendarDate.format(Int32(clamping: Int(v.rounded()))) }
        return ChartData.short(v)
    }

    static func short(_ v: Double) -> String {
        // Years and small counts read best without separators.
        if v == v.rounded(), abs(v) < 100_000 { return String(Int(v)) }
        if v == v.rounded(), abs(v) < 1e15 { return ValueFormatter.thousands(Int(v)) }
        let a = abs(v)
        let decimals = a >= 100 ? 1 : a >= 1 ? 2 : 3
        return ValueFormatter.fixed(v, decimals: decimals)
    }
}
