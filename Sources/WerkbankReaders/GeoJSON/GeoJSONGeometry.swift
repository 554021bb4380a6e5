import Foundation
import WerkbankEngine

/// The geometry of a feature, summed up while it is read: the bounding box, the
/// area-weighted centroid of its rings, and whether the coordinates are RD New.
extension GeoJSONScan {
    /// One feature's geometry summary.
    struct Shape {
        var type: String?
        var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
        /// Area-weighted centroid sums (signed by outer ring / hole).
        var area = 0.0, areaX = 0.0, areaY = 0.0
        var vertices = 0, sumX = 0.0, sumY = 0.0
        /// The shape itself, in the file's coordinates (RD New is converted
        /// when the table is built, once the file's system is known).
        var geometry: Geometry?
    }

    mutating func geometryValue() throws(Failure) -> Shape {
        var shape = Shape()
        parser.skipWhitespace()
        if parser.peek() != UInt8(ascii: "{") {
            _ = try skipValue()  // null (or something else that is no geometry)
            return shape
        }
        try geometry(&shape, depth: 0)
        return shape
    }

    mutating func geometry(_ shape: inout Shape, depth: Int) throws(Failure) {
        guard depth < 8 else { throw .syntax(parser.fail("geometry collections nested too deep")) }
        // The coordinates may come before the type: remember where they are.
        var type: String?
        var coordinatesAt: Int?
        var coordinatesText: [UInt8] = []
        if try open(UInt8(ascii: "{"), "a geometry object") {
            repeat {
                switch try key() {
                case "type": type = try stringValue()
                case "coordinates":
                    parser.skipWhitespace()
                    coordinatesAt = parser.pos
                    if try skipValue() == .nested { coordinatesText = parser.value }
                case "geometries":
                    if try open(UInt8(ascii: "["), "the geometries array") {
                        repeat {
                            parser.skipWhitespace()
                            if parser.peek() == UInt8(ascii: "{") { try geometry(&shape, depth: depth + 1) } else { _ = try skipValue() }
                        } while try next(UInt8(ascii: "]"))
                    }
                default: _ = try skipValue()
                }
            } while try next(UInt8(ascii: "}"))
        }
        if depth == 0 {
            shape.type = type
            shape.geometry = type.flatMap { Geometry.Kind(rawValue: $0) }.flatMap { GeoJSONPositions.geometry($0, coordinatesText) }
        }
        if let at = coordinatesAt {
            let resume = parser.pos
            parser.pos = at
            let polygonal = type == "Polygon" || type == "MultiPolygon"
            try coordinates(&shape, depth: 0, index: 0, polygonal: polygonal, ringDepth: type == "MultiPolygon" ? 2 : 1)
            ring.removeAll(keepingCapacity: true)
            parser.pos = resume
        }
    }

    /// Walks nested coordinate arrays; an array of numbers is a position, an
    /// array of positions a ring (or line); for polygons, ring index 0 in its
    /// polygon is the outer ring, the others holes.
    mutating func coordinates(_ shape: inout Shape, depth: Int, index: Int, polygonal: Bool, ringDepth: Int) throws(Failure) {
        guard depth < 6 else { throw .syntax(parser.fail("coordinates nested too deep")) }
        parser.skipWhitespace()
        guard parser.peek() == UInt8(ascii: "[") else { _ = try skipValue(); return }
        parser.pos += 1
        parser.skipWhitespace()
        if let b = parser.peek(), b == UInt8(ascii: "-") || NumberText.isDigit(b) {
            // A position: x, y (, z ignored).
            var numbers: [Double] = []
            repeat {
                let kind = try skipValue()
                guard kind == .int || kind == .float || kind == .bigInt,
                    let v = parser.value.withUnsafeBufferPointer({ b in
                        b.baseAddress.flatMap { NumberText.parseDouble($0, 0, b.count, separator: UInt8(ascii: ".")) }
                    })
                else {
                    throw .syntax(parser.fail("a coordinate must be a number"))
                }
                numbers.append(v)
            } while try next(UInt8(ascii: "]"))
            if numbers.count >= 2 { vertex(&shape, numbers[0], numbers[1]) }
            return
        }
        if parser.peek() == UInt8(ascii: "]") { parser.pos += 1; return }
        let startOfRing = ring.count
        var k = 0
        repeat {
            try coordinates(&shape, depth: depth + 1, index: k, polygonal: polygonal, ringDepth: ringDepth)
            k += 1
        } while try next(UInt8(ascii: "]"))
        if polygonal, depth == ringDepth {
            addRing(&shape, from: startOfRing, hole: index > 0)
            ring.removeSubrange(startOfRing...)
        }
    }

