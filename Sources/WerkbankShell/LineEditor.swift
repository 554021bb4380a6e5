#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@preconcurrency import CReadline
import Synchronization

/// What one read at the prompt produced.
enum LineEvent: Equatable {
    case line(String)
    /// Ctrl-D on an empty line (or the terminal went away).
    case endOfInput
    /// Ctrl-C: the line was abandoned.
    case interrupted
}

/// GNU readline in its callback mode: the shell waits (`TerminalInput.wait`)
/// on the terminal and the signals' wake pipe, so a Ctrl-C or a window resize
/// wakes it and is handled between keystrokes, outside any signal handler
/// (see `Signals` for the states). Readline's keys come from
/// `TerminalInput`'s queue. Editing, Ctrl-R, ~/.inputrc (`$if werkbank`) and
/// the history list are readline's own.
final class LineEditor {
    /// What the C callbacks reach; they cannot capture.
    struct Shared: Sendable {
        var completer: Completer?
        /// Earlier lines of the input being typed, each followed by "\n".
        var pendingText = ""
        var received: LineEvent?
    }

    static let shared = Mutex<Shared>(Shared())

    init(completer: Completer, historyLimit: Int) {
        Self.shared.withLock { $0.completer = completer }
        wb_rl_set_name("werkbank")
        wb_rl_set_signal_handling(0)
        TerminalInput.install()
        // Reads ~/.inputrc (under the name set above) before the settings below.
        rl_initialize()
        wb_rl_set_word_breaks()
        wb_rl_set_sort_matches(0)
        wb_rl_set_completion(completionCallback)
        stifle_history(Int32(historyLimit))
    }

    /// Reads one line at `prompt`; `pending` is the earlier lines of the
    /// same input (for completion); the line starts as `prefill`, the cursor
    /// at its end (`werkbank present` edits a cell so).
    func readLine(prompt: String, pending: String, prefill: String = "") -> LineEvent {
        Self.shared.withLock {
            $0.pendingText = pending
            $0.received = nil
        }
        // Ctrl-C after the last line was sent (between lines, the terminal
        // cooked and echoing `^C`): the input is dropped before a prompt is drawn.
        if Signals.takeInterrupt() {
            Console.write("\n")
            Console.flush()
            return .interrupted
        }
        _ = Signals.takeContinue()
        rl_callback_handler_install(prompt, lineCallback)
        if !prefill.isEmpty {
            rl_insert_text(prefill)
            rl_redisplay()
        }
        while true {
            if let event = Self.shared.withLock({ $0.received }) {
                // Readline gave up a key it waited for because of a Ctrl-C.
                if event == .interrupted {
                    _ = Signals.takeInterrupt()
                    Console.write("^C\n")
                    Console.flush()
                }
                return event
            }
            if Signals.takeInterrupt() {
                abandonLine()
                return .interrupted
            }
            if Signals.takeResize() { rl_resize_terminal() }
            if Signals.takeContinue() {
                // Ctrl-Z then `fg`: set the terminal up again and redraw the line.
                rl_cleanup_after_signal()
                rl_reset_after_signal()
                rl_on_new_line()
                rl_redisplay()
            }
            // Readline is called only with a key queued, so it never waits itself.
            if TerminalInput.hasKey {
                rl_callback_read_char()
                continue
            }
            if TerminalInput.atEnd {
                rl_callback_handler_remove()
                return .endOfInput
            }
            if TerminalInput.wait(milliseconds: -1) == .terminal { TerminalInput.fill() }
        }
    }

    /// Ctrl-C at the prompt: show `^C` after the text, drop the line and any
    /// search or key sequence in progress.
    private func abandonLine() {
        // End a search or key sequence first: that redraws the line with the prompt.
        rl_callback_sigcleanup()
        rl_free_line_state()
        wb_rl_move_to_end()
        rl_redisplay()
        fputs("^C\n", stdout)
        fflush(stdout)
        rl_callback_handler_remove()
    }

    /// Adds an entry unless it repeats the newest one.
    func addHistory(_ entry: String) {
        if let last = wb_history_last(), String(cString: last) == entry { return }
        add_history(entry)
    }

    func loadHistory(_ entries: [String]) {
        for e in entries { addHistory(e) }
    }

    /// Unbinds the terminal (after Ctrl-D or an error).
    func close() {
        rl_callback_handler_remove()
    }

    // MARK: Completion glue

