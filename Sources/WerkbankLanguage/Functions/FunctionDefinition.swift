import WerkbankEngine

/// A runnable example in help text; the tests run every one and compare its
/// output (rendered as CSV) with `expected`.
public struct Example: Sendable {
    public var code: String
    public var expected: String
    public init(_ code: String, _ expected: String) {
        self.code = code
        self.expected = expected
    }
}

/// A type check failure of one argument (index), reported with a caret under it.
public struct ArgumentTypeError: Error {
    public var index: Int
    public var message: String
}

/// What a function says about a literal argument before any row is read:
/// which argument (0-based), the message and the hint.
public struct LiteralProblem: Sendable {
    public var index: Int
    public var message: String
    public var hint: String
}

/// A scalar function: its signature, help and column-at-a-time kernel, in one value.
public struct FunctionDefinition: Sendable {
    public let name: String
    public let syntax: String
    public let summary: String
    public let arity: ClosedRange<Int>
    /// The arguments from this index on share one type (`if`: 1, the branches;
    /// `coalesce`: 0): a null literal among them takes it, and ints widen to
    /// float when the result is a float. nil: each argument keeps its own type.
    public let unifiedFrom: Int?
    /// The result type for the argument types, or which argument does not fit.
    let resultType: @Sendable ([DataType]) -> Result<DataType, ArgumentTypeError>
    /// Evaluates on whole columns; `rowCount` is the input's row count.
    let evaluate: @Sendable ([Column], Int) throws(EngineError) -> Column
    /// Checked while binding, on the arguments written as literals (nil
    /// where an argument is not one): a literal the function would only turn
    /// into a silent null is an error with a caret under it, in every engine.
    let checkLiterals: (@Sendable ([Value?]) -> LiteralProblem?)?

    init(
        _ name: String, syntax: String, summary: String, arity: ClosedRange<Int>, unifiedFrom: Int? = nil,
        resultType: @escaping @Sendable ([DataType]) -> Result<DataType, ArgumentTypeError>,
        checkLiterals: (@Sendable ([Value?]) -> LiteralProblem?)? = nil,
        evaluate: @escaping @Sendable ([Column], Int) throws(EngineError) -> Column
    ) {
        self.name = name
        self.syntax = syntax
        self.summary = summary
        self.arity = arity
        self.unifiedFrom = unifiedFrom
        self.resultType = resultType
        self.checkLiterals = checkLiterals
        self.evaluate = evaluate
    }
}

/// Every scalar function, by lower-case name.
public enum FunctionCatalog {
    public static let all: [FunctionDefinition] =
        StringFunctions.all + FormattingFunctions.all + NumericFunctions.all + DateFunctions.all + ConditionalFunctions.all
        + ConversionFunctions.all

    public static let byName: [String: FunctionDefinition] = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })

    /// Each function's examples, kept beside its family's definitions.
    public static let examples: [String: [Example]] = [
        StringFunctions.examples, FormattingFunctions.examples, NumericFunctions.examples,
        DateFunctions.examples, ConditionalFunctions.examples, ConversionFunctions.examples,
    ]
    .reduce(into: [:]) { $0.merge($1) { a, _ in a } }
}

// MARK: Signature helpers shared by the function families

/// Checks argument types against expected kinds.
enum ArgumentKind {
    /// `scalar`: any type but geometry (a shape is no number, text or date).
    case string, numeric, int, date, bool, scalar, any

    func accepts(_ t: DataType) -> Bool {
        switch self {
        case .string: t == .string
        case .numeric: t.isNumeric
        case .int: t == .int
        case .date: t == .date
        case .bool: t == .bool
        case .scalar: t != .geometry
        case .any: true
        }
    }

    var description: String {
        switch self {
        case .string: "a string"
        case .numeric: "a number"
        case .int: "an int"
        case .date: "a date"
        case .bool: "a bool"
        case .scalar: "a number, text, date or bool"
        case .any: "a value"
        }
    }
}

func signature(
    _ kinds: [ArgumentKind], result: @escaping @Sendable ([DataType]) -> DataType
)
    -> @Sendable ([DataType]) -> Result<DataType, ArgumentTypeError>
{
    let kinds = kinds
    return { types in
        for (i, t) in types.enumerated() {
            let kind = i < kinds.count ? kinds[i] : (kinds.last ?? .any)
            if !kind.accepts(t) {
                return .failure(ArgumentTypeError(index: i, message: "expects \(kind.description), got \(t.rawValue)"))
            }
        }
        return .success(result(types))
    }
}

/// Combined validity of several columns (a row is null if any input is).
func combinedValidity(_ columns: [Column]) -> Validity? {
    columns.reduce(nil as Validity?) { Validity.and($0, $1.validity) }
}

extension Column {
    /// The single value of a column that is constant (a literal), if it is one.
    var constantString: String? {
        guard validity == nil, case .string(_, let d) = storage, d.count == 1 else { return nil }
        return d.values[0]
    }

    /// The single value of an int column that is constant (a literal), if it is one.
    var constantInt: Int? {
        guard validity == nil, case .int(let v) = storage, let first = v.first, !v.contains(where: { $0 != first }) else { return nil }
        return Int(exactly: first)
    }

    var strings: (codes: [Int32], dictionary: StringDictionary)? {
        if case .string(let c, let d) = storage { return (c, d) }
        return nil
    }

    func doubles() -> [Double] {
        switch storage {
        case .int(let v): v.map { Double($0) }
        case .float(let v): v
        default: [Double](repeating: 0, count: count)
        }
    }
}
