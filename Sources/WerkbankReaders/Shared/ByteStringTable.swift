import WerkbankEngine

/// A hash set of byte strings that hands out dense codes in order of first
/// insertion: the per-chunk string dictionary of the CSV reader.
///
/// Open addressing with linear probing. A slot holds 32 bits of the hash and
/// the entry index, so a probe past another value touches nothing else. An
/// entry keeps the length and two words that, for values up to 16 bytes,
/// determine the bytes exactly (the overlapping loads the hash is computed
/// from), so finding a short value never reads the arena. The bytes of the
/// distinct values live in one arena: interning a value that is already
/// present allocates nothing, and no `String` exists until `strings()`.
///
/// Not thread-safe: each chunk owns its own table. A struct of raw pointers
/// (no reference counting on the hot path): exactly one copy may be used,
/// and its owner calls `release()` once. Public for the SQL engines' result
/// decoder (WerkbankLanguage/Connections), which interns the same way.
public struct ByteStringTable {
    struct Entry {
        var offset: Int
        var length: Int
        var a: UInt64
        var b: UInt64
    }

    /// A value's lookup key: the two words and the hash.
    struct Key {
        var a: UInt64
        var b: UInt64
        var hash: UInt64
    }

    public private(set) var count = 0
    private var entries: UnsafeMutablePointer<Entry>
    private var hashes: UnsafeMutablePointer<UInt64>
    private var entryCapacity: Int
    private var arena: UnsafeMutablePointer<UInt8>
    private var arenaCount = 0
    private var arenaCapacity: Int
    /// `hash >> 32 << 32 | (entry index + 1)`, 0 = empty.
    private var slots: UnsafeMutablePointer<UInt64>
    private var slotMask: Int

    public init(expected: Int = 8) {
        var cap = 16
        while cap < expected * 2 { cap <<= 1 }
        slotMask = cap - 1
        slots = .allocate(capacity: cap)
        slots.initialize(repeating: 0, count: cap)
        entryCapacity = max(8, expected)
        entries = .allocate(capacity: entryCapacity)
        hashes = .allocate(capacity: entryCapacity)
        arenaCapacity = max(64, expected * 8)
        arena = .allocate(capacity: arenaCapacity)
    }

    public func release() {
        slots.deallocate()
        entries.deallocate()
        hashes.deallocate()
        arena.deallocate()
    }

