import CByteScan
import WerkbankEngine

/// The text encodings the readers understand. Everything is turned into
/// UTF-8 before parsing, so the parsers only ever see UTF-8 bytes.
public enum TextEncoding: String, Sendable {
    case utf8
    case utf8BOM = "utf8-bom"
    case windows1252 = "windows-1252"
    /// Decoded into UTF-8 before parsing (`WideText`).
    case utf16LE = "utf-16le"
    case utf16BE = "utf-16be"
    case utf32LE = "utf-32le"
    case utf32BE = "utf-32be"
}

/// Which of the bytes the CSV reader plans its chunks by occur in a text:
/// noted while the text is validated as UTF-8, in the same pass over
/// memory, so that the reader need not look for them again.
struct ByteCensus: Sendable {
    var quote = false
    var carriageReturn = false

    init() {}

    /// From the bits `werkbank_ascii_run` sets: 1 a quote, 2 a CR.
    init(seen: UInt32) {
        quote = seen & 1 != 0
        carriageReturn = seen & 2 != 0
    }
}

/// UTF-8 validation, the byte order mark, and Windows-1252 → UTF-8.
enum TextDecoding {
    /// The UTF-8 byte order mark.
    static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    static func hasBOM(_ bytes: some Collection<UInt8>) -> Bool { bytes.starts(with: bom) }

    /// The text of a format that must be UTF-8 (JSON, GeoJSON), without its
    /// byte order mark; a byte that is not UTF-8 is an error naming it and its line.
    static func requireUTF8(
        _ buffer: UnsafeBufferPointer<UInt8>, name: String,
        format: String
    ) throws(EngineError) -> UnsafeBufferPointer<UInt8> {
        let text = UnsafeBufferPointer(rebasing: buffer[(hasBOM(buffer) ? 3 : 0)...])
        if let bad = firstInvalidUTF8(text) {
            throw .badFile(
                path: name, message: "invalid UTF-8 (byte 0x\(hex(text[bad]))); \(format) must be UTF-8",
                line: ReadErrorText.lineNumber(text, offset: bad))
        }
        return text
    }

    /// Decides the encoding (or applies the forced one) and calls `body` with
    /// the text as UTF-8: `buf` itself past a BOM when it is valid UTF-8,
    /// else a transcoded copy.
    ///
    /// - A UTF-8 byte order mark is always stripped (it is never data), except
    ///   when Windows-1252 is forced.
    /// - Sniffing: BOM → `utf8BOM`; valid UTF-8 → `utf8`; otherwise the whole
    ///   buffer is transcoded from Windows-1252.
    /// - A forced UTF-8 encoding on invalid bytes is an error naming the line.
    /// - The census is that of the text validated in place; nil for a
    ///   transcoded copy.
    static func withUTF8<R>(
        _ buf: UnsafeBufferPointer<UInt8>, name: String, forced: TextEncoding?,
        _ body: (UnsafeBufferPointer<UInt8>, TextEncoding, ByteCensus?) throws(EngineError) -> R
    ) throws(EngineError) -> R {
        let bomPresent = hasBOM(buf)
        let start = bomPresent ? 3 : 0
        let rest = UnsafeBufferPointer(rebasing: buf[start...])
        switch forced {
        case .windows1252?:
            return try transcoded(transcodeWindows1252(buf), .windows1252, body)
        case .utf16LE?, .utf16BE?, .utf32LE?, .utf32BE?:
            // Decoded by the caller (`CSVFile`); here only when read directly.
            let e = WideText.encoding(buf, forced: forced) ?? .utf16LE
            return try transcoded(WideText.utf8(buf, e), e, body)
        case .utf8?, .utf8BOM?:
            let (invalid, census) = validateUTF8(rest)
            if let bad = invalid {
                let line = ReadErrorText.lineNumber(rest, offset: bad)
                throw .badFile(path: name, message: "invalid UTF-8 (byte 0x\(hex(rest[bad]))); try encoding=\"latin1\"", line: line)
            }
            return try body(rest, forced ?? .utf8, census)
        case nil:
            let (invalid, census) = validateUTF8(rest)
            if invalid == nil {
                return try body(rest, bomPresent ? .utf8BOM : .utf8, census)
            }
            return try transcoded(transcodeWindows1252(rest), .windows1252, body)
        }
    }

    private static func transcoded<R>(
        _ bytes: [UInt8], _ encoding: TextEncoding,
        _ body: (UnsafeBufferPointer<UInt8>, TextEncoding, ByteCensus?) throws(EngineError) -> R
    ) throws(EngineError) -> R {
        try bytes.withUnsafeBufferPointer { (b) throws(EngineError) -> R in try body(b, encoding, nil) }
    }

    static func hex(_ b: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String(digits[Int(b >> 4)]) + String(digits[Int(b & 15)])
    }

    // MARK: UTF-8 validation

    /// The offset of the first byte that does not start a valid UTF-8
    /// sequence, or nil when the text is valid.
    static func firstInvalidUTF8(_ buf: UnsafeBufferPointer<UInt8>) -> Int? { validateUTF8(buf).firstInvalid }

