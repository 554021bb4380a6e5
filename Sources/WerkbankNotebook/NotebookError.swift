/// A notebook that cannot be read: what is wrong and on which line.
public struct NotebookError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// 1-based line in the notebook file, when the problem has one.
    public var line: Int?

    public init(_ message: String, line: Int? = nil) {
        self.message = message
        self.line = line
    }

    public var description: String {
        if let line { return "line \(line): \(message)" }
        return message
    }
}
