import WerkbankEngine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// UTF-16 and UTF-32 text (Excel's "Unicode text" export is UTF-16 LE with
/// tabs), turned into UTF-8 before any parsing, so the CSV reader's rules
/// (title lines, delimiters, types) see the same bytes as for UTF-8.
///
/// Found by the byte order mark (UTF-32 LE `FF FE 00 00` before UTF-16 LE
/// `FF FE`), else by the NUL pattern of the first 8 KB (`UnicodeWithoutBOM`),
/// or given: `encoding="utf-16"` takes the byte order from a BOM, else
/// little-endian. A code unit that is no character (a lone surrogate) becomes
/// U+FFFD. Only buffers holding a NUL byte in the first 8 KB are looked at.
enum WideText {
    static func detect(_ buf: UnsafeBufferPointer<UInt8>) -> TextEncoding? {
        if let bom = bomEncoding(buf) { return bom }
        guard let base = buf.baseAddress else { return nil }
        let head = min(buf.count, 8192)
        guard memchr(base, 0, head) != nil else { return nil }
        switch UnicodeWithoutBOM.detect(UnsafeBufferPointer(start: base, count: head)) {
        case "UTF-32 (little-endian)": return .utf32LE
        case "UTF-32 (big-endian)": return .utf32BE
        case "UTF-16 (little-endian)": return .utf16LE
        case "UTF-16 (big-endian)": return .utf16BE
        default: return nil
        }
    }

    static func bomEncoding(_ buf: UnsafeBufferPointer<UInt8>) -> TextEncoding? {
        if buf.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return .utf32LE }
        if buf.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return .utf32BE }
        if buf.starts(with: [0xFF, 0xFE]) { return .utf16LE }
        if buf.starts(with: [0xFE, 0xFF]) { return .utf16BE }
        return nil
    }

    /// The encoding to decode with: the given one (UTF-16 with its byte
    /// order from the BOM), or the detected one when none was given; nil
    /// for text that is not UTF-16/32.
    static func encoding(_ buf: UnsafeBufferPointer<UInt8>, forced: TextEncoding?) -> TextEncoding? {
        switch forced {
        case nil: return detect(buf)
        case .utf16LE?, .utf16BE?: return bomEncoding(buf).flatMap { $0.width == 2 ? $0 : nil } ?? forced
        case .utf32LE?, .utf32BE?: return bomEncoding(buf).flatMap { $0.width == 4 ? $0 : nil } ?? forced
        default: return nil
        }
    }

    /// The text as UTF-8, without its byte order mark.
    static func utf8(_ buf: UnsafeBufferPointer<UInt8>, _ encoding: TextEncoding) -> [UInt8] {
        let width = encoding.width
        let big = encoding == .utf16BE || encoding == .utf32BE
        let skip = bomEncoding(buf) == encoding ? width : 0
        let units = (buf.count - skip) / width
        var out: [UInt8] = []
        out.reserveCapacity(units + units / 4)
        @inline(__always) func unit(_ u: Int) -> UInt32 {
            var v: UInt32 = 0
            let at = skip + u * width
            for k in 0..<width { v = v << 8 | UInt32(buf[at + (big ? k : width - 1 - k)]) }
            return v
        }
        func append(_ s: UInt32) {
            let scalar = Unicode.Scalar(s) ?? "\u{FFFD}"
            out.append(contentsOf: UTF8.encode(scalar)!)
        }
        var u = 0
        while u < units {
            let v = unit(u)
            u += 1
            if width == 2, (0xD800...0xDBFF).contains(v) {
                if u < units, case let low = unit(u), (0xDC00...0xDFFF).contains(low) {
                    append(0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00))
                    u += 1
                } else {
                    append(0xFFFD)
                }
                continue
            }
            if v < 0x80 { out.append(UInt8(v)) } else { append(v) }
        }
        return out
    }
}

extension TextEncoding {
    /// Bytes per code unit of UTF-16/32; 1 for the byte encodings.
    var width: Int {
        switch self {
        case .utf16LE, .utf16BE: 2
        case .utf32LE, .utf32BE: 4
        default: 1
        }
    }
}
