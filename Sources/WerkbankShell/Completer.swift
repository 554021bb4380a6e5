import WerkbankLanguage

/// One completion: the text that replaces the word being typed, and what to
/// add after it when it is the only match (a space after a word, `(` after a
/// function, `/` after a folder, the closing quote after a file).
public struct Candidate: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable { case name, word, function, path }
    public var text: String
    public var terminator: String
    public var kind: Kind

    public init(_ text: String, terminator: String = " ", kind: Kind = .word) {
        self.text = text
        self.terminator = terminator
        self.kind = kind
    }

    public var description: String { text }
}

/// What Tab offers for the text before the cursor.
public struct Completion: Sendable, Equatable {
    /// UTF-8 offset in the text where the replaced word starts.
    public var start: Int
    /// The word being typed (the text from `start` to the cursor).
    public var word: String
    public var candidates: [Candidate]

    public static func none(at offset: Int) -> Completion { Completion(start: offset, word: "", candidates: []) }

    /// Candidate texts, for tests and listings.
    public var texts: [String] { candidates.map(\.text) }
}

/// What the completer may look up; a Session provides all of it.
public struct CompletionEnvironment: Sendable {
    /// Tables in scope (Library, loaded files, `let` names).
    public var tableNames: @Sendable () -> [String]
    /// Column names of one table in scope.
    public var columnsOfTable: @Sendable (String) -> [String]?
    /// Column names a stage typed after this statement prefix would see.
    public var columnsBeforeStage: @Sendable (String) -> [String]?
    /// Entries of a folder (as written in a `load "…"` path; "" is the base folder).
    public var listDirectory: @Sendable (String) -> [(name: String, isDirectory: Bool)]
    /// The last pipeline the shell ran, continued by a line that starts with `|`.
    public var previousPipeline: @Sendable () -> String?

    public init(tableNames: @escaping @Sendable () -> [String],
                columnsOfTable: @escaping @Sendable (String) -> [String]?,
                columnsBeforeStage: @escaping @Sendable (String) -> [String]?,
                listDirectory: @escaping @Sendable (String) -> [(name: String, isDirectory: Bool)],
                previousPipeline: @escaping @Sendable () -> String? = { nil }) {
        self.tableNames = tableNames
        self.columnsOfTable = columnsOfTable
        self.columnsBeforeStage = columnsBeforeStage
        self.listDirectory = listDirectory
        self.previousPipeline = previousPipeline
    }
}

/// Tab completion over the text before the cursor (the whole pending input,
/// earlier continuation lines included). It has no grammar of its own: it
/// asks the language what is expected at the cursor (`CursorContext`, which
/// runs the parser over the text) and lists candidates for each expected
/// shape. Pure: it never throws, and reads data only through its environment,
/// which binds partial pipelines without running them.
///
/// | expected (`Expected`) | offered |
/// |---|---|
/// | `.statement`, `.source` | statements (or `load`) and table names |
/// | `.stage` | stage names |
/// | `.columns`, `.expression` | columns of the stage's input (with names made earlier in the stage); with a typed prefix also functions and `not`, `true`, … |
/// | `.aggregate` | aggregates (with a typed prefix also columns) |
/// | `.groupCall` (`derive`) | with a typed prefix also aggregates and row functions |
/// | `.keywords`, `.options` | the words, `key=` |
/// | `.filePath` (inside quotes) | files and folders |
/// | `.table`, `.helpTopic` | tables; help topics and tables |
public struct Completer: Sendable {
    public var environment: CompletionEnvironment

    public init(environment: CompletionEnvironment) {
        self.environment = environment
    }

    public func complete(_ text: String) -> Completion {
        let cursor = CursorContext.at(text, previousPipeline: environment.previousPipeline)
        switch cursor.region {
        case .none:
            return .none(at: text.utf8.count)
        case .string(let quote):
            guard cursor.expected.contains(.filePath) else { return .none(at: text.utf8.count) }
            return completePath(cursor, closing: quote)
        case .backquote:
            return finish(candidates(cursor, typed: true), start: cursor.start, word: cursor.word, quoted: true)
        case .code:
            return finish(candidates(cursor, typed: !cursor.word.isEmpty), start: cursor.start, word: cursor.word, quoted: false)
        }
    }

    // MARK: Candidates for what is expected

