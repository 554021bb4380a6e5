import Foundation

/// Dutch RD New (Rijksdriehoeksmeting, EPSG:28992) to WGS84, with the
/// polynomial approximation of F.H. Schreutelkamp and G.L. Strang van Hees
/// ("Benaderingsformules voor de transformatie tussen RD- en WGS84-
/// kaartcoördinaten", 2001): accurate to about a metre within the Netherlands.
public enum RDNew {
    static let x0 = 155_000.0, y0 = 463_000.0
    static let phi0 = 52.15517440, lambda0 = 5.38720621
    /// (p, q, K): latitude terms K·dX^p·dY^q, in arc seconds.
    static let k: [(Int, Int, Double)] = [
        (0, 1, 3235.65389), (2, 0, -32.58297), (0, 2, -0.24750), (2, 1, -0.84978), (0, 3, -0.06550),
        (2, 2, -0.01709), (1, 0, -0.00738), (4, 0, 0.00530), (2, 3, -0.00039), (4, 1, 0.00033), (1, 1, -0.00012),
    ]
    /// (p, q, L): longitude terms.
    static let l: [(Int, Int, Double)] = [
        (1, 0, 5260.52916), (1, 1, 105.94684), (1, 2, 2.45656), (3, 0, -0.81885), (1, 3, 0.05594),
        (3, 1, -0.05607), (0, 1, 0.01199), (3, 2, -0.00256), (1, 4, 0.00128), (0, 2, 0.00022), (2, 0, -0.00022),
        (5, 0, 0.00026),
    ]

    /// (longitude, latitude) in degrees.
    public static func toWGS84(x: Double, y: Double) -> (Double, Double) {
        let dx = (x - x0) * 1e-5, dy = (y - y0) * 1e-5
        func power(_ v: Double, _ n: Int) -> Double {
            var r = 1.0
            for _ in 0..<n { r *= v }
            return r
        }
        var phi = 0.0, lambda = 0.0
        for (p, q, c) in k { phi += c * power(dx, p) * power(dy, q) }
        for (p, q, c) in l { lambda += c * power(dx, p) * power(dy, q) }
        return (lambda0 + lambda / 3600, phi0 + phi / 3600)
    }
}
