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

/// Context-aware Tab completion over the text before the cursor (the whole
/// pending input, earlier continuation lines included). Pure: it lexes the
/// text itself, never throws, and reads data only through its environment,
/// which binds partial pipelines without running them.
///
/// | where the cursor is | offered |
/// |---|---|
/// | start of a statement | statements and table names |
/// | after `|` | stage names |
/// | in an expression (`where`, `derive`, `select`, …) | columns of the stage's input (with names derived earlier in the stage); with a typed prefix also functions (and aggregates in `summarize`) and keywords |
/// | after a complete operand | `and`, `or`, `in`, `is`, … (`by`, `asc`, `desc` where they fit) |
/// | inside `load "`, `save "`, `notebook save "` | files and folders |
/// | after `set`, `set OPTION` | option names, their values |
/// | after `help`, `describe`, `join`, `append` | topics, tables |
public struct Completer: Sendable {
    public var environment: CompletionEnvironment

    public init(environment: CompletionEnvironment) {
        self.environment = environment
    }

    public func complete(_ text: String) -> Completion {
        let bytes = Array(text.utf8)
        switch Self.openRegion(bytes) {
        case .comment:
            return .none(at: bytes.count)
        case .string(let quoteAt, let quote):
            return completeInString(bytes, quoteAt: quoteAt, quote: quote)
        case .backquote(let at):
            let word = String(decoding: bytes[at...], as: UTF8.self)
            return finish(candidates(before: Array(bytes[..<at]), word: word), start: at, word: word, quoted: true)
        case .code:
            var start = bytes.count
            while start > 0, Self.isIdentContinue(bytes[start - 1]) { start -= 1 }
            if start < bytes.count, Self.isDigit(bytes[start]) { return .none(at: bytes.count) }
            let word = String(decoding: bytes[start...], as: UTF8.self)
            return finish(candidates(before: Array(bytes[..<start]), word: word), start: start, word: word, quoted: false)
        }
    }

    // MARK: Where the cursor is

    enum Region: Equatable {
        case code
        case comment
        case string(quoteAt: Int, quote: UInt8)
        case backquote(at: Int)
    }

    /// Whether the text ends inside a comment, string or backquoted name
    /// (the lexer's rules: strings may span lines, backquoted names may not).
    static func openRegion(_ b: [UInt8]) -> Region {
        var i = 0
        while i < b.count {
            switch b[i] {
            case UInt8(ascii: "#"):
                while i < b.count, b[i] != 0x0A { i += 1 }
                if i == b.count { return .comment }
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                let quote = b[i], start = i
                i += 1
                while i < b.count, b[i] != quote {
                    i += b[i] == UInt8(ascii: "\\") ? 2 : 1
                }
                if i >= b.count { return .string(quoteAt: start, quote: quote) }
                i += 1
            case UInt8(ascii: "`"):
                let start = i
                i += 1
                while i < b.count, b[i] != UInt8(ascii: "`"), b[i] != 0x0A { i += 1 }
                if i == b.count { return .backquote(at: start) }
                i += 1
            default:
                i += 1
            }
        }
        return .code
    }

    // MARK: Inside a string: file paths

    func completeInString(_ bytes: [UInt8], quoteAt: Int, quote: UInt8) -> Completion {
        let statement = Self.currentStatement(Self.tokens(Array(bytes[..<quoteAt])))
        let isPathPosition: Bool
        switch statement.last {
        case let last? where last.isKeyword("load"): isPathPosition = true
        case let last? where last.isKeyword("save"):
            // `| save "` or `notebook save "`
            let before = statement.dropLast().last
            isPathPosition = before?.kind == .pipe || before?.isKeyword("notebook") == true
        default: isPathPosition = false
        }
        guard isPathPosition else { return .none(at: bytes.count) }
        let content = Array(bytes[(quoteAt + 1)...])
        let slash = content.lastIndex(of: UInt8(ascii: "/")).map { $0 + 1 } ?? 0
        let folder = String(decoding: content[..<slash], as: UTF8.self)
        let word = String(decoding: content[slash...], as: UTF8.self)
        let closing = String(decoding: [quote], as: UTF8.self)
        var files: [Candidate] = []
        for entry in environment.listDirectory(folder).sorted(by: { $0.name < $1.name }) {
            if entry.name.hasPrefix("."), !word.hasPrefix(".") { continue }
            files.append(Candidate(entry.name, terminator: entry.isDirectory ? "/" : closing, kind: .path))
        }
        let start = quoteAt + 1 + slash
        return Completion(start: start, word: word, candidates: Self.filter(files, by: word))
    }