    func candidates(_ cursor: CursorContext, typed: Bool) -> [Candidate] {
        let tables = LazyList { [environment] in environment.tableNames().map(Self.nameCandidate) }
        // The columns a name may refer to: the stage's input (bound once, however
        // many expectations name it), other tables' columns, names made earlier in the stage.
        var bound: [String: [String]] = [:]
        func columns(_ scope: ColumnScope) -> [Candidate] {
            var names: [String] = []
            if let prefix = cursor.inputPrefix(scope) {
                if bound[prefix] == nil { bound[prefix] = environment.columnsBeforeStage(prefix) ?? [] }
                names += bound[prefix] ?? []
            }
            for table in scope.tables { names += environment.columnsOfTable(table) ?? [] }
            return (names + scope.locals).map(Self.nameCandidate)
        }
        var out: [Candidate] = []
        for expected in cursor.expected {
            switch expected {
            case .statement:
                out += StatementRegistry.keywords.map { Candidate($0) } + tables.value
            case .source:
                out += [Candidate("load")] + tables.value
            case .stage:
                out += StageRegistry.names.map { Candidate($0) }
            case .table:
                out += tables.value
            case .columns(let scope):
                out += columns(scope)
            case .expression(let scope, let keywords):
                out += columns(scope)
                if typed {
                    out += FunctionCatalog.all.map { Candidate($0.name, terminator: "(", kind: .function) }
                    out += keywords.map { Candidate($0) }
                }
            case .groupCall:
                if typed {
                    out += (AggregateCatalog.all.map(\.name) + RowFunctionCatalog.all.map(\.name))
                        .map { Candidate($0, terminator: "(", kind: .function) }
                }
            case .aggregate(let scope):
                out += AggregateCatalog.all.map { Candidate($0.name, terminator: "(", kind: .function) }
                if typed { out += columns(scope) }
            case .keywords(let words):
                out += words.map { Candidate($0) }
            case .options(let names):
                out += names.map { Candidate($0 + "=", terminator: "") }
            case .helpTopic:
                out += HelpText.topics.map { Candidate($0) } + environment.tableNames().map { Candidate($0) }
            case .filePath:
                break
            }
        }
        return out
    }

    // MARK: Inside a string: file paths

    func completePath(_ cursor: CursorContext, closing: String) -> Completion {
        let content = Array(cursor.word.utf8)
        let slash = content.lastIndex(of: UInt8(ascii: "/")).map { $0 + 1 } ?? 0
        let folder = String(decoding: content[..<slash], as: UTF8.self)
        let word = String(decoding: content[slash...], as: UTF8.self)
        var files: [Candidate] = []
        for entry in environment.listDirectory(folder).sorted(by: { $0.name < $1.name }) {
            if entry.name.hasPrefix("."), !word.hasPrefix(".") { continue }
            files.append(Candidate(entry.name, terminator: entry.isDirectory ? "/" : closing, kind: .path))
        }
        return Completion(start: cursor.start + slash, word: word, candidates: Self.filter(files, by: word))
    }

    // MARK: Names

    static func nameCandidate(_ name: String) -> Candidate {
        Candidate(isPlainName(name) ? name : "`" + name + "`", kind: .name)
    }

    /// A name written without backquotes lexes as one identifier.
    static func isPlainName(_ name: String) -> Bool {
        let tokens = Lexer.tokenize(name).tokens
        return tokens.count == 2 && tokens[0].kind == .identifier && tokens[0].text == name
    }

    // MARK: Filtering

    func finish(_ all: [Candidate], start: Int, word: String, quoted: Bool) -> Completion {
        var list = all
        if quoted {
            // Inside a backquote: every name in backquotes, closed by one.
            list = all.compactMap { c in
                guard c.kind == .name else { return nil }
                let name = c.text.hasPrefix("`") ? String(c.text.dropLast()) : "`" + c.text
                return Candidate(name, terminator: "`", kind: .name)
            }
        }
        return Completion(start: start, word: word, candidates: Self.filter(list, by: word))
    }

    /// Candidates starting with `word` (case-sensitive first, else ignoring
    /// case), without duplicates, in the order given.
    static func filter(_ list: [Candidate], by word: String) -> [Candidate] {
        var seen = Set<String>()
        let unique = list.filter { seen.insert($0.text).inserted }
        // A bare prefix matches a name that needs backquotes (`Opp` → `Oppervlak (m²)`).
        func key(_ c: Candidate) -> String {
            c.text.hasPrefix("`") && !word.hasPrefix("`") ? String(c.text.dropFirst()) : c.text
        }
        let exact = unique.filter { key($0).hasPrefix(word) }
        if !exact.isEmpty || word.isEmpty { return exact }
        let lower = word.lowercased()
        return unique.filter { key($0).lowercased().hasPrefix(lower) }
    }
}

/// A list computed on first use only (table names may load the Library's index).
final class LazyList: @unchecked Sendable {
    private let compute: () -> [Candidate]
    private var cached: [Candidate]?
    init(_ compute: @escaping () -> [Candidate]) { self.compute = compute }
    var value: [Candidate] {
        if let cached { return cached }
        let v = compute()
        cached = v
        return v
    }
}
