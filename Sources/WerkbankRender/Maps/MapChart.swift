import WerkbankEngine

/// `chart map GEOMETRY [VALUE]`: areas drawn from their shapes — filled by
/// classes of VALUE (a choropleth, with a legend of the classes) or as
/// outlines — with points on top, in SVG and in the terminal.
public enum MapChart {
    struct Area {
        var geometry: Geometry
        var value: Double?
        var row: Int
    }

    struct Layout {
        var areas: [Area]
        var breaks: ClassBreaks?
        var bounds: (minX: Double, minY: Double, maxX: Double, maxY: Double)
        /// Rows without a shape, and areas without a value.
        var withoutShape: Int
        var withoutValue: Int
    }

    static func layout(_ spec: ChartSpec, _ table: Table) -> Layout? {
        guard let gc = table.column(spec.x), case .geometry(let shapes) = gc.storage else { return nil }
        let vc = spec.y.flatMap { table.column($0) }
        var areas: [Area] = [], withoutShape = 0
        for i in 0..<table.rowCount {
            guard !gc.isNull(i), shapes[i].positionCount > 0 else { withoutShape += 1; continue }
            areas.append(Area(geometry: shapes[i], value: vc.flatMap { ChartData.number($0, i) }.flatMap { $0.isFinite ? $0 : nil }, row: i))
        }
        var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
        for a in areas {
            guard let b = a.geometry.bounds else { continue }
            minX = min(minX, b.minX); minY = min(minY, b.minY); maxX = max(maxX, b.maxX); maxY = max(maxY, b.maxY)
        }
        for p in spec.points { minX = min(minX, p.x); minY = min(minY, p.y); maxX = max(maxX, p.x); maxY = max(maxY, p.y) }
        guard minX.isFinite else { return nil }
        let values = areas.compactMap(\.value)
        let breaks = spec.y == nil ? nil : ClassBreaks(values, classes: spec.classes)
        return Layout(
            areas: areas, breaks: breaks, bounds: (minX, minY, maxX, maxY), withoutShape: withoutShape,
            withoutValue: spec.y == nil ? 0 : areas.count - values.count)
    }

    static func notes(_ l: Layout, _ spec: ChartSpec) -> [String] {
        var out: [String] = []
        if let b = l.breaks { out.append("\(b.count) classes of \(spec.y ?? "") by quantiles (about as many areas in each)") }
        if l.withoutValue > 0 { out.append("\(NumberText.thousands(l.withoutValue)) area\(l.withoutValue == 1 ? "" : "s") without a value, in grey") }
        if l.withoutShape > 0 { out.append("\(NumberText.thousands(l.withoutShape)) row\(l.withoutShape == 1 ? "" : "s") without a shape not drawn") }
        return out
    }

    // MARK: SVG

