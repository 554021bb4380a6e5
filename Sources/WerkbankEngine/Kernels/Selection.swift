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

    /// `a[i] && b[i]` (or `||`) into `a`, on the flags' bytes: no branch a
    /// row (a branch on random flags is mispredicted half the time).
    public static func combine(_ a: inout [Bool], _ b: [Bool], isAnd: Bool) {
        precondition(a.count == b.count)
        b.withUnsafeBytes { b in
            flags(&a) { out in
                if isAnd {
                    for i in 0..<out.count { out[i] &= b[i] }
                } else {
                    for i in 0..<out.count { out[i] |= b[i] }
                }
            }
        }
    }

    /// Bools as their bytes (0 or 1), for branch-free kernels.
    @inline(__always) static func flags(_ a: inout [Bool], _ body: (UnsafeMutableRawBufferPointer) -> Void) {
        a.withUnsafeMutableBytes { raw in body(raw) }
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
