#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// What read errors say about where they happened: the system's reason, the
/// line a byte offset lies on, a field's text.
enum ReadErrorText {
    /// The reason of the last failed system call, as `no such file or directory`.
    static func errnoMessage() -> String {
        guard let s = strerror(errno) else { return "error \(errno)" }
        return String(cString: s).lowercased()
    }

    /// The 1-based line on which byte `offset` lies: LF, CRLF and a lone CR
    /// each end a line (also inside quoted fields, as an editor counts).
    static func lineNumber(_ p: UnsafeBufferPointer<UInt8>, offset: Int) -> Int {
        let end = min(max(offset, 0), p.count)
        var line = 1
        var i = 0
        while i < end {
            let b = p[i]
            if b == 0x0A {
                line += 1
            } else if b == 0x0D, !(i + 1 < p.count && p[i + 1] == 0x0A) {
                line += 1
            }
            i += 1
        }
        return line
    }

    /// A field's text for an error message, shortened when long.
    static func quoteForMessage(_ bytes: some Collection<UInt8>) -> String {
        let limit = 60
        let s = String(decoding: bytes.prefix(limit * 4), as: UTF8.self)
        if s.unicodeScalars.count > limit {
            return "\"" + String(String.UnicodeScalarView(s.unicodeScalars.prefix(limit))) + "…\""
        }
        return "\"" + s + "\""
    }
}
