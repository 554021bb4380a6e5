/// An open-addressing hash map from Int64 keys to dense ids 0, 1, 2, … in
/// order of first insertion. The workhorse of group-by, distinct and join.
struct DenseIDMap {
    private var keys: [Int64]
    private var ids: [Int32]
    private var mask: Int
    private(set) var count = 0

    init(expected: Int) {
        var capacity = 16
        while capacity < expected * 2 { capacity <<= 1 }
        keys = [Int64](repeating: 0, count: capacity)
        ids = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
    }

    @inline(__always) private static func hash(_ k: Int64) -> Int {
        // A 64-bit mix (from splitmix64) so that sequential keys spread out.
        var x = UInt64(bitPattern: k)
        x = (x ^ (x >> 30)) &* 0xbf58476d1ce4e5b9
        x = (x ^ (x >> 27)) &* 0x94d049bb133111eb
        x = x ^ (x >> 31)
        return Int(truncatingIfNeeded: x)
    }

    /// The id of `key`, assigning the next one if it is new.
    @inline(__always) mutating func id(for key: Int64) -> Int32 {
        var slot = Self.hash(key) & mask
        while true {
            let id = ids[slot]
            if id < 0 {
                if count * 2 >= mask {
                    grow()
                    return self.id(for: key)
                }
                keys[slot] = key
                ids[slot] = Int32(truncatingIfNeeded: count)
                count += 1
                return ids[slot]
            }
            if keys[slot] == key { return id }
            slot = (slot + 1) & mask
        }
    }

    /// The id of `key` if present.
    @inline(__always) func find(_ key: Int64) -> Int32? {
        var slot = Self.hash(key) & mask
        while true {
            let id = ids[slot]
            if id < 0 { return nil }
            if keys[slot] == key { return id }
            slot = (slot + 1) & mask
        }
    }

    private mutating func grow() {
        let oldKeys = keys, oldIDs = ids
        let capacity = (mask + 1) * 2
        keys = [Int64](repeating: 0, count: capacity)
        ids = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
        for (k, id) in zip(oldKeys, oldIDs) where id >= 0 {
            var slot = Self.hash(k) & mask
            while ids[slot] >= 0 { slot = (slot + 1) & mask }
            keys[slot] = k
            ids[slot] = id
        }
    }
}
