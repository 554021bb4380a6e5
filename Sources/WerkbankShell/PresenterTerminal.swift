#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WerkbankEngine
import WerkbankLanguage
import WerkbankRender

/// The terminal of `werkbank present`: single keys in raw mode, and a
/// readline prompt (the shell's `LineEditor`, completing against the
/// presentation's session) for editing a cell and asking a question.
public final class PresenterTerminal {
    private let editor: LineEditor

    /// Installs the shell's signal handlers: Ctrl-C at a prompt cancels the
    /// line instead of ending the program.
    public init() {
        let empty = CompletionEnvironment(
            tableNames: { [] }, columnsOfTable: { _ in nil },
            columnsBeforeStage: { _ in nil }, listDirectory: { _ in [] })
        editor = LineEditor(completer: Completer(environment: empty), historyLimit: 200)
        Signals.install(cancelling: CancellationToken())
    }

    /// A line read at `prompt`, starting as `prefill`; nil on Ctrl-C or Ctrl-D.
    public func readLine(prompt: String, prefill: String, session: Session) -> String? {
        LineEditor.shared.withLock { $0.completer = Completer(environment: .session(session)) }
        // A Ctrl-C pressed while a cell ran is not meant for this prompt.
        _ = Signals.takeInterrupt()
        switch editor.readLine(prompt: prompt, pending: "", prefill: prefill) {
        case .line(let line):
            if line.contains(where: { !$0.isWhitespace }) { editor.addHistory(line) }
            return line
        case .interrupted, .endOfInput:
            return nil
        }
    }

    /// One key from stdin. The terminal is in raw mode (no echo, no line
    /// buffering, Ctrl-C a key) only while it waits, so a cell's output and
    /// a readline prompt see the terminal as it was.
    public func readKey() -> TerminalKey {
        var saved = termios()
        let isTerminal = tcgetattr(0, &saved) == 0
        if isTerminal {
            var raw = saved
            raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
            raw.c_iflag &= ~tcflag_t(IXON | ICRNL)
            withUnsafeMutableBytes(of: &raw.c_cc) { cc in
                cc[Int(VMIN)] = 1
                cc[Int(VTIME)] = 0
            }
            tcsetattr(0, TCSANOW, &raw)
        }
        defer { if isTerminal { tcsetattr(0, TCSANOW, &saved) } }
        // Waits in poll, so that a resized window (a projector's zoom) is redrawn at once.
        while true {
            if Signals.takeResize() { return .resize }
            var fds = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
            let ready = poll(&fds, 1, 200)
            if ready > 0 { break }
            if ready < 0, errno != EINTR, errno != EAGAIN { return .endOfInput }
        }
        guard let first = readByte() else { return .endOfInput }
        switch first {
        case 0x0D, 0x0A: return .enter
        case 0x7F, 0x08: return .backspace
        case 0x03: return .interrupt
        case 0x04: return .endOfInput
        case 0x1B: return escapeSequence()
        case 0x00..<0x80: return .character(Character(Unicode.Scalar(first)))
        default:
            // A UTF-8 sequence: its continuation bytes follow at once.
            let length = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : 2
            var bytes = [first]
            while bytes.count < length, let b = readByte(waiting: 50) { bytes.append(b) }
            return String(decoding: bytes, as: UTF8.self).first.map { .character($0) } ?? .escape
        }
    }

    /// After ESC: an arrow or paging key's sequence (CSI or SS3), or Escape alone.
    private func escapeSequence() -> TerminalKey {
        guard let kind = readByte(waiting: 50) else { return .escape }
        guard kind == UInt8(ascii: "[") || kind == UInt8(ascii: "O") else { return .escape }
        var body: [UInt8] = []
        while let b = readByte(waiting: 50) {
            body.append(b)
            if (0x40...0x7E).contains(b) || body.count >= 8 { break }
        }
        switch String(decoding: body, as: UTF8.self) {
        case "A": return .up
        case "B": return .down
        case "C": return .right
        case "D": return .left
        case "H", "1~", "7~": return .home
        case "F", "4~", "8~": return .end
        case "5~": return .pageUp
        case "6~": return .pageDown
        default: return .escape
        }
    }

    /// One byte of stdin; with `waiting`, nil when none comes within that many milliseconds.
    private func readByte(waiting milliseconds: Int32? = nil) -> UInt8? {
        if let milliseconds {
            var fds = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
            guard poll(&fds, 1, milliseconds) > 0 else { return nil }
        }
        var byte: UInt8 = 0
        while true {
            let n = read(0, &byte, 1)
            if n == 1 { return byte }
            if n < 0, errno == EINTR { continue }
            return nil
        }
    }
}
