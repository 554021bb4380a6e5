/// An error found in a statement: what went wrong, where, and a hint.
/// Errors are values; `DiagnosticRenderer` draws them (one place).
public struct Diagnostic: Error, Sendable, Equatable {
    public var message: String
    public var span: SourceSpan?
    public var hint: String?

    public init(_ message: String, at span: SourceSpan?, hint: String? = nil) {
        self.message = message
        self.span = span
        self.hint = hint
    }
}
