import WerkbankLanguage

/// Collects the lines of one input. A line ending in `|`, or inside a
/// bracket or a string, asks for another line (the continuation prompt); an
/// empty line outside a string ends the input as it is, so an unfinished
/// pipeline can always be sent (and answered with an error) without Ctrl-C.
struct InputBuffer {
    private(set) var lines: [String] = []

    enum Step: Equatable {
        case needMore
        case complete(String)
    }

    var isEmpty: Bool { lines.isEmpty }

    /// The earlier lines, each followed by a newline (for completion).
    var pendingText: String { lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n" }

    mutating func add(_ line: String) -> Step {
        if !lines.isEmpty, line.allSatisfy(\.isWhitespace), !Self.insideString(lines.joined(separator: "\n")) {
            return .complete(take())
        }
        lines.append(line)
        if StatementSplitter.needsContinuation(lines.joined(separator: "\n")) { return .needMore }
        return .complete(take())
    }

    mutating func reset() { lines = [] }

    private mutating func take() -> String {
        defer { lines = [] }
        return lines.joined(separator: "\n")
    }

    static func insideString(_ text: String) -> Bool {
        if case .string = Lexer.tokenize(text).openAtEnd { return true }
        return false
    }

    /// A line that starts with `|` continues the last result shown
    /// (LANGUAGE.md). At the prompt that result has already been shown, so
    /// the shell runs its pipeline again with the new stages: `cases` then
    /// `| where city == "Utrecht"` runs `cases\n| where city == "Utrecht"`;
    /// after `let x = …` it runs `x\n| …`.
    static func continuing(_ input: String, previous: String?) -> String? {
        guard let previous, startsWithPipe(input) else { return nil }
        return previous + "\n" + input
    }

    static func startsWithPipe(_ input: String) -> Bool {
        Lexer.tokenize(input).tokens.first(where: { $0.kind != .newline })?.kind == .pipe
    }

    /// What a later `| stage` continues after a statement that succeeded:
    /// the pipeline itself, the name a `let` or `load … as` bound, or
    /// `datasets`; nothing after a table no pipeline can start from
    /// (`describe TABLE`, `notebook show`); statements that show no result
    /// (set, note, help, explain) keep what was continued before.
    static func continuation(of outcome: Outcome) -> Continuation {
        guard case .success(let result) = outcome.result else { return .keep }
        switch (outcome.kind, result) {
        case (.pipeline, .table): return .source(outcome.statement)
        case (.datasets, .table): return .source("datasets")
        case (.letBinding(let name), _), (.loadAs(let name), _): return .source(Self.nameText(name))
        case (_, .table): return .none
        default: return .keep
        }
    }

    enum Continuation: Equatable {
        /// Later `| stage` lines continue this source.
        case source(String)
        /// Nothing to continue: the last result shown cannot be.
        case none
        /// No result was shown: what was continued before still is.
        case keep
    }

    /// A table name as a pipeline source (quoted when it is no plain name).
    static func nameText(_ name: String) -> String {
        let plain = name.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0 == "_" || ("0"..."9").contains($0) }
            && !(name.unicodeScalars.first.map { ("0"..."9").contains($0) } ?? true)
        return plain ? name : "`" + name + "`"
    }
}