    // MARK: Code: what fits after these tokens

    /// Candidates for a word typed after `before` (unfiltered).
    func candidates(before: [UInt8], word: String) -> [Candidate] {
        let all = Self.tokens(before)
        let statement = Self.currentStatement(all)
        guard let first = statement.first else {
            return Parser.statementKeywords.map { Candidate($0) } + environment.tableNames().map(Self.nameCandidate)
        }
        let head = first.kind == .identifier ? first.text.lowercased() : ""
        switch head {
        case "set":
            if statement.count == 1 { return Settings.optionNames.map { Candidate($0) } }
            if statement.count == 2 { return Self.settingValues[statement[1].text.lowercased(), default: []].map { Candidate($0) } }
            return []
        case "help":
            guard statement.count == 1 else { return [] }
            return (StatementHelp.all.map(\.name) + StageRegistry.names + FunctionCatalog.all.map(\.name)
                    + AggregateCatalog.all.map(\.name) + ["stages", "functions", "aggregates", "statements", "expressions"]
                    + environment.tableNames()).map { Candidate($0) }
        case "describe" where statement.count == 1:
            return environment.tableNames().map(Self.nameCandidate)
        case "notebook":
            return statement.count == 1 ? NotebookCommand.words.map { Candidate($0) } : []
        case "note", "datasets", "version", "exit", "quit":
            return []
        case "let":
            guard statement.count >= 3, statement[2].kind == .assign else { return [] }
            if statement.count == 3 { return [Candidate("load")] + environment.tableNames().map(Self.nameCandidate) }
            return pipelineCandidates(Array(statement[3...]), before: before, word: word)
        default:
            return pipelineCandidates(statement, before: before, word: word)
        }
    }

    static let settingValues: [String: [String]] = [
        "format": ["table", "csv", "json", "jsonl", "markdown"],
        "color": ["auto", "always", "never"],
        "timer": ["on", "off"],
    ]

    static let loadOptions = ["delimiter=", "decimal=", "header=", "encoding=", "types=", "null="]

    /// `SOURCE | STAGE …`: the stage after the last top-level `|` decides.
    func pipelineCandidates(_ s: [Token], before: [UInt8], word: String) -> [Candidate] {
        var depth = 0, lastPipe: Int?
        for (i, t) in s.enumerated() {
            switch t.kind {
            case .lparen, .lbracket: depth += 1
            case .rparen, .rbracket: depth = max(0, depth - 1)
            case .pipe where depth == 0: lastPipe = i
            default: break
            }
        }
        guard let pipe = lastPipe else {
            // Still in the source: `load "PATH" …` takes options and `as`.
            if s.first?.isKeyword("load") == true, s.count >= 2, s[1].kind == .string, let last = s.last,
               last.kind != .assign, !last.isKeyword("as") {
                return Self.loadOptions.map { Candidate($0, terminator: "") } + [Candidate("as")]
            }
            return []
        }
        let stage = Array(s[(pipe + 1)...])
        guard let keyword = stage.first else {
            return StageRegistry.names.map { Candidate($0) }
        }
        // The statement's text before this stage's `|`, for binding.
        let columns = LazyColumns { [environment] in
            let prefixStart = s[0].span.start, prefixEnd = s[pipe].span.start
            var prefix = prefixStart < prefixEnd ? String(decoding: before[prefixStart..<prefixEnd], as: UTF8.self) : ""
            if s[0].kind == .pipe {
                guard let previous = environment.previousPipeline() else { return [] }
                prefix = previous + "\n" + prefix
            }
            return environment.columnsBeforeStage(prefix) ?? []
        }
        let rest = Array(stage.dropFirst())
        let typed = !word.isEmpty
        switch keyword.text.lowercased() {
        case "where":
            return expression(rest, columns.value, typed: typed, operators: Self.logicalOperators)
        case "derive", "select":
            let derived = Self.assignedNames(rest)
            if keyword.text.lowercased() == "derive", rest.isEmpty || rest.last?.kind == .comma {
                // A new name, or a column to replace.
                return columns.value.map(Self.nameCandidate)
            }
            return expression(rest, columns.value + derived, typed: typed, operators: Self.logicalOperators)
        case "sort":
            return keyList(rest, columns.value, after: ["asc", "desc"])
        case "top":
            guard let by = rest.firstIndex(where: { $0.isKeyword("by") }) else {
                return rest.isEmpty ? [] : [Candidate("by")]
            }
            return keyList(Array(rest[(by + 1)...]), columns.value, after: ["asc", "desc"])
        case "count":
            if rest.isEmpty { return [Candidate("by")] }
            guard rest[0].isKeyword("by") else { return [] }
            return keyList(Array(rest.dropFirst()), columns.value, after: [])
        case "summarize":
            if let by = Self.topLevelIndex(rest, where: { $0.isKeyword("by") }) {
                return keyList(Array(rest[(by + 1)...]), columns.value, after: [])
            }
            if Self.depth(rest) == 0, let last = rest.last, Self.endsOperand(last) {
                return [Candidate("by")]
            }
            let aggregates = AggregateCatalog.all.map { Candidate($0.name, terminator: "(", kind: .function) }
            if Self.depth(rest) == 0 {
                // An aggregate goes here (`n = count()`, `sum(x)`).
                return typed ? aggregates + columns.value.map(Self.nameCandidate) : aggregates
            }
            return expression(rest, columns.value, typed: typed, operators: [])
        case "distinct", "drop":
            return keyList(rest, columns.value, after: [])
        case "rename":
            // `new = old`: an old name after `=`.
            if rest.last?.kind == .assign { return columns.value.map(Self.nameCandidate) }
            return []
        case "join":
            return joinCandidates(rest, columns: columns)
        case "append":
            return rest.isEmpty ? environment.tableNames().map(Self.nameCandidate) : []
        case "sample":
            return rest.count == 1 ? [Candidate("seed=", terminator: "")] : []
        default:
            return []
        }
    }

