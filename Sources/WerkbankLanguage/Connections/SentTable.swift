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
        var parts: [String] = []
        for field in table.fields {
            guard let type = dialect.typeName(field.type) else {
                throw .engine(
                    "column \(field.name) is a \(field.type.rawValue), which cannot be sent to \(dialect.name)", hint: "drop the column first")
            }
            parts.append(dialect.identifier(field.name) + " " + type)
        }
        if table.columnCount == 0 { throw .engine("a table without columns cannot be sent to \(dialect.name)", hint: nil) }
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
}
