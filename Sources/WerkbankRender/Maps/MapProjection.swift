#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WerkbankEngine

/// Web Mercator, fitted to a box with the aspect ratio kept: north up, a
/// degree of longitude as wide everywhere, latitudes stretched as on web
/// maps (at the Netherlands' 51–53.5° N a kilometre is as long both ways).
struct MapProjection {
    let minX: Double, maxY: Double, scale: Double
    let xStretch: Double
    /// The drawing's size in output units, within the box asked for.
    let width: Double, height: Double

    static func mercatorY(_ lat: Double) -> Double {
        let φ = max(-85, min(85, lat)) * .pi / 180
        return log(tan(.pi / 4 + φ / 2)) * 180 / .pi
    }

    /// Fits the bounds (longitude/latitude) into `width` × `height`;
    /// `xStretch` widens x (a terminal cell is about twice as tall as wide).
    init(bounds: (minX: Double, minY: Double, maxX: Double, maxY: Double), width: Double, height: Double, xStretch: Double = 1) {
        let y0 = Self.mercatorY(bounds.minY), y1 = Self.mercatorY(bounds.maxY)
        let spanX = max(bounds.maxX - bounds.minX, 1e-9) * xStretch, spanY = max(y1 - y0, 1e-9)
        scale = min(width / spanX, height / spanY)
        self.width = spanX * scale
        self.height = spanY * scale
        minX = bounds.minX
        maxY = y1
        self.xStretch = xStretch
    }

    func point(_ p: Geometry.Position) -> (x: Double, y: Double) {
        ((p.x - minX) * xStretch * scale, (maxY - Self.mercatorY(p.y)) * scale)
    }
}

/// Douglas–Peucker line simplification in output units: points closer than
/// `tolerance` to the line through their neighbours go (iteratively, so a
/// ring of any length is safe). A ring keeps at least its first, middle and
/// last points.
enum Simplify {
    static func douglasPeucker(_ points: [(x: Double, y: Double)], tolerance: Double) -> [(x: Double, y: Double)] {
        guard points.count > 3 else { return points }
        var keep = [Bool](repeating: false, count: points.count)
        keep[0] = true
        keep[points.count - 1] = true
        keep[points.count / 2] = true
        var stack = [(0, points.count / 2), (points.count / 2, points.count - 1)]
        while let (a, b) = stack.popLast() {
            guard b > a + 1 else { continue }
            let (ax, ay) = points[a], (bx, by) = points[b]
            let dx = bx - ax, dy = by - ay
            let length = (dx * dx + dy * dy).squareRoot()
            var worst = -1.0, at = -1
            for i in (a + 1)..<b {
                let (px, py) = points[i]
                let d = length == 0 ? ((px - ax) * (px - ax) + (py - ay) * (py - ay)).squareRoot()
                    : abs(dy * px - dx * py + bx * ay - by * ax) / length
                if d > worst { worst = d; at = i }
            }
            if worst > tolerance, at > 0 {
                keep[at] = true
                stack.append((a, at))
                stack.append((at, b))
            }
        }
        return points.indices.filter { keep[$0] }.map { points[$0] }
    }
}
