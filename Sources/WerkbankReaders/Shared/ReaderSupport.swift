import WerkbankEngine
import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// Shared helpers of the file readers: parallel loops, and turning byte
/// offsets into line numbers and field text for error messages.
enum ReaderSupport {
    /// Number of cores to spread chunks over.
    static let coreCount: Int = {
        let n = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return n > 0 ? Int(n) : 1
    }()

    /// Carries a value that is only touched from disjoint iterations into a
    /// `@Sendable` closure; every caller writes to disjoint slots.
    struct Unchecked<T>: @unchecked Sendable {
        let value: T
    }

    /// Runs `body(i)` for `i` in `0..<n`, on all cores when `n > 1`. The body
    /// must only write to state that belongs to iteration `i`.
    static func parallelFor(_ n: Int, _ body: (Int) -> Void) {
        if n <= 0 { return }
        if n == 1 {
            body(0)
            return
        }
        withoutActuallyEscaping(body) { escapable in
            let box = Unchecked(value: escapable)
            DispatchQueue.concurrentPerform(iterations: n) { i in box.value(i) }
        }
    }

    /// `(0..<n).map(body)`, evaluated on all cores.
    static func parallelMap<T>(_ n: Int, _ body: (Int) -> T) -> [T] {
        if n <= 0 { return [] }
        if n == 1 { return [body(0)] }
        let slots = UnsafeMutablePointer<T>.allocate(capacity: n)
        defer { slots.deallocate() }
        parallelFor(n) { i in (slots + i).initialize(to: body(i)) }
        return [T](unsafeUninitializedCapacity: n) { out, count in
            if let base = out.baseAddress { base.moveInitialize(from: slots, count: n) }
            count = n
        }
    }

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

    /// Whether a file name ends with one of the extensions (case-insensitive).
    static func hasExtension(_ name: String, _ exts: [String]) -> Bool {
        let lower = name.lowercased()
        return exts.contains { lower.hasSuffix("." + $0) }
    }
}

