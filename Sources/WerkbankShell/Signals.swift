#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
import WerkbankEngine

/// SIGINT, SIGWINCH and SIGCONT for the shell. The handlers only touch atomics: they
/// record the signal and cancel the running statement (operators poll the
/// token per batch). Three Ctrl-C during one statement that does not stop
/// end the program, so nothing can hang the shell for good.
enum Signals {
    private static let interrupts = Atomic<Int>(0)
    private static let resized = Atomic<Bool>(false)
    private static let running = Atomic<Bool>(false)
    private static let continued = Atomic<Bool>(false)
    /// The session's token; set once before the handlers are installed.
    nonisolated(unsafe) private static var token: Unmanaged<CancellationToken>?

    static func install(cancelling target: CancellationToken) {
        token = Unmanaged.passRetained(target)
        // Initialise the atomics before a handler can touch them.
        _ = (interrupts.load(ordering: .relaxed), resized.load(ordering: .relaxed), running.load(ordering: .relaxed),
             continued.load(ordering: .relaxed))
        setHandler(SIGINT) { _ in Signals.onInterrupt() }
        setHandler(SIGWINCH) { _ in Signals.resized.store(true, ordering: .relaxed) }
        // Back from Ctrl-Z (`fg`): the parent shell has changed the terminal modes.
        setHandler(SIGCONT) { _ in Signals.continued.store(true, ordering: .relaxed) }
        // A pager that quits early must not kill the shell.
        signal(SIGPIPE, SIG_IGN)
        // A parent may have blocked them (the mask survives exec).
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGWINCH)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    private static func setHandler(_ sig: Int32, _ handler: @convention(c) (Int32) -> Void) {
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = handler
        #else
        action.__sigaction_u.__sa_handler = handler
        #endif
        sigemptyset(&action.sa_mask)
        // Reads and writes restart; poll() still returns EINTR, which the prompt loop wants.
        action.sa_flags = SA_RESTART
        sigaction(sig, &action, nil)
    }

    private static func onInterrupt() {
        let n = interrupts.add(1, ordering: .relaxed).newValue
        token?._withUnsafeGuaranteedRef { $0.cancel() }
        if running.load(ordering: .relaxed), n >= 3 {
            let message = "\nwerkbank: the statement does not stop; leaving\n"
            _ = message.withCString { write(2, $0, strlen($0)) }
            _exit(130)
        }
    }

    /// True (once) when Ctrl-C was pressed since the last call.
    static func takeInterrupt() -> Bool { interrupts.exchange(0, ordering: .relaxed) > 0 }

    /// True (once) when the program was continued after a stop since the last call.
    static func takeContinue() -> Bool { continued.exchange(false, ordering: .relaxed) }

    /// True (once) when the terminal was resized since the last call.
    static func takeResize() -> Bool { resized.exchange(false, ordering: .relaxed) }

    /// Marks a statement as running (Ctrl-C cancels it) or finished;
    /// true when Ctrl-C was pressed since the last call.
    @discardableResult
    static func setRunning(_ value: Bool) -> Bool {
        running.store(value, ordering: .relaxed)
        return interrupts.exchange(0, ordering: .relaxed) > 0
    }
}
