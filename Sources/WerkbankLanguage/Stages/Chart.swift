import WerkbankEngine
import WerkbankRender

/// `chart bar X Y [by G [stacked]]`, `chart hist COL [bins=N]`, `chart line X Y [by G]`,
/// `chart scatter X Y [by G]`, with `title="..."` and `width=N`: draws the result
/// instead of listing it.
struct ChartStage: Stage {
    let spec: ChartSpec
    let spans: [String: SourceSpan]
    /// map: `points=TABLE`, with its span.
    var pointsTable: (String, SourceSpan)?

    static let help = StageHelp(
        name: "chart",
        syntax: "chart bar X Y [by G [stacked]] | chart hist COL [bins=N] | chart line X Y [by G] | chart scatter X Y [by G] | chart map GEOMETRY [VALUE] [classes=N] [points=TABLE] [title=\"...\"] [width=N]",
        summary: "draw the result as a chart (terminal: Unicode blocks and braille; HTML export and save \"x.svg\": SVG)",
        details: """
            bar: one bar per row, X labels, Y numbers (the 40 largest when there are more). hist: counts of COL in N
            equal bins (default 10). line: Y against X (numbers or dates), sorted by X. scatter: one marker per row.
            by G: a series per value of G (at most 8), told apart by colour and by marker, dash or fill, with a legend;
            bars side by side, or stacked. Axes have nice ticks (1-2-5 steps) and are labelled with the columns.
            Rows with nulls are left out and counted in a note. With --format csv/json the chart's data is written:
            the rows drawn, with the columns X, Y and G (a histogram: its bins, low, high, count). map: the shapes of a
            geometry column (a GeoJSON file's), filled by classes of VALUE (quantiles, sequential blues, grey for no value)
            or as outlines; Web Mercator, simplified to the output's resolution.
            """,
        options: [
            OptionDeclaration("title", .string, "a title above the chart"),
            OptionDeclaration("bins", .integer(1...200), "hist only: the number of bins (default 10)"),
            OptionDeclaration("width", .integer(20...400), "the width in characters"),
            OptionDeclaration("classes", .integer(1...7), "map only: the number of classes of the values (quantiles, default 5)"),
            OptionDeclaration("points", .table, "map only: a table of points to draw on top (lon and lat columns, or point shapes)"),
        ],
        examples: [
            Example("cases | where entrepreneurs is not null | chart bar name entrepreneurs", "name,entrepreneurs\nKeilepand,19\nKeilewerf I-II,80\nDe Kroon,120\nHillevliet,30\nHof van Cartesius,110\n"),
            Example("cases | where founded is not null and entrepreneurs is not null | chart scatter founded entrepreneurs by city",
                    "founded,entrepreneurs,city\n2015,19,Rotterdam\n2014,80,Rotterdam\n2017,120,Rotterdam\n2022,30,Rotterdam\n2017,110,Utrecht\n"),
        ])

    static func parse(_ p: inout Parser, keyword: Token) throws(Diagnostic) -> ChartStage {
        p.expecting(.keywords(ChartSpec.Kind.allCases.map(\.rawValue)))
        let kindToken = p.current
        guard kindToken.kind == .identifier, let kind = ChartSpec.Kind(rawValue: kindToken.text.lowercased()) else {
            throw Diagnostic("expected a chart kind: bar, hist, line, scatter or map", at: kindToken.span,
                             hint: DidYouMean.hint(kindToken.text, among: ChartSpec.Kind.allCases.map(\.rawValue)).map { $0 }
                                ?? "e.g. chart bar name entrepreneurs")
        }
        p.advance()
        var spans: [String: SourceSpan] = [:]
        let (x, xs) = try p.parseName(kind == .hist ? "the column to count" : kind == .map ? "the geometry column" : "the column for the x axis")
        spans["x"] = xs
        var y: String?
        if kind == .map {
            // The value is optional: without it the map draws outlines.
            if p.current.kind == .identifier || p.current.kind == .quotedIdentifier, p.peek().kind != .assign {
                let (name, span) = try p.parseName("the column of values")
                y = name
                spans["y"] = span
            }
        } else if kind != .hist {
            let (name, span) = try p.parseName("the column of values (y)")
            y = name
            spans["y"] = span
        }
        var spec = ChartSpec(kind: kind, x: x, y: y)
        var pointsTable: (String, SourceSpan)?
        if kind != .hist, kind != .map, p.acceptKeyword("by") {
            let (g, gs) = try p.parseName("the column whose values make the series")
            spec.group = g
            spans["group"] = gs
            if kind == .bar, p.acceptKeyword("stacked") { spec.stacked = true }
        }
        // bins is for histograms only, classes and points for maps.
        let offered = help.options.filter { option in
            switch option.name {
            case "bins": kind == .hist
            case "classes", "points": kind == .map
            default: true
            }
        }
        for option in try p.parseOptions(offered) {
            try offered.check(option, of: "chart")
            switch option.key {
            case "title": spec.title = option.value.text
            case "bins": spec.bins = Int(option.value.text) ?? spec.bins
            case "width": spec.width = Int(option.value.text) ?? spec.width
            case "classes": spec.classes = Int(option.value.text) ?? spec.classes
            case "points": pointsTable = (option.value.text, option.value.span)
            default: break
            }
        }
        return ChartStage(spec: spec, spans: spans, pointsTable: pointsTable)
    }

