import Foundation
import WerkbankEngine
import WerkbankRender

/// A werkbank table written for an engine to read: CSV (`CSVWriter`: null an
/// empty field, the empty string `""`, floats in shortest round-trip form
/// with `NaN`/`inf`/`-inf`, which DuckDB and PostgreSQL both read) in the
/// client's temporary folder, and the columns with the engine's types, so
/// the engine reads the file with explicit types and never sniffs.
struct SentTable {
    let path: String
    /// `"name" BIGINT, "city" VARCHAR, …`
    let columns: String

    init(_ table: Table, for dialect: SQLDialect, in folder: ScratchFolder) throws(EngineError) {
        try Self.refuseUnsendable(table, to: dialect)
        let parts = table.fields.map { dialect.identifier($0.name) + " " + dialect.typeName($0.type)! }
        // PostgreSQL's COPY reads `\.` alone on a line as the end of the data; in a
        // one-column table CSVWriter writes that value without quotes.
        if dialect == .postgres, table.columnCount == 1, case .string(_, let dictionary) = table.columns[0].storage,
            dictionary.values.contains("\\.")
        {
            throw .engine(
                "PostgreSQL reads the value \\. alone on a line as the end of the data, so this table cannot be sent", hint: "add another column")
        }
        columns = parts.joined(separator: ", ")
        path = folder.file("sent", "csv")
        guard FileManager.default.createFile(atPath: path, contents: Data(CSVWriter.bytes(table))) else {
            throw .engine("cannot write a table for \(dialect.name) in \(folder.path)", hint: nil)
        }
    }

    func remove() { unlink(path) }

    /// A table the engine cannot hold: no columns, or a column of a type it
    /// has not (a geometry).
    static func refuseUnsendable(_ table: Table, to dialect: SQLDialect) throws(EngineError) {
        for field in table.fields where dialect.typeName(field.type) == nil {
            throw .engine(
                "column \(field.name) is a \(field.type.rawValue), which cannot be sent to \(dialect.name)", hint: "drop the column first")
        }
        if table.columnCount == 0 { throw .engine("a table without columns cannot be sent to \(dialect.name)", hint: nil) }
    }
}

/// A client that creates tables from `SentTable` files within its scripts
/// (DuckDB's `COPY … FROM`, psql's `\copy`).
protocol SentTableLoading: SQLEngineClient {
    var folder: ScratchFolder { get }
    /// `CREATE [TEMP] TABLE name (…)` and the statement that fills it from the file.
    func load(_ sent: SentTable, into name: String, temporary: Bool) -> String
}

extension SentTableLoading {
    /// The script creating each of `sending` as a temporary table, and its
    /// files (the caller removes them once the script ran).
    func sendingScript(_ sending: [(name: String, table: Table)]) throws(EngineError) -> (script: String, files: [SentTable]) {
        var files: [SentTable] = []
        var script = ""
        do throws(EngineError) {
            for (name, table) in sending {
                let s = try SentTable(table, for: dialect, in: folder)
                files.append(s)
                script += load(s, into: name, temporary: true)
            }
        } catch {
            files.forEach { $0.remove() }
            throw error
        }
        return (script, files)
    }

    /// The script replacing the table `name` with the file's rows in one
    /// transaction (a failure leaves the old table).
    func replacingScript(_ sent: SentTable, as name: String) -> String {
        "BEGIN;\nDROP TABLE IF EXISTS \(dialect.identifier(name));\n" + load(sent, into: name, temporary: false) + "COMMIT;\n"
    }
}
