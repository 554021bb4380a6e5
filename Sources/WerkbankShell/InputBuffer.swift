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
        if case .string = Completer.openRegion(Array(text.utf8)) { return true }
        return false
    }

    /// A line that starts with `|` continues the pipeline before it
    /// (LANGUAGE.md). At the prompt the previous pipeline has already run, so
    /// the shell runs it again with the new stages: `cases` then
    /// `| where city == "Utrecht"` runs `cases\n| where city == "Utrecht"`.
    static func continuing(_ input: String, previous: String?) -> String? {
        guard let previous, let first = Lexer.tokenize(input).tokens.first(where: { $0.kind != .newline }),
              first.kind == .pipe else { return nil }
        return previous + "\n" + input
    }
}
