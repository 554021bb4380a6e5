import Synchronization

/// A flag that Ctrl-C sets and long loops poll (per batch, not per row).
public final class CancellationToken: Sendable {
    private let flag = Atomic<Bool>(false)
    public init() {}
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }
    public func cancel() { flag.store(true, ordering: .relaxed) }
    public func reset() { flag.store(false, ordering: .relaxed) }

    /// Throws `EngineError.cancelled` once the flag is set.
    @inline(__always) public func check() throws(EngineError) {
        if isCancelled { throw .cancelled }
    }

    /// A token nobody cancels.
    public static let never = CancellationToken()
}