    func neededInput(_ downstream: Set<String>?) -> Set<String>? {
        downstream?.union([spec.x] + [spec.y, spec.group].compactMap { $0 })
    }

    func bind(_ input: Schema, _ ctx: BindContext) throws(Diagnostic) -> BoundStage {
        let binder = ctx.binder(input)
        let xi = try binder.columnIndex(spec.x, spans["x"] ?? SourceSpan(0, 0))
        let xt = input[xi].type
        switch spec.kind {
        case .hist:
            guard xt.isNumeric || xt == .date else {
                throw Diagnostic("a histogram needs numbers; \(spec.x) is \(xt.rawValue)", at: spans["x"],
                                 hint: "count text values with count by \(spec.x), or chart bar")
            }
        case .line, .scatter:
            guard xt.isNumeric || xt == .date else {
                throw Diagnostic("the x axis of a \(spec.kind.rawValue) chart needs numbers or dates; \(spec.x) is \(xt.rawValue)",
                                 at: spans["x"], hint: "use chart bar for labels")
            }
        case .map:
            guard xt == .geometry else {
                throw Diagnostic("a map needs a geometry column; \(spec.x) is \(xt.rawValue)", at: spans["x"],
                                 hint: "load a GeoJSON file: its shapes are in the column geometry")
            }
        case .bar: break
        }
        var spec = self.spec
        if let (name, span) = pointsTable { spec.points = try Self.points(try ctx.table(name, span), name, span) }
        if let y = spec.y {
            let yi = try binder.columnIndex(y, spans["y"] ?? SourceSpan(0, 0))
            guard input[yi].type.isNumeric else {
                throw Diagnostic("chart values must be numbers; \(y) is \(input[yi].type.rawValue)", at: spans["y"],
                                 hint: "count them first: count by \(y)")
            }
        }
        if let group = spec.group { _ = try binder.columnIndex(group, spans["group"] ?? SourceSpan(0, 0)) }
        return BoundStage(output: input, presentation: .chart(spec)) { table, _ in table }
    }

    /// The points of `points=TABLE`: its point shapes, or its lon and lat columns.
    static func points(_ table: Table, _ name: String, _ span: SourceSpan) throws(Diagnostic) -> [Geometry.Position] {
        if let g = table.fields.first(where: { $0.type == .geometry }).flatMap({ table.column($0.name) }), case .geometry(let shapes) = g.storage {
            let points = shapes.indices.filter { !g.isNull($0) && (shapes[$0].kind == .point || shapes[$0].kind == .multiPoint) }
                .flatMap { shapes[$0].parts.flatMap { $0.flatMap { $0 } } }
            if !points.isEmpty { return points }
        }
        guard let lon = table.column("lon"), let lat = table.column("lat"), lon.type.isNumeric, lat.type.isNumeric else {
            throw Diagnostic("\(name) has no point shapes and no lon and lat columns", at: span, hint: "points= needs longitude and latitude")
        }
        let x = Arithmetic.toFloat(lon).doubles(), y = Arithmetic.toFloat(lat).doubles()
        return (0..<table.rowCount).filter { !lon.isNull($0) && !lat.isNull($0) && x[$0].isFinite && y[$0].isFinite }
            .map { Geometry.Position(x[$0], y[$0]) }
    }
}
