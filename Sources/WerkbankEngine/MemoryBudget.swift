import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Refuses, in advance, work that cannot fit in memory — a file to read, a
/// result to build — so that it fails with an error instead of the process
/// aborting (Swift stops the process when an allocation fails).
public enum MemoryBudget {
    /// Bytes of memory a read may use: the smaller of `MemAvailable` from
    /// /proc/meminfo and what the address-space limit (`ulimit -v`) leaves,
    /// or `WERKBANK_MEMORY_LIMIT` (bytes) when set (tests use it).
    public static func available() -> UInt64? {
        if let limit = ProcessInfo.processInfo.environment["WERKBANK_MEMORY_LIMIT"], let n = UInt64(limit) { return n }
        let physical = memAvailable()
        guard let headroom = addressSpaceHeadroom() else { return physical }
        return min(physical ?? headroom, headroom)
    }

    static func memAvailable() -> UInt64? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            let kb = line.split(separator: " ").compactMap { UInt64($0) }.first
            return kb.map { $0 * 1024 }
        }
        return nil
    }

    /// The address space still free under `RLIMIT_AS` (nil: no limit): the
    /// limit minus the process's virtual size (/proc/self/statm).
    static func addressSpaceHeadroom() -> UInt64? {
        #if os(Linux)
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_AS.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max else { return nil }
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
              let pages = statm.split(separator: " ").first.flatMap({ UInt64($0) }) else { return nil }
        let used = pages * UInt64(sysconf(Int32(_SC_PAGESIZE)))
        return UInt64(limit.rlim_cur) > used ? UInt64(limit.rlim_cur) - used : 0
        #else
        return nil
        #endif
    }

    /// Reading holds the file's bytes while building columns of about the same
    /// size, so a file needs about twice its size.
    public static func check(path: String, displayName: String) throws(EngineError) {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = (attributes[.size] as? NSNumber)?.uint64Value,
              let available = available() else { return }
        let needed = size.multipliedReportingOverflow(by: 2)
        if needed.overflow || needed.partialValue > available {
            throw .io(path: displayName, message: "the file is \(megabytes(size)) and needs about \(megabytes(needed.overflow ? UInt64.max : needed.partialValue)) of memory, but only \(megabytes(available)) is available")
        }
    }

    /// The most rows a table holds: row positions are 32-bit (selection
    /// vectors, gathers).
    public static let maxRows = Int(Int32.max)

    /// Refuses a result of `rows` rows of about `bytesPerRow` bytes each
    /// before it is built: beyond `maxRows`, or beyond three quarters of the
    /// memory available (the rest is for the work that builds it and for the
    /// stages after it). `what` names the result ("the join"); `hint` says
    /// what to do instead.
    public static func checkResult(rows: Int, bytesPerRow: Int, what: String, hint: String) throws(EngineError) {
        let (product, overflow) = rows.multipliedReportingOverflow(by: max(bytesPerRow, 1))
        let bytes = overflow ? UInt64.max : UInt64(product)
        if rows > maxRows {
            throw .tooLarge("\(what) would have \(NumberText.thousands(rows)) rows (about \(size(bytes)) of memory), more than a table can hold (\(NumberText.thousands(maxRows)) rows)", hint: hint)
        }
        guard let available = available() else { return }
        if bytes > available - available / 4 {
            throw .tooLarge("\(what) would have \(NumberText.thousands(rows)) rows, about \(size(bytes)) of memory: more than the \(size(available - available / 4)) a result may take (three quarters of the \(size(available)) available)", hint: hint)
        }
    }

    /// Refuses work that needs about `bytes` of scratch memory (sort keys,
    /// hash tables), on the same three-quarters rule as `checkResult`.
    public static func checkWork(bytes: Int, what: String, hint: String) throws(EngineError) {
        guard let available = available() else { return }
        let needed = UInt64(max(bytes, 0))
        if needed > available - available / 4 {
            throw .tooLarge("\(what) needs about \(size(needed)) of memory: more than the \(size(available - available / 4)) it may take (three quarters of the \(size(available)) available)", hint: hint)
        }
    }

    /// Bytes per row of columns of these types: the values plus the
    /// validity bit, and 8 bytes per row for the row positions that build them.
    public static func bytesPerRow(_ types: [DataType]) -> Int {
        8 + types.reduce(0) { total, type in
            switch type {
            case .int, .float: total + 8
            case .date, .string: total + 4
            case .bool: total + 1
            // A shape's header; its coordinates are shared, not copied, by operators.
            case .geometry: total + 24
            }
        }
    }

    /// A size in whole binary megabytes or gigabytes, as the memory messages give it.
    public static func megabytes(_ bytes: UInt64) -> String {
        bytes >= 1 << 30 ? "\(bytes / (1 << 30)) GB" : "\(max(1, bytes / (1 << 20))) MB"
    }

    /// A size as "7.2 GB" (decimal units, as the load progress shows them).
    static func size(_ bytes: UInt64) -> String { NumberText.bytes(Int(min(bytes, UInt64(Int.max)))) }
}
