import WerkbankEngine

/// The same chart as a standalone SVG document (used inline by the HTML
/// export and written by `save "chart.svg"`): nice ticks with light
/// gridlines, both axes labelled, a legend for series, a `<title>` and a
/// `<desc>` for screen readers. Deterministic: the same input gives the same
/// bytes (fixed sizes, coordinates with one decimal).
public enum SVGChart {
    static let charWidth = 7.0
    static let gridColor = "#e3e3e3", axisColor = "#555", textColor = "#222"

    public static func render(_ spec: ChartSpec, _ table: Table, decimals: Int = 4) -> String {
        if spec.kind == .map { return MapChart.svg(spec, table) }
        let data = ChartData.make(spec, table, decimals: decimals)
        let width = Double(max(320, min((spec.width ?? 90) * 8, 2400)))
        var out = SVGDocument(width: width)
        out.text(width / 2, 22, spec.heading, size: 15, anchor: "middle", bold: true)
        var top = 40.0
        if data.series.count > 1 { top = legend(&out, data, spec, top: top, width: width) }
        var bottom = top
        if table.rowCount == 0 {
            out.text(width / 2, top + 12, "no rows to chart", size: 12, anchor: "middle")
            bottom = top + 20
        } else {
            switch spec.kind {
            case .bar, .hist: bottom = bars(&out, data, spec, top: top, width: width)
            case .line, .scatter: bottom = plot(&out, data, spec, top: top, width: width)
            case .map: break  // MapChart draws maps
            }
        }
        for note in data.notes() {
            out.text(10, bottom + 16, "(\(note))", size: 11, color: "#666")
            bottom += 16
        }
        return out.finish(height: bottom + 12, title: spec.heading, description: describe(spec, data))
    }

    /// One sentence a screen reader says for the chart.
    static func describe(_ spec: ChartSpec, _ data: ChartData) -> String {
        let series = data.series.isEmpty ? "" : ", \(data.series.count) groups of \(spec.group ?? ""): \(data.series.joined(separator: ", "))"
        switch spec.kind {
        case .map: return "A map."
        case .bar:
            let values = data.bars.flatMap { $0.values.compactMap { $0 } }
            let range =
                values.isEmpty
                ? "" : "; values from \(AxisScale.number(values.min()!, decimals: 2)) to \(AxisScale.number(values.max()!, decimals: 2))"
            return
                "\(spec.stacked ? "Stacked bar" : "Bar") chart of \(spec.y ?? "") by \(spec.x): \(NumberText.thousands(data.bars.count)) bars\(series)\(range)."
        case .hist:
            let total = data.bins.reduce(0) { $0 + $1.count }
            return "Histogram of \(spec.x): \(NumberText.thousands(total)) values in \(data.bins.count) bins."
        case .line, .scatter:
            let xs = data.points.map(\.x), ys = data.points.map(\.y)
            guard let x0 = xs.min(), let x1 = xs.max(), let y0 = ys.min(), let y1 = ys.max() else {
                return "\(spec.kind.rawValue) chart with no points."
            }
            let xScale = data.xIsDate ? AxisScale.dates(xs) : AxisScale.numeric(xs)
            return
                "\(spec.kind == .line ? "Line" : "Scatter") chart of \(spec.y ?? "") against \(spec.x): \(NumberText.thousands(data.points.count)) points\(series); "
                + "\(spec.x) from \(xScale.isDate ? CalendarDate.format(Int32(x0)) : AxisScale.number(x0, decimals: 2)) to \(xScale.isDate ? CalendarDate.format(Int32(x1)) : AxisScale.number(x1, decimals: 2)), "
                + "\(spec.y ?? "") from \(AxisScale.number(y0, decimals: 2)) to \(AxisScale.number(y1, decimals: 2))."
        }
    }

