/// Errors raised while executing (after binding): overflow, I/O, cancellation.
/// They carry no source span; the language layer attaches the statement's.
public enum EngineError: Error, Equatable, Sendable {
    case cancelled
    case overflow(column: String)
    case io(path: String, message: String)
    case badFile(path: String, message: String, line: Int?)
    /// A file that load will not read (a device, a binary format, one that
    /// changed while it was read), with what to do instead.
    case unreadable(path: String, message: String, hint: String)
    case invalid(String)

    public var message: String {
        switch self {
        case .cancelled: "cancelled"
        case .overflow(let column): "integer overflow in \(column)"
        case .io(let path, let message), .unreadable(let path, let message, _): "cannot read \(path): \(message)"
        case .badFile(let path, let message, let line):
            "\(path)\(line.map { ", line \($0)" } ?? ""): \(message)"
        case .invalid(let m): m
        }
    }

    /// What to do about it, when the error knows better than its reader.
    public var hint: String? {
        if case .unreadable(_, _, let hint) = self { return hint }
        return nil
    }
}