    /// Readline's matches array for the word from `start` to `end` of the
    /// current line: element 0 replaces the word, the rest are listed.
    static func matches(start: Int, end: Int) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        let (completer, pending) = shared.withLock { ($0.completer, $0.pendingText) }
        guard let completer, let buffer = wb_rl_line_buffer() else { return nil }
        let point = max(0, Int(wb_rl_point()))
        let line = Array(UnsafeBufferPointer(start: UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self), count: strlen(buffer)))
        let full = Array(pending.utf8) + line[..<min(point, line.count)]
        let completion = completer.complete(String(decoding: full, as: UTF8.self))
        let offset = pending.utf8.count
        let rlStart = min(offset + start, full.count), rlEnd = min(offset + end, full.count)
        let texts = align(completion, full: full, readlineStart: rlStart)
        guard !texts.isEmpty else { return nil }
        var entries: [[UInt8]]
        if texts.count == 1 {
            entries = [texts[0].text + Array(texts[0].terminator.utf8)]
            wb_rl_set_suppress_append(1)
        } else {
            let typed = Array(full[rlStart..<max(rlStart, rlEnd)])
            var common = commonPrefix(texts.map(\.text))
            if common.count < typed.count { common = typed }
            entries = [common] + texts.map(\.text)
        }
        guard
            let array = malloc(MemoryLayout<UnsafeMutablePointer<CChar>?>.stride * (entries.count + 1))?
                .bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: entries.count + 1)
        else { return nil }
        for (i, e) in entries.enumerated() {
            array[i] = (e + [0]).withUnsafeBufferPointer { strdup(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self)) }
        }
        array[entries.count] = nil
        return array
    }

    /// The candidates rewritten to replace the text from readline's word
    /// start (which follows its word-break characters) instead of ours.
    static func align(_ c: Completion, full: [UInt8], readlineStart: Int) -> [(text: [UInt8], terminator: String)] {
        let start = min(c.start, full.count)
        if start == readlineStart { return c.candidates.map { (Array($0.text.utf8), $0.terminator) } }
        if start < readlineStart {
            let drop = Array(full[start..<readlineStart])
            return c.candidates.compactMap { cand in
                let t = Array(cand.text.utf8)
                guard t.starts(with: drop) else { return nil }
                return (Array(t.dropFirst(drop.count)), cand.terminator)
            }
        }
        let add = Array(full[readlineStart..<start])
        return c.candidates.map { (add + Array($0.text.utf8), $0.terminator) }
    }

    /// The longest common prefix, cut at a character boundary.
    static func commonPrefix(_ texts: [[UInt8]]) -> [UInt8] {
        guard var prefix = texts.first else { return [] }
        for t in texts.dropFirst() {
            var n = 0
            while n < prefix.count, n < t.count, prefix[n] == t[n] { n += 1 }
            prefix.removeSubrange(n...)
        }
        // Never end inside a UTF-8 sequence.
        while let last = prefix.last, last & 0xC0 == 0x80 || last >= 0xC0 {
            let lead = prefix.lastIndex { $0 & 0xC0 != 0x80 } ?? 0
            let needed = prefix[lead] >= 0xF0 ? 4 : prefix[lead] >= 0xE0 ? 3 : prefix[lead] >= 0xC0 ? 2 : 1
            if prefix.count - lead == needed { break }
            prefix.removeSubrange(lead...)
        }
        return prefix
    }
}

private let lineCallback: @convention(c) (UnsafeMutablePointer<CChar>?) -> Void = { line in
    let event: LineEvent
    if let line {
        event = .line(String(cString: line))
        free(line)
    } else {
        // No line: Ctrl-D on an empty line, or `TerminalInput` gave up a key for a Ctrl-C.
        event = Signals.interruptPending ? .interrupted : .endOfInput
    }
    LineEditor.shared.withLock { $0.received = event }
    rl_callback_handler_remove()
}

private let completionCallback: @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = {
    _, start, end in
    // Never fall back to readline's file-name completion.
    wb_rl_set_completion_over(1)
    return LineEditor.matches(start: Int(start), end: Int(end))
}

/// stdout and stderr for the shell's files (this file's `@preconcurrency`
/// import of the C headers is what lets Swift 6 name them).
enum Console {
    static func write(_ text: String) { fputs(text, stdout) }
    static func error(_ text: String) {
        fflush(stdout)
        fputs(text, stderr)
        fflush(stderr)
    }
    static func flush() { fflush(stdout) }

    /// Writes `text` to a shell command's stdin (a pager); its exit status.
    static func pipe(_ text: String, to command: String) -> Int32? {
        fflush(stdout)
        guard let p = popen(command, "w") else { return nil }
        fputs(text, p)
        return pclose(p)
    }
}
