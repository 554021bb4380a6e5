import WerkbankEngine

/// Draws a chart with Unicode block, braille and marker characters, within
/// `options.width` (or the chart's own `width=`), deterministically. Colour is
/// a second cue only: series differ by marker and fill without it
/// (`NO_COLOR`, print, a projector washing colours out).
public enum TerminalChart {
    static let eighths: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]
    static let height = 12

    public static func render(_ spec: ChartSpec, _ table: Table, _ options: RenderOptions) -> String {
        if spec.kind == .map { return MapChart.terminal(spec, table, options) }
        let width = max(24, min(spec.width ?? options.width, 400))
        var out = Ansi.bold(spec.heading, when: options.color) + "\n"
        if table.rowCount == 0 { return out + "(no rows to chart)\n" }
        let data = ChartData.make(spec, table, decimals: options.decimals)
        if data.series.count > 1 { out += legend(data, spec, width: width, options) }
        switch spec.kind {
        case .bar:
            out += bars(data.bars.map { ($0.label, $0.values) }, spec, data, width, options)
        case .hist:
            if data.bins.isEmpty { return out + "(no numbers to chart)\n" }
            out += bars(data.bins.map { ("\(ChartData.short($0.low)) – \(ChartData.short($0.high))", [Double($0.count)]) }, spec, data, width, options)
        case .line, .scatter:
            if data.points.isEmpty { return out + "(no points to chart)\n" }
            out += plot(data, spec, width: width, options)
        case .map: break  // MapChart draws maps
        }
        for note in data.notes() { out += "(\(note))\n" }
        return out
    }

    static func paint(_ s: String, series: Int, _ options: RenderOptions) -> String {
        options.color && !s.isEmpty ? "\u{1B}[38;5;\(ChartPalette.ansi[series % ChartPalette.count])m" + s + Ansi.reset : s
    }

    /// `G: ● a  ■ b …`, wrapped to the width.
    static func legend(_ data: ChartData, _ spec: ChartSpec, width: Int, _ options: RenderOptions) -> String {
        var lines: [String] = [], line = (spec.group ?? "") + ":", cells = TerminalWidth.of(line)
        for (s, name) in data.series.enumerated() {
            let cue = spec.kind == .bar ? String(repeating: ChartPalette.fills[s], count: 2) : String(ChartPalette.markers[s])
            let item = cue + " " + name
            if cells + 2 + TerminalWidth.of(item) > width, cells > 0 {
                lines.append(line)
                line = " "
                cells = 1
            }
            line += "  " + paint(cue, series: s, options) + " " + name
            cells += 2 + TerminalWidth.of(item)
        }
        lines.append(line)
        return lines.joined(separator: "\n") + "\n"
    }

    /// Horizontal bars, labels on the left and values on the right; a zero
    /// axis in between when some values are negative. Grouped bars are a row
    /// per series, stacked ones segments in the series' fills.
    static func bars(_ rows: [(String, [Double?])], _ spec: ChartSpec, _ data: ChartData, _ width: Int,
                     _ options: RenderOptions) -> String {
        let scale = data.valueScale(stacked: spec.stacked)
        let values = rows.flatMap { $0.1.compactMap { $0 } }
        let decimals = spec.kind == .hist ? 0 : SVGChart.labelDecimals(values)
        func text(_ v: Double?) -> String { v.map { AxisScale.number($0, decimals: decimals) } ?? "null" }
        let grouped = data.seriesCount > 1 && !spec.stacked
        let totals = rows.map { row in spec.stacked ? text(row.1.reduce(0) { $0 + ($1 ?? 0) }) : "" }
        let labelWidth = min(max(rows.map { TerminalWidth.of($0.0) }.max() ?? 0, TerminalWidth.of(spec.x)), max(8, width / 3))
        let valueWidth = max(values.map { text($0).count }.max() ?? 4, totals.map(\.count).max() ?? 0)
        let area = max(4, width - labelWidth - valueWidth - 3)
        func cells(_ v: Double) -> Double { Double(area) * abs(v) / (scale.high - scale.low) }
        let zero = Int((Double(area) * (-scale.low) / (scale.high - scale.low)).rounded())
        var out = fit(spec.x, labelWidth) + "\n"
        for (r, (label, values)) in rows.enumerated() {
            if spec.stacked {
                // Negative parts to the left of zero, positive ones to the right.
                var left = "", right = "", leftCells = 0, rightCells = 0
                for (s, v) in values.enumerated() {
                    guard let v, v.isFinite, v != 0 else { continue }
                    let n = max(1, Int(cells(v).rounded()))
                    let segment = paint(String(repeating: ChartPalette.fills[s], count: n), series: s, options)
                    if v > 0 { right += segment; rightCells += n } else { left = segment + left; leftCells += n }
                }
                let bar = String(repeating: " ", count: max(0, zero - leftCells)) + left + right
                let used = max(zero, leftCells) + rightCells
                out += fit(label, labelWidth) + " │" + bar + String(repeating: " ", count: max(0, area - used)) + " " + totals[r] + "\n"
                continue
            }
            for (s, value) in values.enumerated() {
                let shown = s == 0 ? fit(label, labelWidth) : String(repeating: " ", count: labelWidth)
                var bar = ""
                if let v = value, v.isFinite {
                    let fill = grouped ? ChartPalette.fills[s] : "█"
                    if v >= 0 {
                        bar = String(repeating: " ", count: zero) + (grouped ? String(repeating: fill, count: Int(cells(v).rounded())) : blocks(cells(v)))
                    } else {
                        let n = Int(cells(v).rounded())
                        bar = String(repeating: " ", count: max(0, zero - n)) + String(repeating: fill, count: n)
                    }
                }
                let padded = paint(bar, series: grouped ? s : 0, options) + String(repeating: " ", count: max(0, area - TerminalWidth.of(bar)))
                out += shown + " │" + padded + " " + (value == nil ? Ansi.dim("null", when: options.color) : text(value)) + "\n"
            }
        }
        out += String(repeating: " ", count: labelWidth) + " └" + String(repeating: "─", count: area) + "\n"
        out += axisLine(scale, start: labelWidth + 2, length: area) + "\n"
        out += centered(spec.valueLabel, start: labelWidth + 2, length: area) + "\n"
        return trimmed(out)
    }

    /// Tick labels under an axis of `length` cells that starts at column `start`:
    /// as many of the scale's ticks as fit without touching.
    static func axisLine(_ scale: AxisScale, start: Int, length: Int) -> String {
        var line = [Character](repeating: " ", count: start + length + 12)
        var free = 0
        for t in scale.ticks {
            let label = Array(scale.label(t))
            let at = start + Int(scale.position(t, start: 0, size: Double(length - 1)).rounded())
            let from = min(max(at - label.count / 2, start), start + length - label.count)
            guard from >= free, from >= 0 else { continue }
            for (k, c) in label.enumerated() where from + k < line.count { line[from + k] = c }
            free = from + label.count + 1
        }
        return String(line)
    }

    static func centered(_ s: String, start: Int, length: Int) -> String {
        String(repeating: " ", count: start + max(0, (length - TerminalWidth.of(s)) / 2)) + s
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

    /// No trailing blanks on any line (copy-paste takes them along).
    static func trimmed(_ s: String) -> String {
        s.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var l = Substring(line)
            while let last = l.last, last == " " { l = l.dropLast() }
            return String(l)
        }.joined(separator: "\n")
    }

    /// A plot on a padded, ticked frame: lines in braille (a series' marker at
    /// its end), scatter points as markers a character cell each.
    static func plot(_ data: ChartData, _ spec: ChartSpec, width: Int, _ options: RenderOptions) -> String {
        let xs = data.points.map(\.x), ys = data.points.map(\.y)
        let xScale = data.xIsDate ? AxisScale.dates(xs) : AxisScale.numeric(xs, pad: spec.kind == .scatter ? 0.04 : 0)
        let yScale = AxisScale.numeric(ys, pad: 0.05)
        let yLabels = yScale.ticks.map(yScale.label)
        let labelWidth = yLabels.map(\.count).max() ?? 1
        let columns = max(8, width - labelWidth - 4)
        var canvas = BrailleCanvas(columns: columns, rows: height)
        // What each character cell shows: a marker (scatter, line ends) wins over braille.
        var markers = [Int: (Character, Int)]()
        var cellSeries = [Int: Int]()
        func dot(_ p: ChartData.Point) -> (Int, Int) {
            (Int(xScale.position(p.x, start: 0, size: Double(canvas.dotWidth - 1)).rounded()),
             canvas.dotHeight - 1 - Int(yScale.position(p.y, start: 0, size: Double(canvas.dotHeight - 1)).rounded()))
        }
        for s in 0..<data.seriesCount {
            let points = data.points.filter { $0.series == s }
            if spec.kind == .line {
                var previous: (Int, Int)?
                for p in points {
                    let d = dot(p)
                    for cell in canvas.line(previous ?? d, d) { cellSeries[cell] = s }
                    previous = d
                }
                if data.seriesCount > 1, let d = previous { markers[(d.1 / 4) * columns + d.0 / 2] = (ChartPalette.markers[s], s) }
            } else {
                for p in points {
                    let d = dot(p)
                    markers[(d.1 / 4) * columns + d.0 / 2] = (ChartPalette.markers[s], s)
                }
            }
        }
        // Which canvas row each y tick falls on.
        var tickRow: [Int: String] = [:]
        for (t, label) in zip(yScale.ticks, yLabels) {
            let row = (canvas.dotHeight - 1 - Int(yScale.position(t, start: 0, size: Double(canvas.dotHeight - 1)).rounded())) / 4
            tickRow[row] = label
        }
        var out = ""
        for r in 0..<canvas.rows {
            let label = tickRow[r] ?? ""
            var row = ""
            for c in 0..<columns {
                let cell = r * columns + c
                if let (m, s) = markers[cell] {
                    row += paint(String(m), series: s, options)
                } else if let ch = canvas.character(r, c) {
                    row += paint(String(ch), series: cellSeries[cell] ?? 0, options)
                } else {
                    row += " "
                }
            }
            out += String(repeating: " ", count: labelWidth - label.count) + label + (label.isEmpty ? " │" : " ┤") + row + "\n"
        }
        out += String(repeating: " ", count: labelWidth) + " └" + String(repeating: "─", count: columns) + "\n"
        out += axisLine(xScale, start: labelWidth + 2, length: columns) + "\n"
        out += centered(spec.x, start: labelWidth + 2, length: columns) + "\n"
        return "\(spec.valueLabel)\n" + trimmed(out)
    }
}
