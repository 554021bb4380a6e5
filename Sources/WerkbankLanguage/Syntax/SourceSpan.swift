import WerkbankEngine

/// A range of UTF-8 byte offsets into the source text of a statement batch.
public struct SourceSpan: Sendable, Hashable {
    public var start: Int
    public var end: Int
    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = max(start, end)
    }
    public func union(_ other: SourceSpan) -> SourceSpan { SourceSpan(min(start, other.start), max(end, other.end)) }
}

extension EngineError {
    /// The span of the expression that raised the error, if it was located.
    public var span: SourceSpan? {
        if case .located(_, let start, let end) = self { return SourceSpan(start, end) }
        return nil
    }
}
