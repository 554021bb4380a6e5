/// Selection vectors: the row indices a filter keeps.
public enum Selection {
    /// Rows where the predicate is true (null counts as false).
    /// - Complexity: O(n)
    public static func whereTrue(_ predicate: Column) -> [Int32] {
        guard case .bool(let values) = predicate.storage else { return [] }
        var out: [Int32] = []
        out.reserveCapacity(values.count / 4)
        values.withUnsafeBufferPointer { v in
            if let validity = predicate.validity {
                for i in 0..<v.count where v[i] && validity.isValid(i) { out.append(Int32(truncatingIfNeeded: i)) }
            } else {
                for i in 0..<v.count where v[i] { out.append(Int32(truncatingIfNeeded: i)) }
            }
        }
        return out
    }

    /// How many rows `whereTrue` would keep, without building the vector.
    /// - Complexity: O(n)
    public static func countTrue(_ predicate: Column) -> Int {
        guard case .bool(let values) = predicate.storage else { return 0 }
        var n = 0
        values.withUnsafeBufferPointer { v in
            if let validity = predicate.validity {
                for i in 0..<v.count where v[i] && validity.isValid(i) { n += 1 }
            } else {
                for i in 0..<v.count where v[i] { n += 1 }
            }
        }
        return n
    }
}
