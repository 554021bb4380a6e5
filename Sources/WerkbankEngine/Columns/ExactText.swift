#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// werkbank compares strings by their bytes (which orders them by Unicode
// scalar values), never by canonical equivalence as Swift's `String ==`,
// `hasPrefix`, `contains` and hashing do: `é` (U+00E9) and `e` + U+0301 are
// two different values, as in DuckDB and PostgreSQL's "C" collation, and a
// value's bytes are never rewritten on the way through (a dictionary keyed by
// `String` would merge the two spellings into whichever came first).

/// A string that hashes and compares by its UTF-8 bytes: the key type of
/// every table of strings in the engine.
public struct ExactString: Hashable, Sendable {
    public let string: String

    @inlinable public init(_ string: String) { self.string = string }

    @inlinable public static func == (a: ExactString, b: ExactString) -> Bool { a.string.bytesEqual(b.string) }

    public func hash(into hasher: inout Hasher) {
        string.withUTF8Bytes { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

extension String {
    /// Calls `body` with the string's UTF-8 bytes, without copying them when
    /// the string is stored contiguously (every native string is).
    @inlinable public func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let r = utf8.withContiguousStorageIfAvailable(body) { return r }
        return Array(utf8).withUnsafeBufferPointer(body)
    }

    /// Equal bytes (not canonical equivalence).
    @inlinable public func bytesEqual(_ other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        return withUTF8Bytes { a in
            other.withUTF8Bytes { b in a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 }
        }
    }

    /// Whether the bytes begin with `prefix`'s bytes.
    public func bytesHavePrefix(_ prefix: String) -> Bool {
        withUTF8Bytes { s in
            prefix.withUTF8Bytes { p in
                p.count <= s.count && (p.count == 0 || memcmp(s.baseAddress!, p.baseAddress!, p.count) == 0)
            }
        }
    }

    /// Whether the bytes end with `suffix`'s bytes.
    public func bytesHaveSuffix(_ suffix: String) -> Bool {
        withUTF8Bytes { s in
            suffix.withUTF8Bytes { p in
                p.count <= s.count && (p.count == 0 || memcmp(s.baseAddress! + (s.count - p.count), p.baseAddress!, p.count) == 0)
            }
        }
    }

    /// Whether `part`'s bytes occur in the bytes. UTF-8 is self-synchronising,
    /// so a byte match of valid UTF-8 always starts and ends on scalar boundaries.
    public func bytesContain(_ part: String) -> Bool {
        withUTF8Bytes { s in part.withUTF8Bytes { p in Self.firstOffset(of: p, in: s, from: 0) != nil } }
    }

    /// Every occurrence of `old`'s bytes replaced by `new`, left to right,
    /// never overlapping; an empty `old` changes nothing.
    public func bytesReplacing(_ old: String, with new: String) -> String {
        withUTF8Bytes { s in
            old.withUTF8Bytes { o in
                guard o.count > 0, var hit = Self.firstOffset(of: o, in: s, from: 0) else { return self }
                var out: [UInt8] = []
                out.reserveCapacity(s.count)
                var copied = 0
                while true {
                    out.append(contentsOf: s[copied..<hit])
                    out.append(contentsOf: new.utf8)
                    copied = hit + o.count
                    guard let next = Self.firstOffset(of: o, in: s, from: copied) else { break }
                    hit = next
                }
                out.append(contentsOf: s[copied...])
                return String(decoding: out, as: UTF8.self)
            }
        }
    }

    /// The first offset ≥ `start` where `needle` occurs: memchr to the next
    /// candidate first byte, memcmp for the rest (glibc's memmem is not
    /// exported to Swift).
    static func firstOffset(of needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        if needle.count == 0 { return start }
        guard let h = haystack.baseAddress, let n = needle.baseAddress else { return nil }
        var at = start
        let last = haystack.count - needle.count
        while at <= last {
            guard let hit = memchr(h + at, Int32(n[0]), last - at + 1) else { return nil }
            at = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - h
            if memcmp(h + at, n, needle.count) == 0 { return at }
            at += 1
        }
        return nil
    }
}
