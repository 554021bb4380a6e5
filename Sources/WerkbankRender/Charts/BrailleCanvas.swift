/// A grid of braille characters, each a 2×4 block of dots, for line charts
/// in a terminal.
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

    /// Sets dot (x, y), y counted from the top, and returns its cell (row ×
    /// columns + column); outside points are ignored.
    @discardableResult
    mutating func set(_ x: Int, _ y: Int) -> Int? {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return nil }
        let bits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]
        let cell = (y / 4) * columns + x / 2
        cells[cell] |= bits[x % 2][y % 4]
        return cell
    }

    /// A straight line of dots (Bresenham); the cells it touched.
    mutating func line(_ from: (Int, Int), _ to: (Int, Int)) -> [Int] {
        var x = from.0, y = from.1
        let dx = abs(to.0 - x), dy = -abs(to.1 - y)
        let sx = x < to.0 ? 1 : -1, sy = y < to.1 ? 1 : -1
        var err = dx + dy
        var touched: [Int] = []
        for _ in 0...(dotWidth + dotHeight) {
            if let cell = set(x, y), touched.last != cell { touched.append(cell) }
            if x == to.0 && y == to.1 { break }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x += sx }
            if e2 <= dx { err += dx; y += sy }
        }
        return touched
    }

    /// The braille character of a cell; nil when no dot is set (drawn as a
    /// space, so no blank U+2800 reaches a copy-paste).
    func character(_ row: Int, _ column: Int) -> Character? {
        let bits = cells[row * columns + column]
        return bits == 0 ? nil : Character(Unicode.Scalar(0x2800 + UInt32(bits))!)
    }
}