    func joinCandidates(_ rest: [Token], columns: LazyColumns) -> [Candidate] {
        let kinds = ["inner", "left", "anti"]
        var i = 0
        if let first = rest.first, kinds.contains(first.text.lowercased()), rest.count > 1 || first.kind == .identifier {
            if rest.count == 1 { return environment.tableNames().map(Self.nameCandidate) }
            i = 1
        }
        if rest.isEmpty { return kinds.map { Candidate($0) } + environment.tableNames().map(Self.nameCandidate) }
        guard i < rest.count else { return environment.tableNames().map(Self.nameCandidate) }
        let right = rest[i].text
        guard let on = rest.firstIndex(where: { $0.isKeyword("on") }) else {
            return rest.count == i + 1 ? [Candidate("on")] : []
        }
        let keys = Array(rest[(on + 1)...])
        let rightColumns = environment.columnsOfTable(right) ?? []
        if keys.last?.kind == .assign || keys.last?.kind == .equal { return rightColumns.map(Self.nameCandidate) }
        if let last = keys.last, Self.endsOperand(last) { return [] }
        var seen = Set<String>()
        return (columns.value + rightColumns).filter { seen.insert($0).inserted }.map(Self.nameCandidate)
    }

    // MARK: Expressions and key lists

    static let logicalOperators = ["and", "or", "in", "is", "not"]

    /// An expression position: columns (and, once a prefix is typed,
    /// functions and literals); after a complete operand, the operators.
    func expression(_ rest: [Token], _ columns: [String], typed: Bool, operators: [String]) -> [Candidate] {
        if let last = rest.last {
            if last.isKeyword("is") { return [Candidate("null"), Candidate("not")] }
            if last.isKeyword("not"), rest.dropLast().last?.isKeyword("is") == true { return [Candidate("null")] }
            if Self.endsOperand(last) { return operators.map { Candidate($0) } }
        }
        var out = columns.map(Self.nameCandidate)
        if typed {
            out += FunctionCatalog.all.map { Candidate($0.name, terminator: "(", kind: .function) }
            out += ["not", "true", "false", "null"].map { Candidate($0) }
        }
        return out
    }

    /// `col [asc|desc], col …`: columns at the start of an item, `after` behind one.
    func keyList(_ rest: [Token], _ columns: [String], after: [String]) -> [Candidate] {
        if let last = rest.last, Self.endsOperand(last) {
            return after.contains(last.text.lowercased()) ? [] : after.map { Candidate($0) }
        }
        return columns.map(Self.nameCandidate)
    }

