/// Selection vectors: the row indices a filter keeps.
public enum Selection {
    /// The rows whose flag is set (`Evaluator.holds`: null already false).
    /// - Complexity: O(n)
    public static func whereTrue(_ flags: [Bool]) -> [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(flags.count / 4)
        flags.withUnsafeBufferPointer { v in
            for i in 0..<v.count where v[i] { out.append(Int32(truncatingIfNeeded: i)) }
        }
        return out
    }

    /// How many rows `whereTrue` would keep, without building the vector:
    /// the flags' bytes added, no branch a row.
    /// - Complexity: O(n)
    public static func countTrue(_ flags: [Bool]) -> Int {
        var n = 0
        flags.withUnsafeBytes { bytes in
            for byte in bytes { n &+= Int(byte) }
        }
        return n
    }
}
