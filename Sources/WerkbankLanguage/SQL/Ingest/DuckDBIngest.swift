import WerkbankEngine
import WerkbankReaders

/// DuckDB reads the file with `read_csv` and every option given
/// (`auto_detect=false`): delimiter, quote, escape, no header, the lines
/// before the data skipped (`skip=` counts physical lines, as werkbank
/// does), encoding, decimal separator, the null texts, each column's type.
/// A column DuckDB reads as werkbank does gets its type in `columns=`;
/// the others (thousands, day-first dates, `.`/`x` and `null=` texts as
/// null, forced dates, a typed column with `""` in the sample) are read as
/// VARCHAR and converted in the SELECT (`IngestConversion`). Quoted empty
/// fields stay the empty text (`allow_quoted_nulls=false`), as werkbank
/// reads them in a string column; a `""` in a typed column the sample did
/// not show makes DuckDB's read fail.
///
/// Footnote lines: read_csv cannot stop before them, so with footnotes the
/// rows are padded (`null_padding=true`), the first column is read as text,
/// and rows equal to a footnote line (its text first, nulls after) are left
/// out. Title lines are skipped lines. Windows-1252 is read as Latin-1,
/// which DuckDB's reader has without an extension: a file whose sample
/// holds one of the 27 characters where the two differ (`€`, `…`) is
/// refused, and such a character later in the file makes DuckDB's read fail.
enum DuckDBIngest {
    static func script(_ d: CSVIngestDecisions, table: String) throws(EngineError) -> String {
        let dialect = SQLDialect.duckdb
        if d.encoding == .windows1252 && d.windows1252Specials {
            throw IngestSQL.refusal(
                d, "the file is Windows-1252 with characters such as € that DuckDB's Latin-1 reading refuses",
                hint: "convert it to UTF-8 first (iconv -f CP1252 -t UTF-8), or load into postgres")
        }
        let conversion = IngestConversion(dialect: dialect, decimalComma: d.decimalComma, nullValues: d.nullValues)
        let padded = !d.footnotes.isEmpty
        var readTypes: [String] = []
        var select: [String] = []
        for (k, c) in d.columns.enumerated() {
            let name = IngestSQL.textColumn(k)
            // With footnotes the first column holds their text.
            let native = c.isPlain && d.nullValues.isEmpty && !(padded && k == 0)
            readTypes.append("\(dialect.string(name)): \(dialect.string(native ? dialect.typeName(c.type) ?? "VARCHAR" : "VARCHAR"))")
            select.append("\(native ? name : conversion.expression(c, text: name)) AS \(dialect.identifier(c.name))")
        }
        var options = [
            dialect.string(d.path),
            "delim=\(dialect.string(String(UnicodeScalar(d.delimiter))))",
            "quote=\(dialect.string(String(UnicodeScalar(d.quote))))",
            "escape=\(dialect.string(String(UnicodeScalar(d.quote))))",
            "header=false",
            "skip=\(d.linesBeforeData)",
            "auto_detect=false",
            "encoding=\(dialect.string(d.encoding == .windows1252 ? "latin-1" : "utf-8"))",
            "decimal_separator=\(dialect.string(d.decimalComma ? "," : "."))",
            // `null=` texts in the SELECT: DuckDB's nullstr misses them quoted.
            "nullstr=['']",
            "allow_quoted_nulls=false",
        ]
        if padded { options.append("null_padding=true") }
        options.append("columns={\(readTypes.joined(separator: ", "))}")
        var sql = "CREATE TABLE \(dialect.identifier(table)) AS\nSELECT\n  " + select.joined(separator: ",\n  ")
        sql += "\nFROM read_csv(\n  " + options.joined(separator: ",\n  ") + "\n)"
        if padded {
            let lines = d.footnotes.map { "(" + IngestSQL.footnoteCondition($0, columns: d.columns.count, dialect: dialect) + ")" }
            sql += "\nWHERE NOT coalesce(" + lines.joined(separator: "\n  OR ") + ", false)"
        }
        return sql + ";\n"
    }
}