    mutating func vertex(_ shape: inout Shape, _ x: Double, _ y: Double) {
        if rd == nil { rd = GeoJSONScan.looksRD(x, y) }
        if rd == false, abs(x) > 180 || abs(y) > 90 { notDegrees = true }
        ring.append(x)
        ring.append(y)
        shape.vertices += 1
        shape.sumX += x
        shape.sumY += y
        let (lon, lat) = rd == true ? RDNew.toWGS84(x: x, y: y) : (x, y)
        shape.minX = min(shape.minX, lon); shape.maxX = max(shape.maxX, lon)
        shape.minY = min(shape.minY, lat); shape.maxY = max(shape.maxY, lat)
    }

    func addRing(_ shape: inout Shape, from start: Int, hole: Bool) {
        let n = (ring.count - start) / 2
        guard n >= 3 else { return }
        var a = 0.0, cx = 0.0, cy = 0.0
        // Relative to the first vertex, for precision with large RD numbers.
        let x0 = ring[start], y0 = ring[start + 1]
        for i in 0..<n {
            let j = (i + 1) % n
            let xi = ring[start + 2 * i] - x0, yi = ring[start + 2 * i + 1] - y0
            let xj = ring[start + 2 * j] - x0, yj = ring[start + 2 * j + 1] - y0
            let cross = xi * yj - xj * yi
            a += cross
            cx += (xi + xj) * cross
            cy += (yi + yj) * cross
        }
        guard a != 0 else { return }
        let area = abs(a) / 2
        let centroidX = cx / (3 * a) + x0, centroidY = cy / (3 * a) + y0
        let sign = hole ? -1.0 : 1.0
        shape.area += sign * area
        shape.areaX += sign * area * centroidX
        shape.areaY += sign * area * centroidY
    }

    static func looksRD(_ x: Double, _ y: Double) -> Bool {
        (-7_000...300_000).contains(x) && (289_000...629_000).contains(y)
    }
}

/// The positions of a geometry's `coordinates`, from their compact JSON text:
/// nested arrays of numbers, as deep as the kind says (a point 0, a line 1, a
/// polygon 2, a multi-polygon 3).
enum GeoJSONPositions {
    static func geometry(_ kind: Geometry.Kind, _ text: [UInt8]) -> Geometry? {
        var reader = Reader(bytes: text)
        guard let tree = reader.value(depth: 0), reader.atEnd else { return nil }
        func position(_ t: Tree) -> Geometry.Position? {
            guard case .array(let items) = t, items.count >= 2, case .number(let x) = items[0], case .number(let y) = items[1] else { return nil }
            return Geometry.Position(x, y)
        }
        func ring(_ t: Tree) -> [Geometry.Position]? {
            guard case .array(let items) = t else { return nil }
            var out: [Geometry.Position] = []
            out.reserveCapacity(items.count)
            for item in items { guard let p = position(item) else { return nil }; out.append(p) }
            return out
        }
        func rings(_ t: Tree) -> [[Geometry.Position]]? {
            guard case .array(let items) = t else { return nil }
            var out: [[Geometry.Position]] = []
            for item in items { guard let r = ring(item) else { return nil }; out.append(r) }
            return out
        }
        let parts: [[[Geometry.Position]]]?
        switch kind {
        case .point: parts = position(tree).map { [[[$0]]] }
        case .multiPoint: parts = ring(tree).map { $0.map { [[$0]] } }
        case .lineString: parts = ring(tree).map { [[$0]] }
        case .multiLineString: parts = rings(tree).map { $0.map { [$0] } }
        case .polygon: parts = rings(tree).map { [$0] }
        case .multiPolygon:
            guard case .array(let items) = tree else { return nil }
            var out: [[[Geometry.Position]]] = []
            for item in items { guard let r = rings(item) else { return nil }; out.append(r) }
            parts = out
        }
        return parts.map { Geometry(kind: kind, parts: $0) }
    }

    indirect enum Tree {
        case number(Double)
        case array([Tree])
    }

    /// Arrays and numbers only (compact JSON: no blanks), at most 6 deep.
    struct Reader {
        let bytes: [UInt8]
        var pos = 0
        var atEnd: Bool { pos == bytes.count }

        mutating func value(depth: Int) -> Tree? {
            guard depth < 6, pos < bytes.count else { return nil }
            if bytes[pos] == UInt8(ascii: "[") {
                pos += 1
                var items: [Tree] = []
                if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(items) }
                while true {
                    guard let item = value(depth: depth + 1) else { return nil }
                    items.append(item)
                    guard pos < bytes.count else { return nil }
                    if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
                    if bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(items) }
                    return nil
                }
            }
            let start = pos
            while pos < bytes.count, bytes[pos] != UInt8(ascii: ","), bytes[pos] != UInt8(ascii: "]") { pos += 1 }
            let number = bytes[start..<pos].withUnsafeBufferPointer { b in
                b.baseAddress.flatMap { NumberText.parseDouble($0, 0, b.count, separator: UInt8(ascii: ".")) }
            }
            return number.map { .number($0) }
        }
    }
}