    /// The legend: a swatch (colour + the series' second cue) and the name, in rows.
    static func legend(_ out: inout SVGDocument, _ data: ChartData, _ spec: ChartSpec, top: Double, width: Double) -> Double {
        var x = 10.0, y = top
        out.text(x, y + 10, (spec.group ?? "") + ":", size: 12, bold: true)
        x += Double((spec.group ?? "").count + 2) * charWidth
        for (s, name) in data.series.enumerated() {
            let itemWidth = 22 + Double(name.count) * charWidth + 14
            if x + itemWidth > width - 10, x > 10 {
                x = 10
                y += 18
            }
            switch spec.kind {
            case .line:
                out.line(x, y + 6, x + 18, y + 6, color: ChartPalette.color(s), width: 2.5, dash: ChartPalette.dashes[s])
            case .scatter:
                out.marker(x + 9, y + 6, series: s)
            default:
                out.swatch(x, y, 16, 12, series: s)
            }
            out.text(x + 22, y + 10, name, size: 12)
            x += itemWidth
        }
        return y + 26
    }

    /// Horizontal bars (one row per label; grouped bars as thinner rows side
    /// by side, stacked ones as segments), a value axis with ticks below.
    static func bars(_ out: inout SVGDocument, _ data: ChartData, _ spec: ChartSpec, top: Double, width: Double) -> Double {
        let rows: [(label: String, values: [Double?])]
        if spec.kind == .bar {
            rows = data.bars.map { ($0.label, $0.values) }
        } else {
            rows = data.bins.map { ("\(ChartData.short($0.low)) – \(ChartData.short($0.high))", [Double($0.count)]) }
        }
        let scale = data.valueScale(stacked: spec.stacked)
        let valueDecimals = spec.kind == .hist ? 0 : max(scale.decimals, labelDecimals(rows.flatMap { $0.values.compactMap { $0 } }))
        let labelWidth = min(Double(max(rows.map { $0.label.count }.max() ?? 0, spec.x.count + 1)) * charWidth + 10, width / 3)
        let valueWidth =
            Double(rows.flatMap { $0.values.compactMap { $0 } }.map { AxisScale.number($0, decimals: valueDecimals).count }.max() ?? 4) * charWidth
            + 12
        let left = labelWidth + 10, right = width - valueWidth
        let grouped = spec.kind == .bar && data.seriesCount > 1 && !spec.stacked
        let band = grouped ? Double(data.seriesCount) * 12 + 8 : 22
        let plotTop = top + 14, plotHeight = Double(rows.count) * band
        // Axis title for the labels, above them; gridlines behind the bars.
        out.text(labelWidth, top + 6, spec.x, size: 12, anchor: "end", bold: true)
        for t in scale.ticks {
            let x = scale.position(t, start: left, size: right - left)
            out.line(x, plotTop, x, plotTop + plotHeight, color: t == 0 ? axisColor : gridColor, width: 1)
            out.text(x, plotTop + plotHeight + 14, scale.label(t), size: 11, anchor: "middle")
        }
        let zero = scale.position(0, start: left, size: right - left)
        for (i, row) in rows.enumerated() {
            let y = plotTop + Double(i) * band
            out.text(labelWidth, y + band / 2 + 4, row.label, size: 12, anchor: "end")
            if spec.stacked {
                var pos = zero, neg = zero
                for (s, v) in row.values.enumerated() {
                    guard let v, v.isFinite, v != 0 else { continue }
                    let w = abs(scale.position(v, start: left, size: right - left) - zero)
                    if v > 0 { out.bar(pos, y + 3, w, band - 6, series: s); pos += w } else { neg -= w; out.bar(neg, y + 3, w, band - 6, series: s) }
                }
                let total = row.values.reduce(0) { $0 + ($1 ?? 0) }
                out.text(pos + 5, y + band / 2 + 4, AxisScale.number(total, decimals: valueDecimals), size: 11, color: textColor)
            } else {
                let thickness = grouped ? 11.0 : band - 6
                for (s, v) in row.values.enumerated() {
                    let by = grouped ? y + 4 + Double(s) * 12 : y + 3
                    guard let v, v.isFinite else {
                        if !grouped { out.text(zero + 5, by + thickness / 2 + 4, "null", size: 11, color: "#999") }
                        continue
                    }
                    let end = scale.position(v, start: left, size: right - left)
                    out.bar(min(zero, end), by, abs(end - zero), thickness, series: grouped ? s : 0)
                    out.text(
                        max(zero, end) + 5, by + thickness / 2 + 4, AxisScale.number(v, decimals: valueDecimals),
                        size: grouped ? 10 : 11, color: textColor)
                }
            }
        }
        out.text((left + right) / 2, plotTop + plotHeight + 32, spec.valueLabel, size: 12, anchor: "middle", bold: true)
        return plotTop + plotHeight + 40
    }

