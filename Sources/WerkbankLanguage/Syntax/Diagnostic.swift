/// An error found in a statement: what went wrong, where, and a hint.
/// Errors are values; `DiagnosticRenderer` draws them (one place).
public struct Diagnostic: Error, Sendable, Equatable {
    public var message: String
    public var span: SourceSpan?
    public var hint: String?
    /// For an error about a relative path: the folder it was resolved
    /// against, which `hint` names (see `relocated(to:)`).
    public var pathBase: PathBase?

    public init(_ message: String, at span: SourceSpan?, hint: String? = nil) {
        self.message = message
        self.span = span
        self.hint = hint
    }

    /// An error about a path whose hint names the folder it resolved against.
    init(_ message: String, at span: SourceSpan?, pathBase: PathBase) {
        self.init(message, at: span, hint: pathBase.hint)
        self.pathBase = pathBase
    }

    /// The same error shown where paths resolve against `base` (a notebook's
    /// folder); other errors are returned as they are.
    public func relocated(to base: PathBase) -> Diagnostic {
        guard pathBase != nil else { return self }
        var d = self
        d.pathBase = base
        d.hint = base.hint
        return d
    }
}
