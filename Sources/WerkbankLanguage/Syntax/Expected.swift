/// The columns a name at the cursor may refer to.
public struct ColumnScope: Sendable, Equatable {
    /// The UTF-8 offset of the `|` before the stage whose input columns are
    /// meant (nil: none); the statement's text up to there is bound to find them.
    public var inputEnd: Int?
    /// Other tables whose columns fit here (the right side of a join).
    public var tables: [String]
    /// Names created earlier in the same stage (`derive a = 1, b = a …`).
    public var locals: [String]

    public init(inputEnd: Int?, tables: [String] = [], locals: [String] = []) {
        self.inputEnd = inputEnd
        self.tables = tables
        self.locals = locals
    }
}

/// What the grammar accepts at the cursor. The parser records these while it
/// runs over the text before the cursor (`Parser.completing`); completion
/// only turns them into candidates.
public enum Expected: Sendable, Equatable {
    /// The start of a line: a statement keyword or a table (a pipeline).
    case statement
    /// The start of a pipeline: `load` or a table.
    case source
    /// A stage keyword, after `|`.
    case stage
    /// A table in scope.
    case table
    /// A column name.
    case columns(ColumnScope)
    /// An operand: a column, a function call, or one of `keywords` (`not`, `true`, …).
    case expression(ColumnScope, keywords: [String])
    /// An aggregate call (`summarize`).
    case aggregate(ColumnScope)
    /// Besides scalar functions, an aggregate or a row function fits (`derive`).
    case groupCall
    /// One of these words.
    case keywords([String])
    /// `key=` options.
    case options([String])
    /// A file path, in quotes.
    case filePath
    /// A topic of `help`.
    case helpTopic
}

extension Parser {
    /// True when completing and the parser stands at the cursor.
    public var atCursor: Bool { completing && current.kind == .end }

    /// Records that `expected` fits at the cursor, if the parser is there.
    public mutating func expecting(_ expected: Expected) {
        if atCursor { expectations.append(expected) }
    }

    /// The input columns of the stage being parsed, with the names it created so far.
    public var columnScope: ColumnScope { ColumnScope(inputEnd: stageInputEnd, locals: stageLocals) }

    /// The words that may follow a complete operand.
    public static let operatorKeywords = ["and", "or", "in", "is", "not"]
    /// The words that may follow a complete comparison (`x is null`, `x in [..]`).
    public static let connectiveKeywords = ["and", "or"]
    /// The words that may start an operand besides names.
    public static let operandKeywords = ["not", "true", "false", "null"]
}
