/// A grid of braille characters, each a 2×4 block of dots, for line and
/// scatter charts in a terminal.
struct BrailleCanvas {
    let columns: Int
    let rows: Int
    private var cells: [UInt8]

    init(columns: Int, rows: Int) {
        self.columns = max(1, columns)
        self.rows = max(1, rows)
        cells = [UInt8](repeating: 0, count: self.columns * self.rows)
    }

    var dotWidth: Int { columns * 2 }
    var dotHeight: Int { rows * 4 }

    /// Sets dot (x, y), y counted from the top; outside points are ignored.
    mutating func set(_ x: Int, _ y: Int) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        let bits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]
        cells[(y / 4) * columns + x / 2] |= bits[x % 2][y % 4]
    }

    /// A straight line of dots (Bresenham).
    mutating func line(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int) {
        var x = x0, y = y0
        let dx = abs(x1 - x0), dy = -abs(y1 - y0)
        let sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
        var err = dx + dy
        var steps = 0
        while steps <= dotWidth + dotHeight {
            set(x, y)
            if x == x1 && y == y1 { return }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x += sx }
            if e2 <= dx { err += dx; y += sy }
            steps += 1
        }
    }

    func line(_ row: Int) -> String {
        String(String.UnicodeScalarView((0..<columns).compactMap { Unicode.Scalar(0x2800 + UInt32(cells[row * columns + $0])) }))
    }
}
