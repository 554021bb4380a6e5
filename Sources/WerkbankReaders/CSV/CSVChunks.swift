import WerkbankEngine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// Splitting the records of a file into chunks that parse independently.
///
/// A chunk must start at a record boundary, and a newline inside a quoted
/// field is none. Each candidate split point gets its quote parity from a
/// fast parallel count of `"` bytes (prefix sums over regions); from there
/// the first line end outside quotes is the boundary. A stray quote in an
/// unquoted field (`5" screen`) can make a guess wrong, so the parse checks
/// that each chunk starts where the previous one ended and re-parses a chunk
/// from the right place when not (see `CSVReader`).
enum CSVChunks {
    /// Files smaller than this are parsed as one chunk.
    static let singleChunkBytes = 1 << 20

    struct Plan {
        /// `b0 < b1 < … < bk` with `b0 == from` and `bk == end`.
        var bounds: [Int]
        /// Whether `from..<end` holds any `"` / any CR.
        var hasQuotes: Bool
        var hasCR: Bool
    }

    /// Where the chunks of `from..<end` start, found on all cores, and
    /// whether the text holds quotes or CRs at all (plain LF files without
    /// quotes take the fast path of the scanner). What the census of the
    /// whole text says is absent is not looked for again.
    static func plan(_ p: UnsafePointer<UInt8>, from: Int, end: Int, chunkBytes: Int? = nil, census: ByteCensus? = nil) -> Plan {
        let size = end - from
        let k: Int
        if let chunkBytes {
            k = max(1, min(size / max(1, chunkBytes), 1 << 16))
        } else if size < singleChunkBytes {
            k = 1
        } else {
            let cores = Parallel.coreCount
            k = max(2, min(max(cores * 4, size / (16 << 20)), size / singleChunkBytes))
        }
        let nominal = (0...k).map { from + Int((Int64(size) * Int64($0)) / Int64(k)) }
        let lookForQuotes = census?.quote ?? true, lookForCR = census?.carriageReturn ?? true
        let found = Parallel.parallelMap(lookForQuotes || lookForCR ? k : 0) { i -> (quote: Bool, cr: Bool) in
            let count = nominal[i + 1] - nominal[i]
            if count <= 0 { return (false, false) }
            // A mapped file's pages are read in here and handed back after.
            MappedPages.populate(p, nominal[i]..<nominal[i + 1])
            defer { MappedPages.release(p, nominal[i]..<nominal[i + 1]) }
            return (
                lookForQuotes && memchr(p + nominal[i], 0x22, count) != nil,
                lookForCR && memchr(p + nominal[i], 0x0D, count) != nil
            )
        }
        let hasQuotes = found.contains { $0.quote }
        let hasCR = found.contains { $0.cr }
        if k <= 1 { return Plan(bounds: [from, end], hasQuotes: hasQuotes, hasCR: hasCR) }
        var oddBefore = [Bool](repeating: false, count: k + 1)
        if hasQuotes {
            let counts = Parallel.parallelMap(k) { i in
                MappedPages.populate(p, nominal[i]..<nominal[i + 1])
                defer { MappedPages.release(p, nominal[i]..<nominal[i + 1]) }
                return countByte(p, from: nominal[i], to: nominal[i + 1], byte: 0x22)
            }
            var total = 0
            for i in 0..<k {
                oddBefore[i] = total & 1 == 1
                total += counts[i]
            }
        }
        // Each guess looks no further than the next split point, so a wrong
        // parity (after a stray quote) cannot make every guess scan to the end.
        let guesses = Parallel.parallelMap(k - 1) { j in
            boundary(p, end: nominal[j + 2], from: nominal[j + 1], insideQuotes: oddBefore[j + 1])
        }
        var bounds = [from]
        for case let g? in guesses where g > bounds[bounds.count - 1] && g < end { bounds.append(g) }
        bounds.append(end)
        return Plan(bounds: bounds, hasQuotes: hasQuotes, hasCR: hasCR)
    }

    /// The first position after a line end outside quotes, at or after
    /// `from` and before `end` (nil: none).
    static func boundary(_ p: UnsafePointer<UInt8>, end: Int, from: Int, insideQuotes: Bool) -> Int? {
        var inside = insideQuotes
        var i = from
        while i < end {
            let b = p[i]
            if b == 0x22 {
                inside.toggle()
            } else if !inside, b == 0x0A || b == 0x0D {
                if b == 0x0D, i + 1 < end, p[i + 1] == 0x0A { return i + 2 }
                if b == 0x0D, i + 1 == end { return nil }  // a CRLF split by `end`
                return i + 1
            }
            i += 1
        }
        return nil
    }

    /// How many bytes in `from..<to` equal `byte` (8 bytes at a time).
    static func countByte(_ p: UnsafePointer<UInt8>, from: Int, to: Int, byte: UInt8) -> Int {
        let pattern = 0x0101_0101_0101_0101 &* UInt64(byte)
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        var count = 0
        var i = from
        let raw = UnsafeRawPointer(p)
        while i + 8 <= to {
            let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ pattern
            // High bit set exactly in the bytes of x that are zero.
            let zero = ~(((x & low7) &+ low7) | x | low7)
            count += zero.nonzeroBitCount
            i += 8
        }
        while i < to {
            if p[i] == byte { count += 1 }
            i += 1
        }
        return count
    }
}
