import WerkbankEngine

/// A file path written in a statement: read (`load`) or written (`save`),
/// with the span of its string literal, quotes included.
public struct FileUse: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case read, write }
    public var kind: Kind
    /// The path as written (after unescaping).
    public var path: String
    public var span: SourceSpan
}

/// The files statements read and write, found by parsing them, before
/// anything runs: a notebook replay uses it to know which cells write which
/// files, and `notebook save` to rewrite paths. Statements that do not parse
/// name no files.
public enum StatementFiles {
    public static func uses(in source: String) -> [FileUse] {
        var uses: [FileUse] = []
        for tokens in StatementSplitter.split(Lexer.tokenize(source).tokens) {
            var parser = Parser(tokens)
            guard let statement = try? parser.parseStatement() else { continue }
            if case .statement(let s) = statement, s is ExplainStatement {
                // explain reads its source but writes nothing.
                uses += statement.pipeline.map(pipelineUses)?.filter { $0.kind == .read } ?? []
            } else if let p = statement.pipeline {
                uses += pipelineUses(p)
            }
            if case .statement(let s) = statement, let load = (s as? LoadStatement)?.load {
                uses.append(FileUse(kind: .read, path: load.path, span: load.pathSpan))
            }
        }
        return uses
    }

    static func pipelineUses(_ p: PipelineNode) -> [FileUse] {
        var uses: [FileUse] = []
        if case .load(let node) = p.source { uses.append(FileUse(kind: .read, path: node.path, span: node.pathSpan)) }
        uses += p.stages.compactMap(\.stage.writesFile)
        return uses
    }

    /// A string literal for `text`, as the lexer reads it back.
    public static func literal(_ text: String) -> String {
        var out = "\""
        for c in text.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }
}
