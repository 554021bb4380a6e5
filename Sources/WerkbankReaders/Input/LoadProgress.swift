import WerkbankEngine
import Foundation

/// A progress bar on stderr for a slow `load`: bytes read of the total and
/// the rate, then the parsing phase with the time so far. Drawn only after
/// half a second, and only when the front end enabled it (stderr is a
/// terminal, not CI, not a notebook replay); erased when the load ends, so
/// nothing of it stays in the terminal or in any output.
public final class LoadProgress: @unchecked Sendable {
    /// Set by the command line for the shell and batch runs on a terminal.
    public static var isEnabled: Bool {
        get { settings.withLock { $0.enabled } }
        set { settings.withLock { $0.enabled = newValue } }
    }

    private struct Settings { var enabled = false }
    private static let settings = Locked(Settings())

    private let label: String
    private let total: Int
    private let started = DispatchTime.now()
    private let delay: Double
    private let write: @Sendable (String) -> Void
    private let state = Locked(State())

    struct State {
        var done = 0
        var phase: String?
        var finished = false
        var drawn = false
    }

    /// A progress bar for reading `total` bytes of `label`, or nil when progress is off.
    public static func start(label: String, total: Int) -> LoadProgress? {
        guard isEnabled else { return nil }
        let p = LoadProgress(label: label, total: total, delay: 0.5) { text in
            var bytes = Array(text.utf8)
            var offset = 0
            while offset < bytes.count {
                let n = bytes[offset...].withUnsafeMutableBytes { Foundation.write(2, $0.baseAddress, $0.count) }
                if n <= 0 { return }
                offset += n
            }
            bytes.removeAll()
        }
        p.run()
        return p
    }

    /// For tests: draws through `write`, after `delay` seconds.
    init(label: String, total: Int, delay: Double, write: @escaping @Sendable (String) -> Void) {
        self.label = label
        self.total = total
        self.delay = delay
        self.write = write
    }

    public func advance(to bytes: Int) { state.withLock { $0.done = bytes } }

    /// A phase after reading ("parsing"), shown with the time so far.
    public func phase(_ name: String) { state.withLock { $0.phase = name } }

    /// Erases the bar; call once the load ends, however it ends.
    public func finish() {
        let drawn = state.withLock { s -> Bool in
            s.finished = true
            return s.drawn
        }
        if drawn { write("\r\u{1B}[2K") }
    }

    private var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9 }

    func run() {
        let thread = Thread { [self] in
            while true {
                Thread.sleep(forTimeInterval: 0.1)
                let snapshot = state.withLock { s -> State? in
                    if s.finished { return nil }
                    return s
                }
                guard let snapshot else { return }
                let t = elapsed
                guard t >= delay else { continue }
                let line = render(snapshot, seconds: t)
                // Draw and mark drawn under the lock, so `finish` erases what was drawn.
                let stillRunning = state.withLock { s -> Bool in
                    if s.finished { return false }
                    s.drawn = true
                    return true
                }
                if !stillRunning { return }
                write("\r\u{1B}[2K" + line)
            }
        }
        thread.start()
    }

    func render(_ s: State, seconds: Double) -> String {
        let name = label.count > 28 ? "…" + String(label.suffix(27)) : label
        if let phase = s.phase {
            return "\(name)  \(phase) \(NumberText.bytes(total))…  \(String(format: "%.1f", seconds)) s"
        }
        let width = 24
        let fraction = total > 0 ? min(1, Double(s.done) / Double(total)) : 0
        let full = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: full) + String(repeating: "░", count: width - full)
        let rate = seconds > 0 ? Double(s.done) / seconds : 0
        return "\(name)  \(bar)  \(NumberText.bytes(s.done)) / \(NumberText.bytes(total))  \(NumberText.bytes(Int(rate)))/s"
    }
}

/// A value behind a lock.
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func withLock<R>(_ body: (inout Value) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
