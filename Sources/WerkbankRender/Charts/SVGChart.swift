import WerkbankEngine

/// The same chart as a standalone SVG document (used inline by the HTML
/// export and written by `save "chart.svg"`). Deterministic: fixed sizes,
/// numbers printed with fixed decimals.
public enum SVGChart {
    public static func render(_ spec: ChartSpec, _ table: Table, decimals: Int = 4) -> String {
        let data = ChartData.make(spec, table, decimals: decimals)
        let width = Double(max(320, min((spec.width ?? 90) * 8, 2400)))
        var body = ""
        var height = 60.0
        let title = "<text x=\"\(f(width / 2))\" y=\"22\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">\(XMLText.escape(spec.heading))</text>\n"
        switch spec.kind {
        case .bar, .hist:
            let rows: [(String, Double?, String)]
            if spec.kind == .bar {
                rows = data.bars.map { ($0.label, $0.value, $0.value.map(ChartData.short) ?? "null") }
            } else {
                rows = data.bins.map { ("\(ChartData.short($0.low)) – \(ChartData.short($0.high))", Double($0.count), ValueFormatter.thousands($0.count)) }
            }
            let labelWidth = min(Double(rows.map { $0.0.count }.max() ?? 0) * 7 + 10, width / 3)
            let valueWidth = Double(rows.map { $0.2.count }.max() ?? 0) * 7 + 10
            let area = width - labelWidth - valueWidth - 20
            let values = rows.compactMap(\.1).filter(\.isFinite)
            let lo = min(0, values.min() ?? 0), hi = max(0, values.max() ?? 0)
            let span = hi - lo > 0 ? hi - lo : 1
            let zero = labelWidth + 10 + area * (-lo) / span
            for (i, (label, value, text)) in rows.enumerated() {
                let y = 40 + Double(i) * 22
                body += "<text x=\"\(f(labelWidth))\" y=\"\(f(y + 15))\" text-anchor=\"end\" font-size=\"12\">\(XMLText.escape(label))</text>\n"
                var end = zero
                if let v = value, v.isFinite {
                    let w = area * abs(v) / span
                    let x = v >= 0 ? zero : zero - w
                    end = v >= 0 ? zero + w : zero
                    body += "<rect x=\"\(f(x))\" y=\"\(f(y + 3))\" width=\"\(f(w))\" height=\"16\" fill=\"#3b7dd8\"/>\n"
                }
                body += "<text x=\"\(f(end + 5))\" y=\"\(f(y + 15))\" font-size=\"12\" fill=\"\(value == nil ? "#999" : "#222")\">\(XMLText.escape(text))</text>\n"
            }
            body += "<line x1=\"\(f(zero))\" y1=\"38\" x2=\"\(f(zero))\" y2=\"\(f(40 + Double(rows.count) * 22))\" stroke=\"#555\"/>\n"
            height = 60 + Double(rows.count) * 22
        case .line, .scatter:
            let plotHeight = 260.0, left = 70.0, right = width - 20, top = 40.0
            height = top + plotHeight + 50
            let (x0, x1) = TerminalChart.range(data.points.map(\.x)), (y0, y1) = TerminalChart.range(data.points.map(\.y))
            func px(_ x: Double) -> Double { left + (x - x0) / (x1 - x0) * (right - left) }
            func py(_ y: Double) -> Double { top + (y1 - y) / (y1 - y0) * plotHeight }
            body += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(right - left))\" height=\"\(f(plotHeight))\" fill=\"none\" stroke=\"#555\"/>\n"
            if spec.kind == .line {
                let pts = data.points.map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " ")
                body += "<polyline points=\"\(pts)\" fill=\"none\" stroke=\"#3b7dd8\" stroke-width=\"2\"/>\n"
            } else {
                for p in data.points {
                    body += "<circle cx=\"\(f(px(p.x)))\" cy=\"\(f(py(p.y)))\" r=\"3\" fill=\"#3b7dd8\"/>\n"
                }
            }
            body += "<text x=\"\(f(left - 6))\" y=\"\(f(top + 10))\" text-anchor=\"end\" font-size=\"11\">\(XMLText.escape(ChartData.short(y1)))</text>\n"
            body += "<text x=\"\(f(left - 6))\" y=\"\(f(top + plotHeight))\" text-anchor=\"end\" font-size=\"11\">\(XMLText.escape(ChartData.short(y0)))</text>\n"
            body += "<text x=\"\(f(left))\" y=\"\(f(top + plotHeight + 18))\" font-size=\"11\">\(XMLText.escape(data.axisLabel(x0, date: data.xIsDate)))</text>\n"
            body += "<text x=\"\(f(right))\" y=\"\(f(top + plotHeight + 18))\" text-anchor=\"end\" font-size=\"11\">\(XMLText.escape(data.axisLabel(x1, date: data.xIsDate)))</text>\n"
            body += "<text x=\"\(f((left + right) / 2))\" y=\"\(f(top + plotHeight + 38))\" text-anchor=\"middle\" font-size=\"12\">\(XMLText.escape(spec.x))</text>\n"
        }
        if table.rowCount == 0 {
            body += "<text x=\"\(f(width / 2))\" y=\"50\" text-anchor=\"middle\" font-size=\"12\">no rows to chart</text>\n"
            height = 70
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" viewBox=\"0 0 \(f(width)) \(f(height))\" font-family=\"sans-serif\">\n"
            + title + body + "</svg>\n"
    }

    /// Coordinates with at most one decimal, so output is stable across machines.
    static func f(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }
}
