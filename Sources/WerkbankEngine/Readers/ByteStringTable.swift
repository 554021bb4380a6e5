/// A hash set of byte strings that hands out dense codes in order of first
/// insertion: the per-chunk string dictionary of the CSV reader.
///
/// Open addressing with linear probing over a slot array; the bytes of the
/// distinct values live in one arena, so interning a value that is already
/// present allocates nothing, and no `String` exists until `strings()`.
/// Not thread-safe: each chunk owns its own table. A struct of raw pointers
/// (no reference counting on the hot path): exactly one copy may be used,
/// and its owner calls `release()` once.
struct ByteStringTable {
    private(set) var count = 0
    /// Entry `k`: its bytes are `arena[offsets[k] ..< offsets[k] + lengths[k]]`.
    private var offsets: UnsafeMutablePointer<Int>
    private var lengths: UnsafeMutablePointer<Int32>
    private var hashes: UnsafeMutablePointer<UInt64>
    private var entryCapacity: Int
    private var arena: UnsafeMutablePointer<UInt8>
    private var arenaCount = 0
    private var arenaCapacity: Int
    /// Entry index + 1, 0 = empty.
    private var slots: UnsafeMutablePointer<Int32>
    private var slotMask: Int

    init(expected: Int = 8) {
        var cap = 16
        while cap < expected * 2 { cap <<= 1 }
        slotMask = cap - 1
        slots = .allocate(capacity: cap)
        slots.initialize(repeating: 0, count: cap)
        entryCapacity = max(8, expected)
        offsets = .allocate(capacity: entryCapacity)
        lengths = .allocate(capacity: entryCapacity)
        hashes = .allocate(capacity: entryCapacity)
        arenaCapacity = max(64, expected * 8)
        arena = .allocate(capacity: arenaCapacity)
    }

    func release() {
        slots.deallocate()
        offsets.deallocate()
        lengths.deallocate()
        hashes.deallocate()
        arena.deallocate()
    }

    /// A fast 64-bit hash of `len` bytes at `p` (multiply-xorshift over 8-byte words).
    @inline(__always) static func hash(_ p: UnsafePointer<UInt8>, _ len: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: len)
        var i = 0
        let raw = UnsafeRawPointer(p)
        while i + 8 <= len {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ w) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 29
            i += 8
        }
        if i < len {
            var w: UInt64 = 0
            var shift: UInt64 = 0
            while i < len {
                w |= UInt64(p[i]) << shift
                shift += 8
                i += 1
            }
            h = (h ^ w) &* 0x94D0_49BB_1331_11EB
            h ^= h >> 31
        }
        h = (h ^ (h >> 32)) &* 0xD6E8_FEB8_6659_FD93
        return h ^ (h >> 32)
    }

    @inline(__always) private static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ len: Int) -> Bool {
        var i = 0
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        while i + 8 <= len {
            if ra.loadUnaligned(fromByteOffset: i, as: UInt64.self) != rb.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                return false
            }
            i += 8
        }
        while i < len {
            if a[i] != b[i] { return false }
            i += 1
        }
        return true
    }

    /// The code of the value, adding it when new.
    @inline(__always) mutating func intern(_ p: UnsafePointer<UInt8>, _ len: Int) -> Int32 {
        intern(p, len, hash: Self.hash(p, len))
    }

    mutating func intern(_ p: UnsafePointer<UInt8>, _ len: Int, hash h: UInt64) -> Int32 {
        var s = Int(truncatingIfNeeded: h) & slotMask
        while true {
            let e = Int(slots[s])
            if e == 0 { break }
            let k = e - 1
            if hashes[k] == h, Int(lengths[k]) == len, Self.equal(arena + offsets[k], p, len) {
                return Int32(k)
            }
            s = (s + 1) & slotMask
        }
        // Insert.
        if count == entryCapacity { growEntries() }
        if arenaCount + len > arenaCapacity { growArena(minimum: arenaCount + len) }
        let k = count
        (arena + arenaCount).initialize(from: p, count: len)
        offsets[k] = arenaCount
        lengths[k] = Int32(truncatingIfNeeded: len)
        hashes[k] = h
        arenaCount += len
        count += 1
        slots[s] = Int32(truncatingIfNeeded: count)
        if count * 2 > slotMask + 1 { growSlots() }
        return Int32(truncatingIfNeeded: k)
    }

    private mutating func growEntries() {
        let newCap = entryCapacity * 2
        let o = UnsafeMutablePointer<Int>.allocate(capacity: newCap)
        let l = UnsafeMutablePointer<Int32>.allocate(capacity: newCap)
        let h = UnsafeMutablePointer<UInt64>.allocate(capacity: newCap)
        o.initialize(from: offsets, count: count)
        l.initialize(from: lengths, count: count)
        h.initialize(from: hashes, count: count)
        offsets.deallocate()
        lengths.deallocate()
        hashes.deallocate()
        offsets = o
        lengths = l
        hashes = h
        entryCapacity = newCap
    }

    private mutating func growArena(minimum: Int) {
        var newCap = arenaCapacity * 2
        while newCap < minimum { newCap *= 2 }
        let a = UnsafeMutablePointer<UInt8>.allocate(capacity: newCap)
        a.initialize(from: arena, count: arenaCount)
        arena.deallocate()
        arena = a
        arenaCapacity = newCap
    }

    private mutating func growSlots() {
        let newCap = (slotMask + 1) * 2
        slots.deallocate()
        slots = .allocate(capacity: newCap)
        slots.initialize(repeating: 0, count: newCap)
        slotMask = newCap - 1
        for k in 0..<count {
            var s = Int(truncatingIfNeeded: hashes[k]) & slotMask
            while slots[s] != 0 { s = (s + 1) & slotMask }
            slots[s] = Int32(truncatingIfNeeded: k + 1)
        }
    }

    /// Adds every entry of `other` (in its code order) and returns, for each
    /// of its codes, the code in `self`.
    mutating func merge(_ other: ByteStringTable) -> [Int32] {
        var remap = [Int32](repeating: 0, count: other.count)
        for k in 0..<other.count {
            remap[k] = intern(other.arena + other.offsets[k], Int(other.lengths[k]), hash: other.hashes[k])
        }
        return remap
    }

    /// The bytes of entry `k`.
    func bytes(_ k: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: arena + offsets[k], count: Int(lengths[k]))
    }

    /// One `String` per entry, in code order (built on all cores when many).
    func strings() -> [String] {
        let n = count
        if n < 50_000 {
            var out = [String]()
            out.reserveCapacity(n)
            for k in 0..<n { out.append(String(decoding: bytes(k), as: UTF8.self)) }
            return out
        }
        let parts = ReaderSupport.coreCount * 4
        let pieces = ReaderSupport.parallelMap(parts) { part -> [String] in
            let lo = n * part / parts, hi = n * (part + 1) / parts
            var out = [String]()
            out.reserveCapacity(hi - lo)
            for k in lo..<hi { out.append(String(decoding: bytes(k), as: UTF8.self)) }
            return out
        }
        var out = [String]()
        out.reserveCapacity(n)
        for p in pieces { out.append(contentsOf: p) }
        return out
    }
}