    /// The key of `len` bytes at `p` (wyhash-style: overlapping loads, folded
    /// 128-bit multiplies). Reads only inside the `len` bytes.
    @inline(__always) static func key(_ p: UnsafePointer<UInt8>, _ len: Int) -> Key {
        let raw = UnsafeRawPointer(p)
        let k1: UInt64 = 0xE703_7ED1_A0B4_28DB
        var a: UInt64
        var b: UInt64
        var h: UInt64 = 0xA076_1D64_78BD_642F
        if len <= 16 {
            if len >= 8 {
                a = raw.loadUnaligned(as: UInt64.self)
                b = raw.loadUnaligned(fromByteOffset: len - 8, as: UInt64.self)
            } else if len >= 4 {
                a = UInt64(raw.loadUnaligned(as: UInt32.self))
                b = UInt64(raw.loadUnaligned(fromByteOffset: len - 4, as: UInt32.self))
            } else if len > 0 {
                a = UInt64(p[0]) << 16 | UInt64(p[len >> 1]) << 8 | UInt64(p[len - 1])
                b = 0
            } else {
                a = 0
                b = 0
            }
        } else {
            var i = 0
            while i + 16 < len {
                h = fold(
                    raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ k1,
                    raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self) ^ h)
                i += 16
            }
            a = raw.loadUnaligned(fromByteOffset: len - 16, as: UInt64.self)
            b = raw.loadUnaligned(fromByteOffset: len - 8, as: UInt64.self)
        }
        let hash = fold(k1 ^ UInt64(truncatingIfNeeded: len), fold(a ^ k1, b ^ h))
        return Key(a: a, b: b, hash: hash)
    }

    @inline(__always) private static func fold(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let r = a.multipliedFullWidth(by: b)
        return r.high ^ r.low
    }

    @inline(__always) private static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ len: Int) -> Bool {
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var i = 0
        while i + 8 < len {
            if ra.loadUnaligned(fromByteOffset: i, as: UInt64.self) != rb.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                return false
            }
            i += 8
        }
        return ra.loadUnaligned(fromByteOffset: len - 8, as: UInt64.self) == rb.loadUnaligned(fromByteOffset: len - 8, as: UInt64.self)
    }

    /// The code of the value, adding it when new.
    @inline(__always) public mutating func intern(_ p: UnsafePointer<UInt8>, _ len: Int) -> Int32 {
        intern(p, len, key: Self.key(p, len))
    }

    @inline(__always)
    mutating func intern(_ p: UnsafePointer<UInt8>, _ len: Int, key: Key) -> Int32 {
        let tag = key.hash & 0xFFFF_FFFF_0000_0000
        var s = Int(truncatingIfNeeded: key.hash) & slotMask
        while true {
            let slot = slots[s]
            if slot == 0 { break }
            if slot & 0xFFFF_FFFF_0000_0000 == tag {
                let k = Int(truncatingIfNeeded: slot & 0xFFFF_FFFF) - 1
                let e = entries[k]
                if e.length == len, e.a == key.a, e.b == key.b,
                    len <= 16 || Self.equal(arena + e.offset, p, len)
                {
                    return Int32(truncatingIfNeeded: k)
                }
            }
            s = (s + 1) & slotMask
        }
        return insert(p, len, key: key, slot: s)
    }

    private mutating func insert(_ p: UnsafePointer<UInt8>, _ len: Int, key: Key, slot s: Int) -> Int32 {
        if count == entryCapacity { growEntries() }
        if arenaCount + len > arenaCapacity { growArena(minimum: arenaCount + len) }
        let k = count
        (arena + arenaCount).initialize(from: p, count: len)
        (entries + k).initialize(to: Entry(offset: arenaCount, length: len, a: key.a, b: key.b))
        hashes[k] = key.hash
        arenaCount += len
        count += 1
        slots[s] = key.hash & 0xFFFF_FFFF_0000_0000 | UInt64(count)
        if count * 2 > slotMask + 1 { growSlots() }
        return Int32(truncatingIfNeeded: k)
    }

    private mutating func growEntries() {
        let newCap = entryCapacity * 2
        let e = UnsafeMutablePointer<Entry>.allocate(capacity: newCap)
        let h = UnsafeMutablePointer<UInt64>.allocate(capacity: newCap)
        e.moveInitialize(from: entries, count: count)
        h.moveInitialize(from: hashes, count: count)
        entries.deallocate()
        hashes.deallocate()
        entries = e
        hashes = h
        entryCapacity = newCap
    }

    private mutating func growArena(minimum: Int) {
        var newCap = arenaCapacity * 2
        while newCap < minimum { newCap *= 2 }
        let a = UnsafeMutablePointer<UInt8>.allocate(capacity: newCap)
        a.moveInitialize(from: arena, count: arenaCount)
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
            let h = hashes[k]
            var s = Int(truncatingIfNeeded: h) & slotMask
            while slots[s] != 0 { s = (s + 1) & slotMask }
            slots[s] = h & 0xFFFF_FFFF_0000_0000 | UInt64(k + 1)
        }
    }

    /// Adds every entry of `other` (in its code order) and returns, for each
    /// of its codes, the code in `self`.
    mutating func merge(_ other: ByteStringTable) -> [Int32] {
        var remap = [Int32](repeating: 0, count: other.count)
        for k in 0..<other.count {
            let e = other.entries[k]
            let key = Key(a: e.a, b: e.b, hash: other.hashes[k])
            remap[k] = intern(other.arena + e.offset, e.length, key: key)
        }
        return remap
    }

    /// The bytes of entry `k`.
    func bytes(_ k: Int) -> UnsafeBufferPointer<UInt8> {
        let e = entries[k]
        return UnsafeBufferPointer(start: arena + e.offset, count: e.length)
    }

    /// One `String` per entry, in code order (built on all cores when many).
    public func strings() -> [String] {
        let n = count
        if n < 50_000 {
            var out = [String]()
            out.reserveCapacity(n)
            for k in 0..<n { out.append(String(decoding: bytes(k), as: UTF8.self)) }
            return out
        }
        let parts = Parallel.coreCount * 4
        let pieces = Parallel.parallelMap(parts) { part -> [String] in
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
