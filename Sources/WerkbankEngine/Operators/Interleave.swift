/// Columns of one type woven row by row: for `k` columns of `n` rows, output
/// row `r * k + j` is row `r` of column `j` (what `unpivot` makes of a wide
/// table). Nil when the types differ.
public enum Interleave {
    public static func columns(_ columns: [Column], rowCount n: Int, cancel: CancellationToken) throws(EngineError) -> Column? {
        guard let first = columns.first, columns.allSatisfy({ $0.type == first.type }) else { return nil }
        let k = columns.count
        func weave<T>(_ arrays: [[T]]) throws(EngineError) -> [T] {
            var out: [T] = []
            out.reserveCapacity(n * k)
            for r in 0..<n {
                if r & 0xFFFF == 0 { try cancel.check() }
                for j in 0..<k { out.append(arrays[j][r]) }
            }
            return out
        }
        let storage: Column.Storage
        switch first.storage {
        case .int: storage = .int(try weave(columns.map { if case .int(let v) = $0.storage { v } else { [] } }))
        case .float: storage = .float(try weave(columns.map { if case .float(let v) = $0.storage { v } else { [] } }))
        case .bool: storage = .bool(try weave(columns.map { if case .bool(let v) = $0.storage { v } else { [] } }))
        case .date: storage = .date(try weave(columns.map { if case .date(let v) = $0.storage { v } else { [] } }))
        case .geometry: storage = .geometry(try weave(columns.map { if case .geometry(let v) = $0.storage { v } else { [] } }))
        case .string:
            // One dictionary for all: each column's codes mapped into it.
            var builder = StringDictionaryBuilder()
            var codes: [[Int32]] = []
            for c in columns {
                guard case .string(let cs, let dictionary) = c.storage else { return nil }
                let remap = dictionary.values.map { builder.code(for: $0) }
                codes.append(cs.map { remap[Int($0)] })
            }
            storage = .string(codes: try weave(codes), dictionary: builder.build())
        }
        guard columns.contains(where: { $0.validity != nil }) else { return Column(storage) }
        var validity = Validity(count: n * k, allValid: false)
        for r in 0..<n {
            for j in 0..<k where !columns[j].isNull(r) { validity.set(r * k + j) }
        }
        return Column(storage, validity: validity)
    }
}
