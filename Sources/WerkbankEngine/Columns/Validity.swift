/// A validity bitmap: bit `i` set means row `i` holds a value, clear means null.
///
/// A column without nulls carries no bitmap at all (`Column.validity == nil`),
/// so the common case costs nothing.
public struct Validity: Sendable, Equatable {
    public private(set) var words: [UInt64]
    public private(set) var count: Int

    /// All `count` rows valid (`true`) or all null (`false`).
    public init(count: Int, allValid: Bool) {
        self.count = count
        let n = (count + 63) >> 6
        words = [UInt64](repeating: allValid ? ~0 : 0, count: n)
        if allValid, count & 63 != 0, n > 0 { words[n - 1] = (1 << UInt64(count & 63)) - 1 }
    }

    /// From bitmap words (bits past `count` clear).
    init(words: [UInt64], count: Int) {
        self.words = words
        self.count = count
    }

    public init(_ bits: [Bool]) {
        self.init(count: bits.count, allValid: false)
        for (i, b) in bits.enumerated() where b { set(i) }
    }

    @inline(__always) public func isValid(_ i: Int) -> Bool {
        words[i >> 6] & (1 << UInt64(i & 63)) != 0
    }

    @inline(__always) public mutating func set(_ i: Int) {
        words[i >> 6] |= (1 << UInt64(i & 63))
    }

    @inline(__always) public mutating func clear(_ i: Int) {
        words[i >> 6] &= ~(1 << UInt64(i & 63))
    }

    public mutating func append(_ valid: Bool) {
        if count & 63 == 0 { words.append(0) }
        if valid { words[count >> 6] |= (1 << UInt64(count & 63)) }
        count += 1
    }

    /// Number of null rows.
    public var nullCount: Int {
        var valid = 0
        for w in words { valid += w.nonzeroBitCount }
        return count - valid
    }

    /// The bits at `indices`; a negative index is null.
    public func gather(_ indices: [Int32]) -> Validity {
        var out = [UInt64](repeating: 0, count: (indices.count + 63) >> 6)
        words.withUnsafeBufferPointer { w in
            indices.withUnsafeBufferPointer { idx in
                out.withUnsafeMutableBufferPointer { o in
                    for j in 0..<idx.count {
                        let i = Int(idx[j])
                        let bit = i < 0 ? 0 : (w[i &>> 6] &>> UInt64(i & 63)) & 1
                        o[j &>> 6] |= bit &<< UInt64(j & 63)
                    }
                }
            }
        }
        return Validity(words: out, count: indices.count)
    }

    public func slice(_ range: Range<Int>) -> Validity {
        var out = Validity(count: range.count, allValid: false)
        for (j, i) in range.enumerated() where isValid(i) { out.set(j) }
        return out
    }

    /// Both valid: the AND of two optional bitmaps (nil means all valid).
    public static func and(_ a: Validity?, _ b: Validity?) -> Validity? {
        guard let a else { return b }
        guard let b else { return a }
        var out = a
        for k in 0..<out.words.count { out.words[k] &= b.words[k] }
        return out
    }
}
