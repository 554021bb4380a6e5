#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
import WerkbankEngine

/// SIGINT, SIGWINCH and SIGCONT for the shell: the one place that owns them.
///
/// The handlers only touch atomics and write a byte to the wake pipe, which
/// the prompt waits on beside the terminal (`TerminalInput.wait`). So a
/// signal can land at any instant and still be seen: it stays pending until
/// one of the owners below takes it, and any wait that starts after it
/// returns at once. Nothing else waits on the terminal: readline reads its
/// keys through `TerminalInput` (a blocking read inside readline, which a
/// Ctrl-C could leave waiting for a byte the terminal just flushed, was the
/// race at the continuation prompt).
///
/// Readline's own signal handling is off (`rl_catch_signals = 0`), so it never
/// takes a signal from the shell.
///
/// What a Ctrl-C does in each state of the shell:
/// - editing (readline's handler installed, raw terminal; `LineEditor`
///   waiting for a key, or readline inside a key sequence, a completion
///   question or a search): the wait wakes, readline gives up any key it was
///   waiting for (`READERR`), the line and the unfinished input are dropped
///   (`^C`, a new prompt).
/// - between lines (a line was accepted and the handler removed; the
///   terminal is cooked and echoes `^C`): the Ctrl-C stays pending. If the
///   input needs another line, `readLine` takes it before drawing a prompt and
///   drops the input; if the input is complete, `beginStatement` takes it and
///   the input does not run (shown as cancelled).
/// - running (`beginStatement` … `pauseStatement`/`endStatement`): the
///   handler also cancels the session's token, which operators poll per
///   batch; the third Ctrl-C of a statement that does not stop ends the
///   program, so nothing can hang the shell for good.
/// - showing a result (`pauseStatement` … `resumeStatement`): a Ctrl-C in
///   the pager is the pager's and is dropped; one while a result is written
///   directly cancels the statements after it in the same input.
enum Signals {
    /// Ctrl-C presses not yet taken by an owner.
    private static let interrupts = Atomic<Int>(0)
    /// Every Ctrl-C so far (never reset): tells keys read before one from keys read after.
    private static let generation = Atomic<Int>(0)
    private static let resized = Atomic<Bool>(false)
    private static let running = Atomic<Bool>(false)
    private static let continued = Atomic<Bool>(false)
    /// The session's token; set once before the handlers are installed.
    nonisolated(unsafe) private static var token: Unmanaged<CancellationToken>?
    /// The wake pipe: the handlers write to `wakeWrite`, the prompt polls `wakeDescriptor`.
    nonisolated(unsafe) private static var wakeWrite: Int32 = -1
    nonisolated(unsafe) private(set) static var wakeDescriptor: Int32 = -1

    static func install(cancelling target: CancellationToken) {
        token = Unmanaged.passRetained(target)
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) == 0 {
            // Neither end may block: a full pipe already says "wake up".
            for fd in ends {
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            }
            wakeDescriptor = ends[0]
            wakeWrite = ends[1]
        }
        // Initialise the atomics before a handler can touch them.
        _ = (
            interrupts.load(ordering: .relaxed), resized.load(ordering: .relaxed),
            running.load(ordering: .relaxed), continued.load(ordering: .relaxed)
        )
        setHandler(SIGINT) { _ in Signals.onInterrupt() }
        setHandler(SIGWINCH) { _ in
            Signals.resized.store(true, ordering: .sequentiallyConsistent)
            Signals.wake()
        }
        // Back from Ctrl-Z (`fg`): the parent shell has changed the terminal modes.
        setHandler(SIGCONT) { _ in
            Signals.continued.store(true, ordering: .sequentiallyConsistent)
            Signals.wake()
        }
        // A pager that quits early must not kill the shell.
        signal(SIGPIPE, SIG_IGN)
        // A parent may have blocked them (the mask survives exec).
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGWINCH)
        sigaddset(&set, SIGCONT)
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
        // Reads and writes elsewhere restart; the prompt learns of the signal from the wake pipe.
        action.sa_flags = SA_RESTART
        sigaction(sig, &action, nil)
    }

    /// Async-signal-safe: atomics, write(2) and _exit(2) only.
    private static func onInterrupt() {
        generation.add(1, ordering: .sequentiallyConsistent)
        let n = interrupts.add(1, ordering: .sequentiallyConsistent).newValue
        if running.load(ordering: .sequentiallyConsistent) {
            token?._withUnsafeGuaranteedRef { $0.cancel() }
            if n >= 3 {
                let message = "\nwerkbank: the statement does not stop; leaving\n"
                _ = message.withCString { write(2, $0, strlen($0)) }
                _exit(130)
            }
        }
        wake()
    }

    private static func wake() {
        let saved = errno
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
        errno = saved
    }

    /// Empties the wake pipe (after a wait it woke); the flags say what happened.
    static func drainWake() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(wakeDescriptor, &buffer, buffer.count) > 0 {}
    }

    /// True (once) when Ctrl-C was pressed since an owner last took it.
    static func takeInterrupt() -> Bool {
        guard interrupts.exchange(0, ordering: .sequentiallyConsistent) > 0 else { return false }
        // Keys read before the Ctrl-C belong to the line it abandons (the
        // terminal dropped the rest of them): they never reach the next line.
        TerminalInput.dropKeys(readBefore: interruptGeneration)
        return true
    }

    /// The number of Ctrl-Cs so far.
    static var interruptGeneration: Int { generation.load(ordering: .sequentiallyConsistent) }

    /// True when a Ctrl-C is waiting for its owner (without taking it).
    static var interruptPending: Bool { interrupts.load(ordering: .sequentiallyConsistent) > 0 }

    /// True (once) when the program was continued after a stop since the last call.
    static func takeContinue() -> Bool { continued.exchange(false, ordering: .sequentiallyConsistent) }

    /// True (once) when the terminal was resized since the last call.
    static func takeResize() -> Bool { resized.exchange(false, ordering: .sequentiallyConsistent) }

    /// An input is about to run: from here Ctrl-C cancels it. False when a
    /// Ctrl-C came after the input was sent and before this (the token is
    /// then cancelled, so the input does not run).
    static func beginStatement() -> Bool {
        token?._withUnsafeGuaranteedRef { $0.reset() }
        // Running first, then take: a Ctrl-C before the take is seen here, one
        // after it sees `running` and cancels the token itself.
        running.store(true, ordering: .sequentiallyConsistent)
        if takeInterrupt() {
            token?._withUnsafeGuaranteedRef { $0.cancel() }
            return false
        }
        return true
    }

    /// A result is about to be shown; true when Ctrl-C was pressed while the
    /// statement ran (the terminal echoed `^C`: start on a new line).
    static func pauseStatement() -> Bool {
        running.store(false, ordering: .sequentiallyConsistent)
        return takeInterrupt()
    }

    /// The next statement of the input may run. A Ctrl-C while the pager
    /// ran was the pager's; one while output was written directly stops the
    /// rest of the input.
    static func resumeStatement(afterPager: Bool) {
        running.store(true, ordering: .sequentiallyConsistent)
        if takeInterrupt(), !afterPager { token?._withUnsafeGuaranteedRef { $0.cancel() } }
    }

    /// The input has run; true when Ctrl-C was pressed since the last result.
    @discardableResult
    static func endStatement() -> Bool { pauseStatement() }
}
