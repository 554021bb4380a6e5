import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// Loops spread over all cores: the CSV reader parses its chunks this way,
/// and `where`'s conditions evaluate their blocks of rows.
public enum Parallel {
    /// Number of cores to spread chunks over.
    public static let coreCount: Int = {
        let n = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return n > 0 ? Int(n) : 1
    }()

    /// Carries a value that is only touched from disjoint iterations into a
    /// `@Sendable` closure; every caller writes to disjoint slots.
    public struct Unchecked<T>: @unchecked Sendable {
        public let value: T
        public init(value: T) { self.value = value }
    }

    /// Runs `body(i)` for `i` in `0..<n`, on all cores when `n > 1`. The body
    /// must only write to state that belongs to iteration `i`.
    public static func parallelFor(_ n: Int, _ body: (Int) -> Void) {
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
    public static func parallelMap<T>(_ n: Int, _ body: (Int) -> T) -> [T] {
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
}
