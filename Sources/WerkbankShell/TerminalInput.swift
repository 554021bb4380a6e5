#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@preconcurrency import CReadline
import Synchronization

/// The keys readline reads: the terminal's bytes through a queue the shell owns.
///
/// Readline never reads the terminal itself (`rl_getc_function` and
/// `rl_input_available_hook` point here). The prompt loop reads a byte when
/// `wait` says the terminal has one, and calls readline only while a key is
/// queued. Reads go through a descriptor of our own in non-blocking mode:
/// a Ctrl-C makes the terminal drop its unread input, so "readable" can turn
/// into "nothing there" before the read, and a blocking read there waited for
/// the next key while the Ctrl-C sat unseen (the continuation-prompt race).
/// One byte per read, as readline reads: what is not read yet stays in the
/// terminal, which drops it at a Ctrl-C as it always did (keys typed before
/// a Ctrl-C that stops a statement never run after it).
/// Keys already queued when a Ctrl-C comes were typed before it: the line
/// it abandons takes them along (`dropKeys`), as the terminal drops the unread
/// rest; keys read after it stay queued for the next line.
/// When readline wants a key the queue does not have (the rest of a
/// character, the answer to "Display all …?"), `nextKey` waits on the terminal
/// and the wake pipe and gives up with `READERR` on a Ctrl-C.
enum TerminalInput {
    struct State: Sendable {
        var bytes: [UInt8] = []
        /// For each byte, the Ctrl-C count when it was read: a signal that
        /// came while the read returned is handled before the count is taken,
        /// so a key typed after a Ctrl-C is never counted as before it.
        var generations: [Int] = []
        var head = 0
        var endOfInput = false
    }

    static let state = Mutex<State>(State())
    /// stdin's terminal opened again, non-blocking (its own file description,
    /// so the flag does not reach the pager or the parent shell); stdin itself
    /// when that fails.
    nonisolated(unsafe) private(set) static var descriptor: Int32 = 0

    /// Opens the terminal and points readline at the queue.
    static func install() {
        if let name = ttyname(0) { attach(terminal: String(cString: name)) }
        wb_rl_set_input(nextKeyCallback, keyAvailableCallback)
    }

    /// Reads from the terminal at `path` from now on; false when it cannot be opened.
    @discardableResult
    static func attach(terminal path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return false }
        descriptor = fd
        return true
    }

    enum Wake { case terminal, signal, timeout }

    /// Waits until the terminal has bytes or a signal arrived (the wake pipe),
    /// at most `milliseconds` (-1: no limit).
    static func wait(milliseconds: Int32) -> Wake {
        var fds = [
            pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: Signals.wakeDescriptor, events: Int16(POLLIN), revents: 0),
        ]
        let ready = poll(&fds, nfds_t(Signals.wakeDescriptor >= 0 ? 2 : 1), milliseconds)
        if ready < 0 { return .signal }  // EINTR: a handler ran; the caller looks at the flags
        if ready == 0 { return .timeout }
        if fds[1].revents != 0 { Signals.drainWake() }
        // Hang-up and errors count as readable: the read says what they are.
        if fds[0].revents != 0 { return .terminal }
        return .signal
    }

    /// Reads a byte the terminal has into the queue (never blocks).
    static func fill() {
        var byte: UInt8 = 0
        let n = read(descriptor, &byte, 1)
        let failure = n < 0 ? errno : 0
        let generation = Signals.interruptGeneration
        state.withLock { s in
            if n > 0 {
                s.bytes.append(byte)
                s.generations.append(generation)
            } else if n == 0 || (failure != EAGAIN && failure != EWOULDBLOCK && failure != EINTR) {
                // End of file, or the terminal went away (EIO after a hang-up).
                s.endOfInput = true
            }
        }
    }

    static var hasKey: Bool { state.withLock { $0.head < $0.bytes.count } }

    static var atEnd: Bool { state.withLock { $0.endOfInput && $0.head >= $0.bytes.count } }

    private static func pop() -> UInt8? {
        state.withLock { s in
            guard s.head < s.bytes.count else { return nil }
            let b = s.bytes[s.head]
            s.head += 1
            if s.head == s.bytes.count {
                s.bytes.removeAll(keepingCapacity: true)
                s.generations.removeAll(keepingCapacity: true)
                s.head = 0
            }
            return b
        }
    }

    /// Drops the queued keys that were read before Ctrl-C number `generation`.
    static func dropKeys(readBefore generation: Int) {
        state.withLock { s in
            var bytes: [UInt8] = [], generations: [Int] = []
            for i in s.head..<s.bytes.count where s.generations[i] >= generation {
                bytes.append(s.bytes[i])
                generations.append(s.generations[i])
            }
            (s.bytes, s.generations, s.head) = (bytes, generations, 0)
        }
    }

    /// Readline's `rl_getc_function`: the next key, waiting for one when
    /// none is queued; `READERR` on a Ctrl-C, `EOF` when the terminal is gone.
    /// A key read after a Ctrl-C arrived stays queued for the next line.
    static func nextKey() -> Int32 {
        if let b = pop() { return Int32(b) }
        while true {
            if Signals.interruptPending { return READERR }
            if atEnd { return EOF }
            if wait(milliseconds: -1) == .terminal { fill() }
            if Signals.interruptPending { return READERR }
            if let b = pop() { return Int32(b) }
        }
    }

    /// Readline's `rl_input_available_hook`: is a key there, waiting at most
    /// readline's keyboard timeout (so an escape sequence split across two
    /// reads is still one key). Never after a Ctrl-C: readline's typeahead
    /// must not take keys typed after it into the line it abandons.
    static func keyAvailable() -> Int32 {
        if Signals.interruptPending || atEnd { return 0 }
        if hasKey { return 1 }
        let micros = max(Int(wb_rl_keyboard_timeout()), 0)
        if wait(milliseconds: Int32((micros + 999) / 1000)) == .terminal { fill() }
        return !Signals.interruptPending && hasKey ? 1 : 0
    }
}

private let nextKeyCallback: @convention(c) (UnsafeMutablePointer<FILE>?) -> Int32 = { _ in TerminalInput.nextKey() }
private let keyAvailableCallback: @convention(c) () -> Int32 = { TerminalInput.keyAvailable() }
