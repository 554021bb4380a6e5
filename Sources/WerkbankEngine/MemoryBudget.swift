import Foundation

/// Refuses, in advance, to read a file that cannot fit in memory, so that a
/// load fails with an error instead of the process being killed.
public enum MemoryBudget {
    /// Bytes of memory a read may use: `MemAvailable` from /proc/meminfo, or
    /// `WERKBANK_MEMORY_LIMIT` (bytes) when set (tests use it).
    public static func available() -> UInt64? {
        if let limit = ProcessInfo.processInfo.environment["WERKBANK_MEMORY_LIMIT"], let n = UInt64(limit) { return n }
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            let kb = line.split(separator: " ").compactMap { UInt64($0) }.first
            return kb.map { $0 * 1024 }
        }
        return nil
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

    static func megabytes(_ bytes: UInt64) -> String {
        bytes >= 1 << 30 ? "\(bytes / (1 << 30)) GB" : "\(max(1, bytes / (1 << 20))) MB"
    }
}
