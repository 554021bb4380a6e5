import WerkbankEngine

/// What a `chart` stage asks for: the kind, the columns, and options.
public struct ChartSpec: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable { case bar, hist, line, scatter, map }
    public var kind: Kind
    public var x: String
    /// The value column (bar, line, scatter); nil for hist.
    public var y: String?
    /// `by G`: one series per value of G (bars grouped or stacked, a line or
    /// a marker per group), with a legend.
    public var group: String?
    /// Bars by group stacked on one another instead of side by side.
    public var stacked: Bool
    public var bins: Int
    public var title: String?
    /// Overrides the output width (terminal cells, or SVG pixels / 8).
    public var width: Int?
    /// map: the number of classes of the values (quantiles).
    public var classes: Int = 5
    /// map: points drawn on top (`points=TABLE`), longitude and latitude.
    public var points: [Geometry.Position] = []

    public init(kind: Kind, x: String, y: String?, group: String? = nil, stacked: Bool = false, bins: Int = 10,
                title: String? = nil, width: Int? = nil) {
        self.kind = kind
        self.x = x
        self.y = y
        self.group = group
        self.stacked = stacked
        self.bins = bins
        self.title = title
        self.width = width
    }

    /// The title shown above the chart.
    public var heading: String {
        if let title { return title }
        let by = group.map { " by \($0)" } ?? ""
        switch kind {
        case .bar: return "\(y ?? "") by \(x)" + (group.map { ", \(stacked ? "stacked" : "grouped") by \($0)" } ?? "")
        case .hist: return "\(x) (\(bins) bins)"
        case .line, .scatter: return "\(y ?? "") against \(x)" + by
        case .map: return y.map { "\($0) by area" } ?? "map of \(x)"
        }
    }

    /// The value axis's label (the x axis is labelled with `x`).
    public var valueLabel: String { kind == .hist ? "rows" : y ?? "" }
}
