import WerkbankEngine

public enum UnaryOperator: String, Sendable { case not, negate = "-" }

public enum BinaryOperator: String, Sendable {
    case or, and
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case coalesce = "??"
    case add = "+", subtract = "-", multiply = "*", divide = "/", integerDivide = "//", modulo = "%"

    var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: true
        default: false
        }
    }
}

/// An expression as written, with spans for error carets.
public indirect enum Expr: Sendable {
    case literal(Value, SourceSpan)
    case column(String, SourceSpan)
    case unary(UnaryOperator, Expr, SourceSpan)
    case binary(BinaryOperator, Expr, Expr, SourceSpan)
    case call(name: String, nameSpan: SourceSpan, arguments: [Expr], SourceSpan)
    case inList(Expr, [Expr], negated: Bool, SourceSpan)
    case isNull(Expr, negated: Bool, SourceSpan)

    public var span: SourceSpan {
        switch self {
        case .literal(_, let s), .column(_, let s), .unary(_, _, let s), .binary(_, _, _, let s),
             .call(_, _, _, let s), .inList(_, _, _, let s), .isNull(_, _, let s): s
        }
    }

    /// The same expression covering `span` (a parenthesised one includes its parentheses).
    func withSpan(_ span: SourceSpan) -> Expr {
        switch self {
        case .literal(let v, _): .literal(v, span)
        case .column(let n, _): .column(n, span)
        case .unary(let op, let e, _): .unary(op, e, span)
        case .binary(let op, let l, let r, _): .binary(op, l, r, span)
        case .call(let name, let nameSpan, let args, _): .call(name: name, nameSpan: nameSpan, arguments: args, span)
        case .inList(let e, let items, let negated, _): .inList(e, items, negated: negated, span)
        case .isNull(let e, let negated, _): .isNull(e, negated: negated, span)
        }
    }

    /// Every name this expression could read as a column (used to prune columns early).
    /// Walks the tree with a stack, not recursion (a chain of 2,000 operators is 2,000 deep).
    public var referencedNames: Set<String> {
        var names: Set<String> = []
        var stack = [self]
        while let e = stack.popLast() {
            switch e {
            case .literal: break
            case .column(let n, _): names.insert(n)
            case .unary(_, let inner, _), .isNull(let inner, _, _): stack.append(inner)
            case .binary(_, let l, let r, _): stack.append(l); stack.append(r)
            case .call(_, _, let args, _): stack.append(contentsOf: args)
            case .inList(let inner, let items, _, _): stack.append(inner); stack.append(contentsOf: items)
            }
        }
        return names
    }
}

/// `name = expr`, or a bare `expr` whose output name is derived from it.
public struct NamedExpr: Sendable {
    public var name: String?
    public var nameSpan: SourceSpan?
    public var expr: Expr
}

/// A `key=value` option of `load` (and of stages such as `sample`).
public struct OptionNode: Sendable {
    public var key: String
    public var value: Token
    public var span: SourceSpan
}

public struct LoadNode: Sendable {
    public var path: String
    public var pathSpan: SourceSpan
    public var options: [OptionNode]
    public var span: SourceSpan
}

public enum SourceNode: Sendable {
    case name(String, SourceSpan)
    case load(LoadNode)

    public var span: SourceSpan {
        switch self {
        case .name(_, let s): s
        case .load(let l): l.span
        }
    }
}

/// One stage of a pipeline: its keyword's span and the stage's own syntax tree.
public struct StageNode: Sendable {
    public var keyword: Token
    public var stage: any Stage
    public var span: SourceSpan
}

public struct PipelineNode: Sendable {
    public var source: SourceNode
    public var stages: [StageNode]
    public var span: SourceSpan
}

/// A parsed statement: a pipeline, or one of `StatementRegistry`'s statements.
public enum StatementNode: Sendable {
    case pipeline(PipelineNode)
    case statement(any Statement)

    /// The pipeline the statement runs (a pipeline's, a `let`'s).
    public var pipeline: PipelineNode? {
        switch self {
        case .pipeline(let p): p
        case .statement(let s): (s as? LetStatement)?.pipeline ?? (s as? ExplainStatement)?.pipeline
        }
    }

    /// The table name the statement binds (`let NAME`, `load … as NAME`).
    public var boundName: String? {
        switch self {
        case .pipeline: nil
        case .statement(let s): (s as? LetStatement)?.name ?? (s as? LoadStatement)?.name
        }
    }
}