    /// Decimals that show bar values as they are (up to 2).
    static func labelDecimals(_ values: [Double]) -> Int {
        values.allSatisfy { $0 == $0.rounded() } ? 0 : values.allSatisfy { ($0 * 10) == ($0 * 10).rounded() } ? 1 : 2
    }

    /// Lines or points on a padded frame with gridlines and labelled axes.
    static func plot(_ out: inout SVGDocument, _ data: ChartData, _ spec: ChartSpec, top: Double, width: Double) -> Double {
        let xs = data.points.map(\.x), ys = data.points.map(\.y)
        let xScale = data.xIsDate ? AxisScale.dates(xs) : AxisScale.numeric(xs, pad: spec.kind == .scatter ? 0.04 : 0)
        let yScale = AxisScale.numeric(ys, pad: 0.05)
        let yLabels = yScale.ticks.map(yScale.label)
        let left = 34 + Double(yLabels.map(\.count).max() ?? 1) * charWidth, right = width - 24
        let plotTop = top + 6, plotHeight = 260.0, bottom = plotTop + plotHeight
        func px(_ x: Double) -> Double { xScale.position(x, start: left, size: right - left) }
        func py(_ y: Double) -> Double { bottom - (yScale.position(y, start: 0, size: plotHeight)) }
        for (t, label) in zip(yScale.ticks, yLabels) {
            out.line(left, py(t), right, py(t), color: gridColor, width: 1)
            out.text(left - 6, py(t) + 4, label, size: 11, anchor: "end")
        }
        for t in xScale.ticks {
            out.line(px(t), plotTop, px(t), bottom, color: gridColor, width: 1)
            out.text(px(t), bottom + 16, xScale.label(t), size: 11, anchor: "middle")
        }
        out.rect(left, plotTop, right - left, plotHeight, stroke: axisColor)
        for s in 0..<data.seriesCount {
            let points = data.points.filter { $0.series == s }
            if spec.kind == .line {
                out.polyline(points.map { (px($0.x), py($0.y)) }, color: ChartPalette.color(s), dash: ChartPalette.dashes[s])
                if data.seriesCount > 1, let last = points.last { out.marker(px(last.x), py(last.y), series: s) }
            } else {
                for p in points { out.marker(px(p.x), py(p.y), series: s) }
            }
        }
        out.text((left + right) / 2, bottom + 34, spec.x, size: 12, anchor: "middle", bold: true)
        out.verticalText(14, plotTop + plotHeight / 2, spec.valueLabel, size: 12)
        return bottom + 42
    }

    /// Coordinates with at most one decimal, so output is stable across machines.
    static func f(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }
}

/// The elements of one SVG document, written in order.
struct SVGDocument {
    let width: Double
    var body = ""
    /// Hatch patterns used by bars of series 1…, defined once each.
    var patternsUsed = Set<Int>()

    init(width: Double) { self.width = width }

    private static func f(_ v: Double) -> String { SVGChart.f(v) }

