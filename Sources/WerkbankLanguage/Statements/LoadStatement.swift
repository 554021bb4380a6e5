import WerkbankEngine
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
            + options.map { $0.syntax(.keyValue) }.joined(separator: " "),
        details: "The format follows the extension; see the options below for which formats take each.",
        options: options)

    // The options of every format, until each reader declares its own
    // (the readers' module); FileLoader checks them per format.
    static let options = [
        OptionDeclaration("delimiter", .string, "CSV: the field separator, e.g. \";\" (default: sniffed)"),
        OptionDeclaration("decimal", .string, "CSV: the decimal mark, \".\" or \",\""),
        OptionDeclaration("header", .boolean, "CSV and xlsx: whether the first row names the columns (default true)"),
        OptionDeclaration("encoding", .string, "CSV: utf8, utf8-bom or latin1 (default: detected)"),
        OptionDeclaration("types", .string, "CSV: column types, e.g. \"pc:string,year:int\""),
        OptionDeclaration("null", .string, "CSV: the text that means a missing value, e.g. \".\""),
        OptionDeclaration("skip", .integer(0...Int.max), "CSV and xlsx: lines (xlsx: rows) above the table to leave out"),
        OptionDeclaration("sheet", .string, "xlsx: the sheet to read (default the first)"),
    ]

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
        session.catalog.set(name, loaded.table, origin: .file(path: load.path), contentHash: { SHA256.hexOfFile(resolved) })
        return .message("\(name): \(ValueFormatter.shape(rows: loaded.table.rowCount, columns: loaded.table.columnCount)) (\(loaded.decisions))")
    }
}
