/// A key from a terminal in raw mode (`werkbank present` reads them): the
/// shell module reads them, the notebook module acts on them.
public enum TerminalKey: Equatable, Sendable {
    case character(Character)
    case enter, escape, backspace, left, right, up, down, pageUp, pageDown, home, end
    /// Ctrl-C (raw mode: no signal).
    case interrupt
    /// Ctrl-D, or the terminal went away.
    case endOfInput
    /// Not a key: the window changed size (redraw).
    case resize
}