    mutating func text(
        _ x: Double, _ y: Double, _ s: String, size: Int, anchor: String = "start", bold: Bool = false,
        color: String = SVGChart.textColor
    ) {
        let a = anchor == "start" ? "" : " text-anchor=\"\(anchor)\""
        body +=
            "<text x=\"\(Self.f(x))\" y=\"\(Self.f(y))\"\(a) font-size=\"\(size)\"\(bold ? " font-weight=\"bold\"" : "")"
            + "\(color == SVGChart.textColor ? "" : " fill=\"\(color)\"")>\(XMLText.escape(s))</text>\n"
    }

    mutating func verticalText(_ x: Double, _ y: Double, _ s: String, size: Int) {
        body +=
            "<text transform=\"translate(\(Self.f(x)) \(Self.f(y))) rotate(-90)\" text-anchor=\"middle\" font-size=\"\(size)\" "
            + "font-weight=\"bold\">\(XMLText.escape(s))</text>\n"
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, color: String, width: Double, dash: String = "") {
        body +=
            "<line x1=\"\(Self.f(x1))\" y1=\"\(Self.f(y1))\" x2=\"\(Self.f(x2))\" y2=\"\(Self.f(y2))\" stroke=\"\(color)\""
            + " stroke-width=\"\(Self.f(width))\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"")/>\n"
    }

    mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, stroke: String) {
        body += "<rect x=\"\(Self.f(x))\" y=\"\(Self.f(y))\" width=\"\(Self.f(w))\" height=\"\(Self.f(h))\" fill=\"none\" stroke=\"\(stroke)\"/>\n"
    }

    /// A bar in the series' colour, hatched for series after the first.
    mutating func bar(_ x: Double, _ y: Double, _ w: Double, _ h: Double, series s: Int) {
        let geometry = "x=\"\(Self.f(x))\" y=\"\(Self.f(y))\" width=\"\(Self.f(w))\" height=\"\(Self.f(h))\""
        body += "<rect \(geometry) fill=\"\(ChartPalette.color(s))\"/>\n"
        if s > 0, !ChartPalette.patterns[s % ChartPalette.count].isEmpty {
            patternsUsed.insert(s % ChartPalette.count)
            body += "<rect \(geometry) fill=\"url(#hatch\(s % ChartPalette.count))\"/>\n"
        }
    }

    mutating func swatch(_ x: Double, _ y: Double, _ w: Double, _ h: Double, series s: Int) { bar(x, y, w, h, series: s) }

    /// A scatter marker: the series' shape in its colour.
    mutating func marker(_ x: Double, _ y: Double, series s: Int) {
        let shape = ChartPalette.shapes[s % ChartPalette.count]
        let stroked = s % ChartPalette.count == 5 || s % ChartPalette.count == 7
        body +=
            "<path transform=\"translate(\(Self.f(x)) \(Self.f(y))) scale(1.3)\" d=\"\(shape)\" "
            + (stroked
                ? "fill=\"none\" stroke=\"\(ChartPalette.color(s))\" stroke-width=\"2\"/>\n"
                : "fill=\"\(ChartPalette.color(s))\" fill-opacity=\"0.85\" stroke=\"#fff\" stroke-width=\"0.5\"/>\n")
    }

    mutating func polyline(_ points: [(Double, Double)], color: String, dash: String) {
        let pts = points.map { "\(Self.f($0.0)),\(Self.f($0.1))" }.joined(separator: " ")
        body +=
            "<polyline points=\"\(pts)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\""
            + "\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"") stroke-linejoin=\"round\"/>\n"
    }

    func finish(height: Double, title: String, description: String) -> String {
        var defs = ""
        for s in patternsUsed.sorted() {
            defs +=
                "<pattern id=\"hatch\(s)\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">"
                + "<path d=\"\(ChartPalette.patterns[s])\" stroke=\"#fff\" stroke-width=\"1.5\"/></pattern>\n"
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.f(width))\" height=\"\(Self.f(height))\" "
            + "viewBox=\"0 0 \(Self.f(width)) \(Self.f(height))\" font-family=\"sans-serif\" role=\"img\">\n"
            + "<title>\(XMLText.escape(title))</title>\n<desc>\(XMLText.escape(description))</desc>\n"
            + (defs.isEmpty ? "" : "<defs>\n\(defs)</defs>\n")
            + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n" + body + "</svg>\n"
    }
}