    /// The first invalid byte's offset (nil when the text is valid UTF-8)
    /// and, up to it, the census of the text. Large buffers are checked on
    /// all cores.
    static func validateUTF8(_ buf: UnsafeBufferPointer<UInt8>) -> (firstInvalid: Int?, census: ByteCensus) {
        guard let base = buf.baseAddress, buf.count > 0 else { return (nil, ByteCensus()) }
        let n = buf.count
        // Pieces of a window each at most, so that a mapped file's pages
        // can be released behind the check (`MappedPages`).
        let parts = n < (1 << 20) ? 1 : max(Parallel.coreCount * 2, n / MappedPages.window)
        // Region starts moved forward past continuation bytes, so each
        // region starts on a sequence boundary; a sequence that starts in a
        // region may end in the next one.
        var starts = [Int]()
        for k in 0..<parts {
            var s = n / parts * k
            if k > 0 {
                var steps = 0
                while s < n, steps < 3, base[s] & 0xC0 == 0x80 { s += 1; steps += 1 }
            }
            starts.append(s)
        }
        starts.append(n)
        let results = Parallel.parallelMap(parts) { k -> (Int?, UInt32) in
            let range = starts[k]..<max(starts[k], starts[k + 1])
            MappedPages.populate(base, range)
            defer { MappedPages.release(base, range) }
            return validate(base, count: n, from: range.lowerBound, to: range.upperBound)
        }
        var seen: UInt32 = 0
        for (invalid, s) in results {
            seen |= s
            if let invalid { return (invalid, ByteCensus(seen: seen)) }
        }
        return (nil, ByteCensus(seen: seen))
    }

    /// Validates sequences that start in `from..<to` (reading up to
    /// `count`): the first invalid byte, and the census bits of
    /// `werkbank_ascii_run` of the bytes before it.
    static func validate(_ p: UnsafePointer<UInt8>, count n: Int, from: Int, to: Int) -> (Int?, UInt32) {
        var i = from
        var seen: UInt32 = 0
        while i < to {
            // ASCII runs, 64 bytes a step (CByteScan).
            i += werkbank_ascii_run(p + i, to - i, &seen)
            if i >= to { break }
            let b = p[i]
            if b < 0xC2 { return (i, seen) }
            if b < 0xE0 {
                guard i + 1 < n, p[i + 1] & 0xC0 == 0x80 else { return (i, seen) }
                i += 2
            } else if b < 0xF0 {
                guard i + 2 < n else { return (i, seen) }
                let b1 = p[i + 1]
                let ok1: Bool
                switch b {
                case 0xE0: ok1 = b1 >= 0xA0 && b1 <= 0xBF
                case 0xED: ok1 = b1 >= 0x80 && b1 <= 0x9F
                default: ok1 = b1 & 0xC0 == 0x80
                }
                guard ok1, p[i + 2] & 0xC0 == 0x80 else { return (i, seen) }
                i += 3
            } else if b < 0xF5 {
                guard i + 3 < n else { return (i, seen) }
                let b1 = p[i + 1]
                let ok1: Bool
                switch b {
                case 0xF0: ok1 = b1 >= 0x90 && b1 <= 0xBF
                case 0xF4: ok1 = b1 >= 0x80 && b1 <= 0x8F
                default: ok1 = b1 & 0xC0 == 0x80
                }
                guard ok1, p[i + 2] & 0xC0 == 0x80, p[i + 3] & 0xC0 == 0x80 else { return (i, seen) }
                i += 4
            } else {
                return (i, seen)
            }
        }
        return (nil, seen)
    }

    // MARK: Windows-1252

    /// Unicode scalars of Windows-1252 bytes 0x80–0x9F. The five bytes the
    /// code page leaves undefined map to the C1 control of the same number
    /// (as the WHATWG encoding standard does). 0xA0–0xFF equal U+00A0–U+00FF.
    static let windows1252High: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    /// The full 256-entry table: the scalar of each byte.
    static let windows1252Table: [UInt32] = (0..<256).map { b in
        b >= 0x80 && b < 0xA0 ? windows1252High[b - 0x80] : UInt32(b)
    }

    /// The bytes read as Windows-1252, as UTF-8.
    /// - Complexity: O(n), two passes (size, then fill).
    static func transcodeWindows1252(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        let table = windows1252Table
        var size = 0
        for i in 0..<bytes.count {
            let s = table[Int(bytes[i])]
            size += s < 0x80 ? 1 : (s < 0x800 ? 2 : 3)
        }
        return [UInt8](unsafeUninitializedCapacity: size) { out, count in
            var j = 0
            for i in 0..<bytes.count {
                let s = table[Int(bytes[i])]
                if s < 0x80 {
                    out[j] = UInt8(s)
                    j += 1
                } else if s < 0x800 {
                    out[j] = UInt8(0xC0 | (s >> 6))
                    out[j + 1] = UInt8(0x80 | (s & 0x3F))
                    j += 2
                } else {
                    out[j] = UInt8(0xE0 | (s >> 12))
                    out[j + 1] = UInt8(0x80 | ((s >> 6) & 0x3F))
                    out[j + 2] = UInt8(0x80 | (s & 0x3F))
                    j += 3
                }
            }
            count = j
        }
    }
}
