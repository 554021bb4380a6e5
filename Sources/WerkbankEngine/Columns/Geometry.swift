/// A GeoJSON geometry, coordinates in WGS84 (longitude, latitude): points,
/// lines and polygons, single or multi. Every kind is held as parts → rings →
/// positions: a polygon's first ring is its outline and the others its holes;
/// a line is one ring; a point is a ring of one position.
public struct Geometry: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case point = "Point", multiPoint = "MultiPoint", lineString = "LineString"
        case multiLineString = "MultiLineString", polygon = "Polygon", multiPolygon = "MultiPolygon"
    }

    public struct Position: Sendable, Hashable {
        public var x: Double
        public var y: Double
        public init(_ x: Double, _ y: Double) {
            self.x = x
            self.y = y
        }
    }

    public var kind: Kind
    public var parts: [[[Position]]]

    public init(kind: Kind, parts: [[[Position]]]) {
        self.kind = kind
        self.parts = parts
    }

    /// What a null row holds.
    public static let empty = Geometry(kind: .point, parts: [])

    public var positionCount: Int { parts.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } } }

    public var isPolygonal: Bool { kind == .polygon || kind == .multiPolygon }

    /// The bounding box (min x, min y, max x, max y); nil without positions.
    public var bounds: (minX: Double, minY: Double, maxX: Double, maxY: Double)? {
        var b: (Double, Double, Double, Double)?
        for part in parts {
            for ring in part {
                for p in ring {
                    if let c = b { b = (min(c.0, p.x), min(c.1, p.y), max(c.2, p.x), max(c.3, p.y)) } else { b = (p.x, p.y, p.x, p.y) }
                }
            }
        }
        return b.map { (minX: $0.0, minY: $0.1, maxX: $0.2, maxY: $0.3) }
    }

    /// What a table shows for it: `MultiPolygon (3 parts, 1,204 points)`.
    public var summary: String {
        let points = positionCount
        let pointText = "\(NumberText.thousands(points)) point\(points == 1 ? "" : "s")"
        switch kind {
        case .point: return "Point"
        case .polygon, .lineString: return "\(kind.rawValue) (\(pointText))"
        case .multiPoint: return "MultiPoint (\(pointText))"
        case .multiPolygon, .multiLineString:
            return "\(kind.rawValue) (\(parts.count) part\(parts.count == 1 ? "" : "s"), \(pointText))"
        }
    }

    /// GeoJSON text of the geometry (coordinates in shortest round-trip form).
    public var geoJSON: String {
        func position(_ p: Position) -> String { "[\(Self.number(p.x)),\(Self.number(p.y))]" }
        func ring(_ r: [Position]) -> String { "[" + r.map(position).joined(separator: ",") + "]" }
        func part(_ p: [[Position]]) -> String { "[" + p.map(ring).joined(separator: ",") + "]" }
        let coordinates: String
        switch kind {
        case .point: coordinates = parts.first?.first?.first.map(position) ?? "[]"
        case .multiPoint: coordinates = "[" + parts.compactMap { $0.first?.first }.map(position).joined(separator: ",") + "]"
        case .lineString: coordinates = parts.first?.first.map(ring) ?? "[]"
        case .multiLineString: coordinates = "[" + parts.compactMap(\.first).map(ring).joined(separator: ",") + "]"
        case .polygon: coordinates = parts.first.map(part) ?? "[]"
        case .multiPolygon: coordinates = "[" + parts.map(part).joined(separator: ",") + "]"
        }
        return "{\"type\":\"\(kind.rawValue)\",\"coordinates\":\(coordinates)}"
    }

    static func number(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return "\(d)"
    }
}
