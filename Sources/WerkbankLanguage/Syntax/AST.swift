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

    /// The depth of the tree, computed without recursion (a chain of 100,000
    /// `and`s must not overflow the stack here).
    public var depth: Int {
        var deepest = 0
        var stack: [(Expr, Int)] = [(self, 1)]
        while let (e, d) = stack.popLast() {
            deepest = max(deepest, d)
            switch e {
            case .literal, .column: break
            case .unary(_, let inner, _), .isNull(let inner, _, _): stack.append((inner, d + 1))
            case .binary(_, let l, let r, _): stack.append((l, d + 1)); stack.append((r, d + 1))
            case .call(_, _, let args, _): for a in args { stack.append((a, d + 1)) }
            case .inList(let inner, let items, _, _):
                stack.append((inner, d + 1))
                for i in items { stack.append((i, d + 1)) }
            }
        }
        return deepest
    }

    /// Every name this expression could read as a column (used to prune columns early).
    public var referencedNames: Set<String> {
        switch self {
        case .literal: []
        case .column(let n, _): [n]
        case .unary(_, let e, _), .isNull(let e, _, _): e.referencedNames
        case .binary(_, let l, let r, _): l.referencedNames.union(r.referencedNames)
        case .call(_, _, let args, _): args.reduce(into: Set()) { $0.formUnion($1.referencedNames) }
        case .inList(let e, let items, _, _): items.reduce(into: e.referencedNames) { $0.formUnion($1.referencedNames) }
        }
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

public enum StatementNode: Sendable {
    case pipeline(PipelineNode)
    case letBinding(name: String, nameSpan: SourceSpan, PipelineNode)
    case loadAs(LoadNode, name: String, nameSpan: SourceSpan)
    case datasets
    case describeTable(String, SourceSpan)
    case help(topic: String?, SourceSpan?)
    case set(option: Token, value: Token?)
    case note(String)
    case notebookSave(path: String, SourceSpan)
    case notebookClear
    case version
    case exit
}
