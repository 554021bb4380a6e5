import WerkbankEngine
import WerkbankReaders

/// PostgreSQL reads the file through psql: `\copy … FROM PROGRAM` runs
/// `tail -c +START FILE | head -c LENGTH` on the client (werkbank's
/// machine, where the file is; after checking that the file is still
/// readable and of the size sniffed), streaming exactly the data records (title
/// lines, header and footnotes left out, by byte offsets werkbank found)
/// into a text staging table with `COPY`'s CSV format, delimiter, quote and
/// encoding. Why not `COPY … FROM 'path'`: the server reads only its own
/// files, as a superuser; and COPY has no option to skip lines. Then one
/// `INSERT … SELECT` (in file order, by a serial position) converts the
/// texts (`IngestConversion`), and the staging table is dropped; all in
/// one transaction.
///
/// Refused: a blank line among the data records (COPY reads it as a row of
/// one null field, werkbank skips it); a column name longer than 63 bytes
/// (PostgreSQL cuts it); a path with a line end (`\copy` ends at the line).
enum PostgresIngest {
    static func script(_ d: CSVIngestDecisions, table: String) throws(EngineError) -> String {
        let dialect = SQLDialect.postgres
        if d.blankLinesInData {
            throw IngestSQL.refusal(
                d, "blank lines among the rows, which PostgreSQL's COPY cannot skip",
                hint: "remove the blank lines (grep -v '^$'), or load into duckdb")
        }
        if d.path.contains(where: { $0 == "\n" || $0 == "\r" }) {
            throw IngestSQL.refusal(d, "the path holds a line end, which psql's \\copy cannot take", hint: "rename the file")
        }
        // PostgreSQL cuts a longer name to its first 63 bytes.
        if let long = d.columns.first(where: { $0.name.utf8.count > 63 }) {
            throw IngestSQL.refusal(
                d, "column \"\(long.name)\" has a name longer than the 63 bytes PostgreSQL keeps",
                hint: "load it into duckdb, or load it in memory and rename the column")
        }
        if table.utf8.count > 63 {
            throw IngestSQL.refusal(d, "the table name \(table) is longer than the 63 bytes PostgreSQL keeps", hint: "give a shorter name")
        }
        let conversion = IngestConversion(dialect: dialect, decimalComma: d.decimalComma, nullValues: d.nullValues)
        // A temporary table: the session's own, gone with it.
        let staging = "werkbank_staging"
        let textColumns = d.columns.indices.map(IngestSQL.textColumn)
        let target = dialect.identifier(table)
        var lines = ["\\set ON_ERROR_STOP on", "BEGIN;"]
        lines.append("CREATE TEMP TABLE \(staging) (werkbank_position bigserial, \(textColumns.map { "\($0) text" }.joined(separator: ", ")));")
        let source: String
        if d.dataStart == 0 && d.dataEnd == d.fileSize {
            source = psqlQuoted(d.path)
        } else {
            // A pipeline's status is head's: the file is checked first, so a
            // file gone or changed since it was sniffed (the offsets would be
            // wrong) fails the copy instead of giving fewer rows.
            let file = shellQuoted(d.path)
            let command =
                "test -r \(file) || { echo 'werkbank: cannot read the file' >&2; exit 1; }; "
                + "test \"$(wc -c < \(file))\" -eq \(d.fileSize) || { echo 'werkbank: the file changed since it was sniffed; load it again' >&2; exit 1; }; "
                + "tail -c +\(d.dataStart + 1) \(file) | head -c \(d.dataEnd - d.dataStart)"
            source = "PROGRAM " + psqlQuoted(command)
        }
        let options = [
            "FORMAT csv",
            "DELIMITER \(dialect.string(String(UnicodeScalar(d.delimiter))))",
            "QUOTE \(dialect.string(String(UnicodeScalar(d.quote))))",
            "ESCAPE \(dialect.string(String(UnicodeScalar(d.quote))))",
            "ENCODING \(dialect.string(d.encoding == .windows1252 ? "WIN1252" : "UTF8"))",
        ]
        // \copy takes the rest of its line: one line.
        lines.append("\\copy \(staging) (\(textColumns.joined(separator: ", "))) FROM \(source) WITH (\(options.joined(separator: ", ")))")
        let columns = d.columns.map { "\(dialect.identifier($0.name)) \(dialect.typeName($0.type) ?? "TEXT")" }
        lines.append("CREATE TABLE \(target) (\(columns.joined(separator: ", ")));")
        let select = zip(d.columns, textColumns).map { conversion.expression($0, text: $1) }
        lines.append(
            "INSERT INTO \(target)\nSELECT \(select.joined(separator: ",\n  "))\nFROM \(staging)\nORDER BY werkbank_position;")
        lines.append("DROP TABLE \(staging);")
        lines.append("COMMIT;")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A word for the shell: single quotes, a quote inside as '"'"'.
    static func shellQuoted(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "'", with: "'\"'\"'") + "'"
    }

    /// An argument of `\copy`: single quotes, the quote doubled inside
    /// (psql takes backslashes there literally).
    static func psqlQuoted(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
