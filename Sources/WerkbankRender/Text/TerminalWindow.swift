#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one probe of the terminal: whether a stream is one, and the size of
/// the window on stdout. The shell, the presenter and the command line ask
/// it; renderers never do (they get their width in `RenderOptions`).
public enum TerminalWindow {
    public struct Size: Equatable, Sendable {
        public var columns: Int
        public var rows: Int

        public init(columns: Int, rows: Int) {
            self.columns = columns
            self.rows = rows
        }
    }

    public static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) != 0 }

    /// The window's columns and rows, read again on every call (the window
    /// can be resized at any time); nil when stdout is not a terminal or the
    /// terminal does not say. A terminal that gives columns without rows
    /// (a serial console) counts as 24 rows high.
    public static func size() -> Size? {
        var size = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Size(columns: Int(size.ws_col), rows: size.ws_row > 0 ? Int(size.ws_row) : 24)
    }

    /// The size to lay text out for: the window's, or `fallback` when
    /// stdout is a file or a pipe (a fixed width keeps such output stable).
    public static func size(orElse fallback: Size) -> Size { size() ?? fallback }
}
