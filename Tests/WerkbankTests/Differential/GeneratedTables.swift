import Foundation

/// Deterministic random numbers (SplitMix64) for generated tests.
struct SeededRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }
    mutating func chance(_ p: Double) -> Bool { Double(next() % 10_000) / 10_000 < p }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
}

/// A generated table, written both as CSV (for werkbank) and as SQL (for sqlite3).
struct GeneratedTable {
    enum Kind { case int, float, string, date }
    var name: String
    var columns: [(String, Kind)]
    var rows: [[String?]]

    static let words = ["Zuid", "Noord", "oost", "West-End", "Zuidas", "de Kroon", "Keile", "hof", "Hof", "Ölmühle"]

    static func make(_ name: String, rows n: Int, rng: inout SeededRandom, keyRange: ClosedRange<Int> = 0...6) -> GeneratedTable {
        let columns: [(String, Kind)] = [("k", .int), ("g", .string), ("x", .int), ("y", .float), ("s", .string), ("d", .date)]
        var rows: [[String?]] = []
        for i in 0..<n {
            // The first rows hold no nulls so that every column's type is clear.
            let nulls = i >= 3
            let k: String? = nulls && rng.chance(0.1) ? nil : String(rng.int(keyRange))
            let g: String? = nulls && rng.chance(0.1) ? nil : rng.pick(["a", "b", "c", "d"])
            let x: String? = nulls && rng.chance(0.15) ? nil : String(rng.int(-50...100))
            let y: String? = nulls && rng.chance(0.15) ? nil : String(format: "%.2f", Double(rng.int(-5000...10000)) / 100)
            let s: String? = nulls && rng.chance(0.1) ? nil : rng.pick(words)
            let d: String? = nulls && rng.chance(0.1) ? nil : String(format: "20%02d-%02d-%02d", rng.int(0...24), rng.int(1...12), rng.int(1...28))
            rows.append([k, g, x, y, s, d])
        }
        return GeneratedTable(name: name, columns: columns, rows: rows)
    }

    var csv: String {
        var out = columns.map(\.0).joined(separator: ",") + "\n"
        for row in rows { out += row.map { $0 ?? "" }.joined(separator: ",") + "\n" }
        return out
    }

    var sql: String {
        let types = columns.map { c -> String in
            switch c.1 {
            case .int: "\(c.0) INTEGER"
            case .float: "\(c.0) REAL"
            case .string, .date: "\(c.0) TEXT"
            }
        }
        var out = "CREATE TABLE \(name) (\(types.joined(separator: ", ")));\n"
        for row in rows {
            let values = zip(row, columns).map { v, c -> String in
                guard let v else { return "NULL" }
                switch c.1 {
                case .int, .float: return v
                case .string, .date: return "'" + v.replacingOccurrences(of: "'", with: "''") + "'"
                }
            }
            out += "INSERT INTO \(name) VALUES (\(values.joined(separator: ", ")));\n"
        }
        return out
    }
}
