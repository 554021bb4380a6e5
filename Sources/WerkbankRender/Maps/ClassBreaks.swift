import WerkbankEngine

/// The classes of a choropleth: `k` classes by quantiles (each about the
/// same number of areas), each with its range for the legend.
struct ClassBreaks {
    /// Upper bounds of the classes (the last is the maximum).
    let upper: [Double]
    let lower: Double
    let decimals: Int

    /// Sequential blues (ColorBrewer), light to dark: one hue, so the order
    /// reads in greyscale and for every kind of colour blindness.
    static let blues = ["#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594"]
    static let ansiBlues = [195, 153, 117, 75, 33, 26, 18]
    static let noData = "#d9d9d9"

    init?(_ values: [Double], classes k: Int) {
        let sorted = values.filter(\.isFinite).sorted()
        guard let first = sorted.first, let last = sorted.last else { return nil }
        var upper: [Double] = []
        for c in 1...k {
            // The value below which c/k of the areas fall (nearest rank).
            let rank = Int((Double(c) / Double(k) * Double(sorted.count)).rounded(.up)) - 1
            let v = sorted[min(max(rank, 0), sorted.count - 1)]
            if upper.last.map({ v > $0 }) ?? true { upper.append(v) }
        }
        if upper.last != last { upper.append(last) }
        self.upper = upper
        lower = first
        decimals = sorted.allSatisfy { $0 == $0.rounded() } ? 0 : SVGChart.labelDecimals(sorted) == 0 ? 1 : min(2, SVGChart.labelDecimals(sorted))
    }

    var count: Int { upper.count }

    /// The class of a value (0 is the lowest).
    func index(_ v: Double) -> Int {
        upper.firstIndex { v <= $0 } ?? (upper.count - 1)
    }

    func color(_ c: Int) -> String {
        // Spread the classes over the palette, lightest to darkest.
        let n = Self.blues.count
        return Self.blues[count == 1 ? n - 1 : Int((Double(c) / Double(count - 1) * Double(n - 1)).rounded())]
    }

    func ansi(_ c: Int) -> Int {
        let n = Self.ansiBlues.count
        return Self.ansiBlues[count == 1 ? n - 1 : Int((Double(c) / Double(count - 1) * Double(n - 1)).rounded())]
    }

    func label(_ c: Int) -> String {
        let from = c == 0 ? lower : upper[c - 1]
        return "\(c == 0 ? "" : "> ")\(AxisScale.number(from, decimals: decimals)) – \(AxisScale.number(upper[c], decimals: decimals))"
    }
}
