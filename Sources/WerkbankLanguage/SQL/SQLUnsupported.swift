/// Why a stage cannot run as SQL in a dialect with werkbank's answer: the
/// stage (and the ones after it) then run in werkbank over the rows the SQL
/// part returned, and `explain sql` says why in a comment. Never a guess:
/// a construct is compiled only where the dialect gives werkbank's answer.
public struct SQLUnsupported: Error, Sendable {
    public var reason: String
    public var span: SourceSpan

    public init(_ reason: String, at span: SourceSpan) {
        self.reason = reason
        self.span = span
    }
}
