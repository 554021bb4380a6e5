import Foundation
import WerkbankRender

/// The terminal the shell runs in: its size (from the one probe,
/// `TerminalWindow`), whether colour is wanted, and the pager for output
/// taller than the window.
enum TerminalInfo {
    static func isTerminal(_ fd: Int32) -> Bool { TerminalWindow.isTerminal(fd) }

    /// Columns and rows of the terminal on stdout (100 × 24 when unknown).
    static func size() -> (columns: Int, rows: Int) {
        let size = TerminalWindow.size(orElse: .init(columns: 100, rows: 24))
        return (size.columns, size.rows)
    }

    /// Colour for `set color auto`: stdout a terminal, `NO_COLOR` unset or
    /// empty (no-color.org), and a terminal that is not `dumb`.
    static func colorWanted(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        if let v = environment["NO_COLOR"], !v.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return isTerminal(1)
    }
}

/// Shows long output through `$PAGER` (else `less -FRX`), short output directly.
struct Pager {
    var command: String?

    /// `$PAGER` when set and not empty; else `less -FRX` when `less` is on the PATH.
    static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Pager {
        if let p = environment["PAGER"], !p.trimmingCharacters(in: .whitespaces).isEmpty { return Pager(command: p) }
        let path = environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(dir)/less") {
            return Pager(command: "less -FRX")
        }
        return Pager(command: nil)
    }

    /// True when `text` has more lines than fit above the prompt.
    static func isTaller(_ text: String, rows: Int) -> Bool {
        var lines = 0
        for b in text.utf8 where b == 0x0A {
            lines += 1
            if lines >= rows { return true }
        }
        return false
    }

    /// Writes `text` to stdout, through the pager when it is taller than the
    /// terminal; true when the pager ran (a Ctrl-C meanwhile was the pager's).
    @discardableResult
    func show(_ text: String, rows: Int) -> Bool {
        guard let command, Self.isTaller(text, rows: rows) else {
            Console.write(text)
            Console.flush()
            return false
        }
        // The pager could not run (no such command): show the text after all.
        guard let status = Console.pipe(text, to: command), status != -1, (status >> 8) & 0xFF != 127 else {
            Console.write(text)
            Console.flush()
            return false
        }
        return true
    }
}
