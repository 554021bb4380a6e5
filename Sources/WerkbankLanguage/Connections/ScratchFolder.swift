import Foundation
import Synchronization
import WerkbankEngine

/// A private temporary folder of one engine client: the scripts it hands
/// the client on stdin, the outputs it reads back, the tables it sends, and
/// (for an in-memory DuckDB) the database itself, because every query is a
/// process of its own. Removed by `remove()` or when the last reference goes.
public final class ScratchFolder: Sendable {
    public let path: String
    private let counter = Atomic<Int>(0)
    private let removed = Atomic<Bool>(false)

    /// A new folder (mode 0700) under `$TMPDIR` or /tmp.
    public init() throws(EngineError) {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((base.hasSuffix("/") ? base : base + "/").utf8CString.dropLast()) + Array("werkbank-engine.XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw .engine("cannot create a temporary folder in \(base): \(String(cString: strerror(errno)))", hint: nil)
        }
        path = String(cString: made)
    }

    /// A fresh file name in the folder (not created), unique per call, so that
    /// two statements on one connection never share a file.
    public func file(_ stem: String, _ ext: String) -> String {
        let n = counter.add(1, ordering: .relaxed).newValue
        return path + "/\(stem)-\(n).\(ext)"
    }

    /// Whether `remove()` was called: the client is closed.
    public var isRemoved: Bool { removed.load(ordering: .relaxed) }

    /// Removes the folder and everything in it (again: nothing).
    public func remove() {
        if removed.exchange(true, ordering: .relaxed) { return }
        try? FileManager.default.removeItem(atPath: path)
    }

    deinit { remove() }
}
