import WerkbankEngine
import WerkbankReaders
import WerkbankRender

/// `load "PATH" [key=value ...] as NAME` reads a file into a named table;
/// without `as`, `load "PATH" …` starts a pipeline.
public struct LoadStatement: Statement {
    public let load: LoadNode
    public let name: String
    public let nameSpan: SourceSpan

    public static let help = StatementHelp(
        name: "load", syntax: "load \"PATH\" [key=value ...] as NAME",
        summary: "read a CSV/TSV, JSON/JSONL, GeoJSON or xlsx file into a table (without as NAME, start a pipeline); options: "
            + LoadFormats.optionSummary,
        details: "The format follows the extension (and the file's first bytes); each format takes its own options.",
        options: options)

    /// Every format's options, as the readers declare them, with the formats that take each.
    static let options: [OptionDeclaration] = LoadFormats.allOptions.map { option in
        let formats = LoadFormats.all.filter { $0.options.contains { $0.name == option.name } }.map(\.name)
        return OptionDeclaration(option.name, value(option.kind), formats.joined(separator: ", ") + ": " + option.help)
    }

    static func isName(_ word: String) -> Bool {
        let tokens = Lexer.tokenize(word).tokens
        return tokens.count == 2 && tokens[0].kind == .identifier
    }

    static func value(_ kind: LoadOption.ValueKind) -> OptionValue {
        switch kind {
        case .character, .text, .columnTypes: .string
        // Words written bare only when each lexes as a name (`decimal=","` needs quotes).
        case .choice(let words): words.allSatisfy(isName) ? .choice(words) : .string
        case .bool: .boolean
        case .count: .integer(0...Int.max)
        }
    }

    public static func parse(_ p: inout Parser, keyword: Token) throws(Diagnostic) -> StatementNode {
        let load = try p.parseLoad(keyword: keyword)
        guard p.acceptKeyword("as") else { return .pipeline(try p.parseStages(source: .load(load))) }
        let (name, span) = try p.parseName("a name for the table", .newName)
        return .statement(LoadStatement(load: load, name: name, nameSpan: span))
    }

    public var kind: StatementKind { .loadAs(name: name) }

    public func execute(_ session: Session, source: String, _ context: ExecutionContext) throws(Diagnostic) -> StatementResult {
        try LetStatement.checkName(name, nameSpan)
        let loaded = try session.load(load, columns: nil, context: context)
        let resolved = loaded.path
        let hides = LetStatement.hidesLibraryTable(name, session)
        session.catalog.set(name, loaded.table, origin: .file(path: load.path), contentHash: { SHA256.hexOfFile(resolved) })
        return .message("\(name): \(ValueFormatter.shape(rows: loaded.table.rowCount, columns: loaded.table.columnCount)) (\(loaded.decisions))" + hides)
    }
}