    public static func svg(_ spec: ChartSpec, _ table: Table) -> String {
        let width = Double(max(320, min((spec.width ?? 90) * 8, 2400)))
        var doc = SVGDocument(width: width)
        doc.text(width / 2, 22, spec.heading, size: 15, anchor: "middle", bold: true)
        guard let l = layout(spec, table) else {
            doc.text(width / 2, 50, "no shapes to draw", size: 12, anchor: "middle")
            return doc.finish(height: 70, title: spec.heading, description: "A map with no shapes.")
        }
        let legendWidth = l.breaks == nil ? 0.0 : 170
        let top = 36.0
        let projection = MapProjection(bounds: l.bounds, width: width - legendWidth - 20, height: max(300, width * 1.1))
        var paths = ""
        for area in l.areas {
            let fill: String
            if let b = l.breaks { fill = area.value.map { b.color(b.index($0)) } ?? ClassBreaks.noData } else { fill = "#f2f2f2" }
            var d = ""
            for part in area.geometry.parts {
                for ring in part where !ring.isEmpty {
                    let projected = ring.map { projection.point($0) }
                    // Simplified at the output's resolution: half a pixel.
                    let simple = area.geometry.isPolygonal ? Simplify.douglasPeucker(projected, tolerance: 0.5) : projected
                    d += "M" + simple.map { "\(SVGChart.f($0.x + 10)) \(SVGChart.f($0.y + top))" }.joined(separator: "L")
                    if area.geometry.isPolygonal { d += "Z" }
                }
            }
            if area.geometry.isPolygonal {
                paths += "<path d=\"\(d)\" fill=\"\(fill)\" fill-rule=\"evenodd\" stroke=\"#555\" stroke-width=\"0.4\"/>\n"
            } else if area.geometry.kind == .lineString || area.geometry.kind == .multiLineString {
                paths += "<path d=\"\(d)\" fill=\"none\" stroke=\"#333\" stroke-width=\"1.2\"/>\n"
            } else {
                for part in area.geometry.parts {
                    for ring in part {
                        for p in ring {
                            let (x, y) = projection.point(p)
                            paths +=
                                "<circle cx=\"\(SVGChart.f(x + 10))\" cy=\"\(SVGChart.f(y + top))\" r=\"3\" fill=\"\(fill == "#f2f2f2" ? "#333" : fill)\" stroke=\"#333\"/>\n"
                        }
                    }
                }
            }
        }
        for p in spec.points {
            let (x, y) = projection.point(p)
            paths +=
                "<circle cx=\"\(SVGChart.f(x + 10))\" cy=\"\(SVGChart.f(y + top))\" r=\"3.5\" fill=\"#D55E00\" stroke=\"#fff\" stroke-width=\"1\"/>\n"
        }
        doc.body += "<g>\n" + paths + "</g>\n"
        var bottom = top + projection.height + 10
        if let b = l.breaks {
            let x = width - legendWidth + 4
            var y = top + 4
            doc.text(x, y + 10, spec.y ?? "", size: 12, bold: true)
            y += 18
            for c in (0..<b.count).reversed() {
                doc.body +=
                    "<rect x=\"\(SVGChart.f(x))\" y=\"\(SVGChart.f(y))\" width=\"16\" height=\"12\" fill=\"\(b.color(c))\" stroke=\"#555\" stroke-width=\"0.4\"/>\n"
                doc.text(x + 22, y + 10, b.label(c), size: 11)
                y += 17
            }
            if l.withoutValue > 0 {
                doc.body +=
                    "<rect x=\"\(SVGChart.f(x))\" y=\"\(SVGChart.f(y))\" width=\"16\" height=\"12\" fill=\"\(ClassBreaks.noData)\" stroke=\"#555\" stroke-width=\"0.4\"/>\n"
                doc.text(x + 22, y + 10, "no value", size: 11)
                y += 17
            }
            bottom = max(bottom, y + 6)
        }
        for note in notes(l, spec) {
            doc.text(10, bottom + 12, "(\(note))", size: 11, color: "#666")
            bottom += 16
        }
        let description =
            "Map of \(NumberText.thousands(l.areas.count)) areas" + (spec.y.map { ", coloured by \($0) in \(l.breaks?.count ?? 0) classes" } ?? "")
            + (spec.points.isEmpty ? "" : ", with \(NumberText.thousands(spec.points.count)) points") + "."
        return doc.finish(height: bottom + 12, title: spec.heading, description: description)
    }

    // MARK: Terminal

    static let shades: [Character] = ["·", "░", "▒", "▓", "█"]