    /// Names assigned by the finished items of this stage (`derive a = 1, b = a + 1`:
    /// `a` while `b` is typed; not the item being typed).
    static func assignedNames(_ rest: [Token]) -> [String] {
        var names: [String] = []
        var current: String?
        var depth = 0
        for (i, t) in rest.enumerated() {
            switch t.kind {
            case .lparen, .lbracket: depth += 1
            case .rparen, .rbracket: depth = max(0, depth - 1)
            case .assign where depth == 0 && i > 0:
                let n = rest[i - 1]
                if n.kind == .identifier || n.kind == .quotedIdentifier { current = n.text }
            case .comma where depth == 0:
                if let c = current { names.append(c) }
                current = nil
            default: break
            }
        }
        return names
    }

    /// True when the token completes an operand: a name, a literal, a closing bracket.
    static func endsOperand(_ t: Token) -> Bool {
        switch t.kind {
        case .quotedIdentifier, .integer, .float, .string, .rparen, .rbracket: return true
        case .identifier:
            return !["and", "or", "not", "in", "is", "by", "on", "where", "select", "derive", "sort", "top",
                     "summarize", "count", "distinct", "drop", "rename", "join", "inner", "left", "anti"]
                .contains(t.text.lowercased())
        default: return false
        }
    }

    static func depth(_ tokens: [Token]) -> Int {
        var depth = 0
        for t in tokens {
            switch t.kind {
            case .lparen, .lbracket: depth += 1
            case .rparen, .rbracket: depth = max(0, depth - 1)
            default: break
            }
        }
        return depth
    }

    static func topLevelIndex(_ tokens: [Token], where predicate: (Token) -> Bool) -> Int? {
        var depth = 0
        for (i, t) in tokens.enumerated() {
            switch t.kind {
            case .lparen, .lbracket: depth += 1
            case .rparen, .rbracket: depth = max(0, depth - 1)
            default: if depth == 0, predicate(t) { return i }
            }
        }
        return nil
    }

    // MARK: Tokens and statements

    static func tokens(_ bytes: [UInt8]) -> [Token] {
        Lexer.tokenize(String(decoding: bytes, as: UTF8.self)).tokens.filter { $0.kind != .end }
    }

    /// The tokens of the statement the cursor is in, without newlines: after
    /// the last `;`, or after a newline that ends a statement (one not after `|`).
    static func currentStatement(_ tokens: [Token]) -> [Token] {
        var start = 0, depth = 0
        for (i, t) in tokens.enumerated() {
            switch t.kind {
            case .lparen, .lbracket: depth += 1
            case .rparen, .rbracket: depth = max(0, depth - 1)
            case .semicolon:
                start = i + 1
                depth = 0
            case .newline where depth == 0:
                let previous = tokens[start..<i].last { $0.kind != .newline }
                let next = tokens[(i + 1)...].first { $0.kind != .newline }
                if previous != nil, previous?.kind != .pipe, next?.kind != .pipe { start = i + 1 }
            default: break
            }
        }
        return tokens[start...].filter { $0.kind != .newline }
    }

    // MARK: Names

    static func nameCandidate(_ name: String) -> Candidate {
        Candidate(isPlainName(name) ? name : "`" + name + "`", kind: .name)
    }

    static func isPlainName(_ name: String) -> Bool {
        let b = Array(name.utf8)
        guard let first = b.first, isIdentStart(first) else { return false }
        return b.allSatisfy(isIdentContinue)
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
    static func isIdentStart(_ b: UInt8) -> Bool {
        (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == UInt8(ascii: "_") || b >= 0x80
    }
    static func isIdentContinue(_ b: UInt8) -> Bool { isIdentStart(b) || isDigit(b) }

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
        let exact = unique.filter { $0.text.hasPrefix(word) }
        if !exact.isEmpty || word.isEmpty { return exact }
        let lower = word.lowercased()
        return unique.filter { $0.text.lowercased().hasPrefix(lower) }
    }
}

/// Columns bound on first use only (binding may load a Library table).
final class LazyColumns: @unchecked Sendable {
    private let compute: () -> [String]
    private var cached: [String]?
    init(_ compute: @escaping () -> [String]) { self.compute = compute }
    var value: [String] {
        if let cached { return cached }
        let v = compute()
        cached = v
        return v
    }
}
