/// A `key=value` option (of `load`, `sample`, `chart`) or a setting of `set`,
/// declared once: the parser offers it at the cursor, help and the docs list
/// it, and its value kind names what it takes.
public struct OptionDeclaration: Sendable, Equatable {
    public var name: String
    public var value: OptionValue
    public var help: String

    public init(_ name: String, _ value: OptionValue, _ help: String) {
        self.name = name
        self.value = value
        self.help = help
    }
}

extension OptionDeclaration {
    /// How the option is written: `key=value` after a path or a stage's
    /// arguments, or `NAME VALUE` for a setting of `set`.
    public enum Form: Sendable { case keyValue, setting }

    /// `delimiter="TEXT"`, `rows N`.
    public func syntax(_ form: Form) -> String { name + (form == .keyValue ? "=" : " ") + value.syntax }
}

extension Array where Element == OptionDeclaration {
    /// Checks a written option against these declarations: a known name and
    /// a value of its kind. `owner` names the stage in messages.
    public func check(_ option: OptionNode, of owner: String) throws(Diagnostic) {
        guard let declaration = first(where: { $0.name == option.key }) else {
            throw Diagnostic("unknown \(owner) option \"\(option.key)\"", at: option.span,
                             hint: DidYouMean.hint(option.key, among: map(\.name))
                                ?? "options: " + map { $0.syntax(.keyValue) }.joined(separator: ", "))
        }
        let value = option.value, name = declaration.name
        switch declaration.value {
        case .integer(let range):
            guard value.kind == .integer, let n = Int(value.text), range.contains(n) else {
                let bounds = range.upperBound == Int.max ? "≥ \(range.lowerBound)" : "from \(range.lowerBound) to \(range.upperBound)"
                throw Diagnostic("\(name) must be a whole number \(bounds)", at: value.span)
            }
        case .string:
            guard value.kind == .string else {
                throw Diagnostic("\(name) takes a string in quotes", at: value.span, hint: "\(name)=\"\(value.text)\"")
            }
        case .table:
            guard value.kind == .identifier || value.kind == .quotedIdentifier else {
                throw Diagnostic("\(name) names a table", at: value.span, hint: "\(name)=TABLE, e.g. \(name)=cases")
            }
        case .boolean, .choice:
            let words = declaration.value.words
            guard value.kind == .identifier || value.kind == .string, words.contains(value.text.lowercased()) else {
                throw Diagnostic("\(name) must be \(declaration.value.description)", at: value.span)
            }
        }
    }
}

/// What an option's value is.
public enum OptionValue: Sendable, Equatable {
    case string
    case integer(ClosedRange<Int>)
    case boolean
    case choice([String])
    /// A table in scope, by name.
    case table

    /// How help and error hints name it: "a whole number", "on or off".
    public var description: String {
        switch self {
        case .string: "a string in quotes"
        case .integer: "a whole number"
        case .boolean: "true or false"
        case .choice(let words): Self.alternatives(words)
        case .table: "a table name"
        }
    }

    /// How a value is written in syntax summaries: `N`, `"TEXT"`, `a|b|c`.
    public var syntax: String {
        switch self {
        case .string: "\"TEXT\""
        case .integer: "N"
        case .boolean: "true|false"
        case .choice(let words): words.joined(separator: "|")
        case .table: "TABLE"
        }
    }

    /// The words a completer can offer as the value.
    public var words: [String] {
        switch self {
        case .choice(let words): words
        case .boolean: ["true", "false"]
        case .string, .integer, .table: []
        }
    }

    /// `a, b or c`.
    static func alternatives(_ words: [String]) -> String {
        guard let last = words.last else { return "" }
        return words.count == 1 ? last : words.dropLast().joined(separator: ", ") + " or " + last
    }
}
