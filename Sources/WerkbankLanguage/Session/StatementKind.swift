/// What kind of statement an outcome comes from, known from its parse (or,
/// when it did not parse, from its first words), so that the shell and the
/// notebook never read the statement's text again.
public enum StatementKind: Sendable, Equatable {
    case pipeline
    /// `let NAME = …` (the name is empty when the statement did not parse).
    case letBinding(name: String)
    /// `load "PATH" as NAME`.
    case loadAs(name: String)
    case datasets, describe, help, note, notebook, version, exit, explain
    /// `set OPTION VALUE`, with the option as written, lowercased.
    case set(option: String)
    /// A statement none of the above names (by its keyword): a new statement
    /// needs no case here unless the shell or a notebook treats it apart.
    case other(name: String)

    /// Each statement declares its kind (`Statement.kind`).
    init(_ node: StatementNode) {
        switch node {
        case .pipeline: self = .pipeline
        case .statement(let s): self = s.kind
        }
    }

    /// The kind of a statement that did not parse, from its first two words.
    init(unparsed tokens: ArraySlice<Token>) {
        let words = tokens.filter { $0.kind != .newline }.prefix(2).map { $0.kind == .identifier ? $0.text.lowercased() : "" }
        switch words.first ?? "" {
        case "let": self = .letBinding(name: "")
        case "datasets": self = .datasets
        case "describe": self = .describe
        case "help": self = .help
        case "set": self = .set(option: words.count > 1 ? words[1] : "")
        case "note": self = .note
        case "notebook": self = .notebook
        case "version": self = .version
        case "exit", "quit": self = .exit
        case "explain": self = .explain
        case let word where StatementRegistry.byKeyword[word] != nil && word != "load": self = .other(name: word)
        default: self = .pipeline
        }
    }

    /// Whether a notebook records the statement: `note`, `notebook`, `help`,
    /// `version`, `exit`/`quit`, `set color` and `set timer` change nothing
    /// a notebook shows, so they are left out.
    public var isRecorded: Bool {
        switch self {
        case .note, .notebook, .help, .version, .exit: false
        case .set(let option): option != "color" && option != "timer"
        default: true
        }
    }
}
