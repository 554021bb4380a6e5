import Foundation
import WerkbankEngine
import WerkbankReaders
import WerkbankRender

/// `load "PATH" [key=value ...] as NAME` reads a file into a named table;
/// without `as`, `load "PATH" …` starts a pipeline.
public struct LoadStatement: Statement {
    public let load: LoadNode
    public let name: String
    public let nameSpan: SourceSpan
    /// `into CONNECTION`: the engine reads the file, with werkbank's decisions.
    public var into: (name: String, span: SourceSpan)?

    public static let help = StatementHelp(
        name: "load", syntax: "load \"PATH\" [key=value ...] [into CONNECTION] as NAME",
        summary: "read a CSV/TSV, JSON/JSONL, GeoJSON or xlsx file into a table (without as NAME, start a pipeline); options: "
            + LoadFormats.optionSummary,
        details: """
            The format follows the extension (and the file's first bytes); each format takes its own options. into CONNECTION has a
            connected engine read a CSV/TSV file out of core, told what werkbank sniffed (delimiter, decimal comma, encoding, title
            lines, types, dates, missing-value markers); the table is then CONNECTION.NAME.
            """,
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
        var into: (name: String, span: SourceSpan)?
        if p.acceptKeyword("into") {
            let (connection, span) = try p.parseName("a connection (see connections)", .newName)
            into = (connection, span)
            guard p.current.isKeyword("as") else {
                throw Diagnostic(
                    "load … into \(connection) needs a name for the table", at: p.current.span,
                    hint: "e.g. load \"big.csv\" into \(connection) as big")
            }
        }
        guard p.acceptKeyword("as") else { return .pipeline(try p.parseStages(source: .load(load))) }
        let (name, span) = try p.parseName("a name for the table", .newName)
        var statement = LoadStatement(load: load, name: name, nameSpan: span)
        statement.into = into
        return .statement(statement)
    }

    public var kind: StatementKind { .loadAs(name: name) }

    public func execute(_ session: Session, source: String, _ context: ExecutionContext) throws(Diagnostic) -> StatementResult {
        if let into { return try loadInto(into, session, context) }
        try LetStatement.checkName(name, nameSpan)
        let loaded = try session.load(load, columns: nil, context: context)
        let resolved = loaded.path
        let hides = LetStatement.hidesLibraryTable(name, session)
        session.catalog.set(name, loaded.table, origin: .file(path: load.path), contentHash: { SHA256.hexOfFile(resolved) })
        return .message(
            "\(name): \(ValueFormatter.shape(rows: loaded.table.rowCount, columns: loaded.table.columnCount)) (\(loaded.decisions))" + hides)
    }

    /// `load "PATH" into CONNECTION as NAME`: the ingest script run in the
    /// engine (the file never comes into werkbank's memory).
    func loadInto(_ into: (name: String, span: SourceSpan), _ session: Session, _ context: ExecutionContext) throws(Diagnostic) -> StatementResult {
        guard let connection = session.connections.first(where: { $0.name == into.name }) else {
            throw Diagnostic(
                "no connection \"\(into.name)\"", at: into.span,
                hint: session.connections.isEmpty
                    ? "connect first: connect duckdb \"data.duckdb\" or connect postgres \"postgresql://…\""
                    : "connections: " + session.connections.map(\.name).joined(separator: ", "))
        }
        if connection.table(name) != nil {
            throw Diagnostic(
                "\(connection.name) already has a table \(name)", at: nameSpan,
                hint: "load into another name; werkbank does not replace a table in an engine")
        }
        let request = try FileLoader.request(load)
        let path = context.resolve(load.path)
        guard FileManager.default.fileExists(atPath: path) else {
            throw Diagnostic("no file \"\(load.path)\"", at: load.pathSpan, pathBase: PathBase(baseDirectory: session.baseDirectory))
        }
        let client = connection.client
        do {
            let (script, decisions) = try IngestSQL.script(
                path: path, format: request.format, options: request.options, table: name, dialect: client.dialect, cancel: context.cancel)
            try client.execute(script.text, cancel: context.cancel)
            try connection.refresh(context.cancel)
            context.noteRead(load.path)
            let rows = connection.table(name)?.rowCount
            return .message(
                "\(connection.name).\(name): \(rows.map { ValueFormatter.shape(rows: $0, columns: script.schema.count) } ?? "\(script.schema.count) columns") in \(client.dialect.name) (\(decisions.summary))"
            )
        } catch {
            throw Diagnostic(error.message, at: load.pathSpan, hint: error.hint)
        }
    }
}
