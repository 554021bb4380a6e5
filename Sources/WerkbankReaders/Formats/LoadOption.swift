import WerkbankEngine

/// One option of `load` (`delimiter=";"`), as a format declares it: its
/// name, the kind of value it takes, a line of help, and how its text sets
/// the typed `LoadOptions`. `load`'s validation, help and completion read
/// these declarations (`LoadFormat.options`, `LoadFormats.allOptions`).
public struct LoadOption: Sendable {
    /// The kind of value, for help and completion.
    public enum ValueKind: Sendable, Equatable {
        /// One character (`";"`, `"\t"`).
        case character
        /// One of a fixed list.
        case choice([String])
        case bool
        /// A whole number, 0 or more.
        case count
        /// Any text.
        case text
        /// `"col:type,col:type"`.
        case columnTypes
    }

    public let name: String
    public let kind: ValueKind
    /// One line, for `help load` and completion.
    public let help: String
    /// What a user writes, e.g. `delimiter=";"`.
    public let example: String
    /// Sets the option's field from the value's text; a message (and a
    /// hint) for a value it cannot take.
    let apply: @Sendable (inout LoadOptions, String) throws(LoadOptionError) -> Void

    public init(
        _ name: String, _ kind: ValueKind, example: String, help: String,
        apply: @escaping @Sendable (inout LoadOptions, String) throws(LoadOptionError) -> Void
    ) {
        self.name = name
        self.kind = kind
        self.example = example
        self.help = help
        self.apply = apply
    }
}

/// Why an option of a `load` statement was refused; `index` is the option's
/// position in the statement, so that the caller can point at it.
public struct LoadOptionError: Error, Sendable, Equatable {
    /// The option's key is wrong (the caret goes under the whole option), or its value.
    public enum Part: Sendable, Equatable { case key, value }

    public var index: Int
    public var part: Part
    public var message: String
    public var hint: String?
    /// For an unknown key: the names it may be a misspelling of.
    public var candidates: [String]

    public init(index: Int = 0, part: Part = .value, _ message: String, hint: String? = nil, candidates: [String] = []) {
        self.index = index
        self.part = part
        self.message = message
        self.hint = hint
        self.candidates = candidates
    }
}

// Options that several formats take, declared once.
extension LoadOption {
    public static let header = LoadOption(
        "header", .bool, example: "header=false",
        help: "whether the first row holds the column names"
    ) { o, v throws(LoadOptionError) in
        guard let b = Bool(v.lowercased()) else { throw LoadOptionError("header must be true or false") }
        o.csv.header = b
        o.xlsx.header = b
    }

    public static let skip = LoadOption(
        "skip", .count, example: "skip=N",
        help: "lines (rows of a sheet) above the table to leave out"
    ) { o, v throws(LoadOptionError) in
        guard let n = Int(v), n >= 0 else { throw LoadOptionError("skip must be a number of lines, 0 or more") }
        o.skip = n
    }
}
