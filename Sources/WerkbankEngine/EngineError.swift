/// Errors raised while executing (after binding): overflow, I/O, cancellation.
/// They carry no source span; the language layer attaches the statement's.
public enum EngineError: Error, Equatable, Sendable {
    case cancelled
    case overflow(column: String)
    case io(path: String, message: String)
    /// A file that could not be written (save, notebook save, the journal).
    case unwritable(path: String, message: String)
    case badFile(path: String, message: String, line: Int?)
    /// A file that load will not read (a device, a binary format, one that
    /// changed while it was read), with what to do instead.
    case unreadable(path: String, message: String, hint: String)
    case invalid(String)
    /// A result refused before it is built (too many rows or bytes), with
    /// what to do instead.
    case tooLarge(String, hint: String)
    /// An SQL engine's client failed or the engine refused a statement: its
    /// own message (prefixes and caret lines dropped), and what to do when
    /// that is obvious (a server not running, a client not installed).
    case engine(String, hint: String?)
    /// An error raised by one part of an expression, with that part's byte
    /// range in the statement (so the caret points at it, not the stage).
    indirect case located(EngineError, start: Int, end: Int)
    /// An engine's error at a line of the SQL query werkbank sent it (the
    /// engine said where): the stage that line belongs to gets the caret.
    indirect case inQuery(EngineError, line: Int)

    public var message: String {
        switch self {
        case .cancelled: "cancelled"
        case .overflow(let column): "integer overflow in \(column)"
        case .io(let path, let message), .unreadable(let path, let message, _): "cannot read \(path): \(message)"
        case .unwritable(let path, let message): "cannot write \(path): \(message)"
        case .badFile(let path, let message, let line):
            "\(path)\(line.map { ", line \($0)" } ?? ""): \(message)"
        case .invalid(let m): m
        case .tooLarge(let m, _): m
        case .engine(let m, _): m
        case .located(let inner, _, _), .inQuery(let inner, _): inner.message
        }
    }

    /// The error with the byte range of the expression that raised it; a
    /// cancellation or an error located further in keeps what it has.
    public func located(start: Int, end: Int) -> EngineError {
        switch self {
        case .cancelled, .located: self
        default: .located(self, start: start, end: end)
        }
    }

    /// The error without its location.
    public var unlocated: EngineError {
        switch self {
        case .located(let inner, _, _), .inQuery(let inner, _): inner
        default: self
        }
    }

    /// What to do about it, when the error knows better than its reader.
    public var hint: String? {
        switch unlocated {
        case .unreadable(_, _, let hint), .tooLarge(_, let hint): hint
        case .engine(_, let hint): hint
        default: nil
        }
    }
}