    public static func terminal(_ spec: ChartSpec, _ table: Table, _ options: RenderOptions) -> String {
        let width = max(24, min(spec.width ?? options.width, 400))
        var out = Ansi.bold(spec.heading, when: options.color) + "\n"
        guard let l = layout(spec, table) else { return out + "(no shapes to draw)\n" }
        // A cell is about twice as tall as wide: stretch x to keep the aspect.
        let columns = width - 2
        // The map, its title, legend and notes fit a 100 × 30 terminal.
        let legendLines = l.breaks.map { 1 + $0.count + (l.withoutValue > 0 ? 1 : 0) } ?? 0
        let room = max(8, 30 - 1 - legendLines - notes(l, spec).count)
        let projection = MapProjection(bounds: l.bounds, width: Double(columns), height: min(Double(columns) * 0.6, Double(room)), xStretch: 2)
        let rows = max(4, Int(projection.height.rounded(.up)))
        // Each area's rings in cell units, with bounding boxes to test few.
        struct Shape { var rings: [[(x: Double, y: Double)]]; var box: (Double, Double, Double, Double); var shade: Int; var polygon: Bool }
        var shapes: [Shape] = []
        for area in l.areas {
            let rings = area.geometry.parts.flatMap { $0 }.map { $0.map { projection.point($0) } }
            let xs = rings.flatMap { $0.map(\.x) }, ys = rings.flatMap { $0.map(\.y) }
            let shade: Int
            if let b = l.breaks { shade = area.value.map { b.index($0) } ?? -1 } else { shade = -2 }
            shapes.append(
                Shape(
                    rings: rings, box: (xs.min() ?? 0, ys.min() ?? 0, xs.max() ?? 0, ys.max() ?? 0), shade: shade,
                    polygon: area.geometry.isPolygonal))
        }
        var grid = [[Character]](repeating: [Character](repeating: " ", count: columns), count: rows)
        var color = [[Int?]](repeating: [Int?](repeating: nil, count: columns), count: rows)
        for r in 0..<rows {
            for c in 0..<columns {
                let (px, py) = (Double(c) + 0.5, Double(r) + 0.5)
                for s in shapes where s.polygon && px >= s.box.0 && px <= s.box.2 && py >= s.box.1 && py <= s.box.3 {
                    guard Self.contains(s.rings, px, py) else { continue }
                    switch s.shade {
                    case -2: break  // outlines only: drawn in braille below
                    case -1: grid[r][c] = "?"
                    default:
                        let b = l.breaks!
                        grid[r][c] =
                            shades[
                                b.count <= 1 ? shades.count - 1 : Int((Double(s.shade) / Double(b.count - 1) * Double(shades.count - 1)).rounded())]
                        color[r][c] = b.ansi(s.shade)
                    }
                    break
                }
            }
        }
        // Without values, the areas' outlines in braille (2 × 4 dots a cell),
        // and the lines of line shapes in every map.
        var canvas = BrailleCanvas(columns: columns, rows: rows)
        for s in shapes where (s.polygon && l.breaks == nil) || (!s.polygon && s.rings.contains { $0.count > 1 }) {
            for ring in s.rings where ring.count > 1 {
                let dots = ring.map { (Int(($0.x * 2).rounded(.down)), Int(($0.y * 4).rounded(.down))) }
                for (a, b) in zip(dots, dots.dropFirst()) { _ = canvas.line(a, b) }
                if s.polygon, let first = dots.first, let last = dots.last { _ = canvas.line(last, first) }
            }
        }
        for r in 0..<rows {
            for c in 0..<columns where grid[r][c] == " " {
                if let ch = canvas.character(r, c) { grid[r][c] = ch }
            }
        }
        // Points (and point shapes) on top.
        var marks = spec.points.map { projection.point($0) }
        for s in shapes where !s.polygon { marks += s.rings.flatMap { $0 } }
        for m in marks {
            let c = Int(m.x), r = Int(m.y)
            if r >= 0, r < rows, c >= 0, c < columns { grid[r][c] = "●"; color[r][c] = nil }
        }
        for r in 0..<rows {
            var line = ""
            for c in 0..<columns {
                let ch = String(grid[r][c])
                line += options.color && color[r][c] != nil ? "\u{1B}[38;5;\(color[r][c]!)m" + ch + Ansi.reset : ch
            }
            out += TerminalChart.trimmed("  " + line) + "\n"
        }
        if let b = l.breaks {
            out += (spec.y ?? "") + ":\n"
            for c in 0..<b.count {
                let shade = shades[b.count <= 1 ? shades.count - 1 : Int((Double(c) / Double(b.count - 1) * Double(shades.count - 1)).rounded())]
                out += "  \(shade)\(shade) \(b.label(c))\n"
            }
            if l.withoutValue > 0 { out += "  ?? no value\n" }
        }
        for note in notes(l, spec) { out += "(\(note))\n" }
        return out
    }

    /// Even-odd rule over all rings: holes and separate parts come out right.
    static func contains(_ rings: [[(x: Double, y: Double)]], _ x: Double, _ y: Double) -> Bool {
        var inside = false
        for ring in rings where ring.count >= 3 {
            var j = ring.count - 1
            for i in 0..<ring.count {
                let (xi, yi) = ring[i], (xj, yj) = ring[j]
                if (yi > y) != (yj > y), x < (xj - xi) * (y - yi) / (yj - yi) + xi { inside.toggle() }
                j = i
            }
        }
        return inside
    }
}
