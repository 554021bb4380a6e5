import WerkbankEngine

/// An expression after binding: column references resolved to indices, every
/// node typed, functions resolved. Evaluated column-at-a-time by `Evaluator`.
public indirect enum BoundExpr: Sendable {
    case column(index: Int, DataType)
    /// A constant; a `null` literal takes the type its context needs.
    case literal(Value, DataType)
    case negate(BoundExpr, ExpressionSite)
    case not(BoundExpr)
    case arithmetic(ArithmeticOperator, BoundExpr, BoundExpr, DataType, ExpressionSite)
    case compare(ComparisonOperator, BoundExpr, BoundExpr)
    case logical(isAnd: Bool, BoundExpr, BoundExpr)
    case coalesce([BoundExpr], DataType)
    case inList(BoundExpr, [Value], negated: Bool)
    case isNull(BoundExpr, negated: Bool)
    case call(FunctionDefinition, [BoundExpr], DataType, ExpressionSite)
    /// Widens an int to a float (int op float gives float).
    case toFloat(BoundExpr)

    public var type: DataType {
        switch self {
        case .column(_, let t), .literal(_, let t), .arithmetic(_, _, _, let t, _), .coalesce(_, let t), .call(_, _, let t, _): t
        case .negate(let e, _): e.type
        case .not, .compare, .logical, .inList, .isNull: .bool
        case .toFloat: .float
        }
    }
}

/// Where a node that can fail at run time (overflow) was written: its text,
/// for the message, and its span, for the caret.
public struct ExpressionSite: Sendable {
    public var text: String
    public var span: SourceSpan

    /// `error`, located at this site.
    func locate(_ error: EngineError) -> EngineError { error.located(start: span.start, end: span.end) }
}
