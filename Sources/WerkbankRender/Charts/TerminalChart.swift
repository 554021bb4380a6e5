import WerkbankEngine

/// Draws a chart with Unicode block and braille characters, within
/// `options.width` (or the chart's own `width=`), deterministically.
public enum TerminalChart {
    static let eighths: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]
    static let height = 12

    public static func render(_ spec: ChartSpec, _ table: Table, _ options: RenderOptions) -> String {
        let width = max(24, min(spec.width ?? options.width, 400))
        var out = Ansi.bold(spec.heading, when: options.color) + "\n"
        if table.rowCount == 0 { return out + "(no rows to chart)\n" }
        let data = ChartData.make(spec, table, decimals: options.decimals)
        switch spec.kind {
        case .bar:
            out += bars(data.bars.map { ($0.label, $0.value, $0.value.map(ChartData.short) ?? "null") }, width, options)
            if data.omitted > 0 {
                out += "(\(ValueFormatter.thousands(data.omitted)) more bars not shown: the \(ChartData.maxBars) largest are drawn; use sort and take to choose)\n"
            }
        case .hist:
            if data.bins.isEmpty { return out + "(no numbers to chart)\n" }
            let rows = data.bins.map { bin in
                ("\(ChartData.short(bin.low)) – \(ChartData.short(bin.high))", Optional(Double(bin.count)), ValueFormatter.thousands(bin.count))
            }
            out += bars(rows, width, options)
        case .line, .scatter:
            if data.points.isEmpty { return out + "(no points to chart)\n" }
            out += plot(data, line: spec.kind == .line, width: width, options)
        }
        if data.nulls > 0 {
            out += "(\(ValueFormatter.thousands(data.nulls)) row\(data.nulls == 1 ? "" : "s") with null values not drawn)\n"
        }
        return out
    }

    /// Horizontal bars with labels on the left and values on the right; a
    /// zero axis in between when some values are negative.
    static func bars(_ rows: [(String, Double?, String)], _ width: Int, _ options: RenderOptions) -> String {
        let labelWidth = min(rows.map { TerminalWidth.of($0.0) }.max() ?? 0, max(8, width / 3))
        let valueWidth = rows.map { $0.2.count }.max() ?? 0
        let area = max(4, width - labelWidth - valueWidth - 3)
        let values = rows.compactMap(\.1).filter(\.isFinite)
        let lo = min(0, values.min() ?? 0), hi = max(0, values.max() ?? 0)
        let span = hi - lo > 0 ? hi - lo : 1
        let zero = Int((Double(area) * (-lo) / span).rounded())
        var out = ""
        for (label, value, text) in rows {
            let shown = fit(label, labelWidth)
            var bar = ""
            if let v = value, v.isFinite {
                let cells = Double(area) * abs(v) / span
                if v >= 0 {
                    bar = String(repeating: " ", count: zero) + blocks(cells)
                } else {
                    let n = Int(cells.rounded())
                    bar = String(repeating: " ", count: max(0, zero - n)) + String(repeating: "█", count: n)
                }
            }
            let padded = bar + String(repeating: " ", count: max(0, area - TerminalWidth.of(bar)))
            let colored = options.color && !bar.isEmpty ? "\u{1B}[36m" + padded + Ansi.reset : padded
            out += shown + " │" + colored + " " + (value == nil ? Ansi.dim(text, when: options.color) : text) + "\n"
        }
        return out
    }

    /// Full blocks plus one partial block for the remainder (1/8 steps).
    static func blocks(_ cells: Double) -> String {
        let eighthsTotal = Int((cells * 8).rounded())
        var s = String(repeating: "█", count: eighthsTotal / 8)
        if eighthsTotal % 8 > 0 { s.append(eighths[eighthsTotal % 8 - 1]) }
        return s
    }

    /// `s` cut with `…` to `width` cells and padded to exactly that width.
    static func fit(_ s: String, _ width: Int) -> String {
        let cut = Cells.truncate(s, to: width)
        return cut + String(repeating: " ", count: max(0, width - TerminalWidth.of(cut)))
    }

    /// A braille plot with the y range on the left and the x range below.
    static func plot(_ data: ChartData, line: Bool, width: Int, _ options: RenderOptions) -> String {
        let xs = data.points.map(\.x), ys = data.points.map(\.y)
        let (x0, x1) = range(xs), (y0, y1) = range(ys)
        let top = ChartData.short(y1), bottom = ChartData.short(y0)
        let labelWidth = max(top.count, bottom.count)
        var canvas = BrailleCanvas(columns: max(8, width - labelWidth - 2), rows: height)
        func dot(_ p: ChartData.Point) -> (Int, Int) {
            let x = Int(((p.x - x0) / (x1 - x0) * Double(canvas.dotWidth - 1)).rounded())
            let y = Int(((y1 - p.y) / (y1 - y0) * Double(canvas.dotHeight - 1)).rounded())
            return (x, y)
        }
        var previous: (Int, Int)?
        for p in data.points {
            let d = dot(p)
            if line, let prev = previous { canvas.line(prev.0, prev.1, d.0, d.1) } else { canvas.set(d.0, d.1) }
            previous = d
        }
        var out = ""
        for r in 0..<canvas.rows {
            let label = r == 0 ? top : r == canvas.rows - 1 ? bottom : ""
            let pad = String(repeating: " ", count: labelWidth - label.count)
            let row = canvas.line(r)
            out += pad + label + (label.isEmpty ? " │" : " ┤") + (options.color ? "\u{1B}[36m" + row + Ansi.reset : row) + "\n"
        }
        out += String(repeating: " ", count: labelWidth) + " └" + String(repeating: "─", count: canvas.columns) + "\n"
        let left = data.axisLabel(x0, date: data.xIsDate), right = data.axisLabel(x1, date: data.xIsDate)
        let gap = max(1, canvas.columns - left.count - right.count)
        out += String(repeating: " ", count: labelWidth + 2) + left + String(repeating: " ", count: gap) + right + "\n"
        return out
    }

    /// The min and max, widened when they are equal so a flat series still draws.
    static func range(_ v: [Double]) -> (Double, Double) {
        let lo = v.min() ?? 0, hi = v.max() ?? 1
        return lo == hi ? (lo - 1, hi + 1) : (lo, hi)
    }
}
