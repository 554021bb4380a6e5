import WerkbankEngine
import WerkbankReaders

/// `load "FILE" into ENGINE as t`: the script that makes a SQL engine read
/// a whole delimited text file itself (out of core) into table `t`, with
/// werkbank's decisions (`CSVIngestDecisions`) rather than the engine's own
/// sniffing. No engine is run here: the engines' clients run the script.
///
/// - DuckDB (`DuckDBIngest`): one `CREATE TABLE … AS SELECT … FROM read_csv(…)`.
/// - PostgreSQL (`PostgresIngest`): a psql script; `\copy` streams the
///   file's data records from the client into a text staging table, one
///   `INSERT … SELECT` converts them.
/// Where an engine cannot say a decision the script is refused (an error
/// naming the decision, with a hint), never made to read differently.
public enum IngestSQL {
    public struct Script: Sendable, Equatable {
        /// The SQL (DuckDB) or psql script (PostgreSQL).
        public var text: String
        /// The table's columns as `load "FILE"` gives them.
        public var schema: Schema
    }

    /// `load "FILE" OPTIONS into ENGINE as t`, from the statement's format
    /// and options as `load` parses them (`FileLoader.request`): the file is
    /// sniffed (a bounded sample), then the script written. Only delimited
    /// text is loaded into an engine.
    public static func script(
        path: String, format: LoadFormat, options: LoadOptions, table: String, dialect: SQLDialect,
        cancel: CancellationToken
    ) throws(EngineError) -> (script: Script, decisions: CSVIngestDecisions) {
        guard format == CSVFormat.format else {
            throw .unreadable(
                path: path, message: "only delimited text (CSV, TSV, .txt) can be loaded into \(dialect.name), not \(format.name)",
                hint: "load it in memory, then save it into the connection")
        }
        let decisions = try CSVIngestSniff.decide(path: path, options: options.csv, skip: options.skip, cancel: cancel)
        return (try script(for: decisions, table: table, dialect: dialect), decisions)
    }

    public static func script(
        for decisions: CSVIngestDecisions, table: String, dialect: SQLDialect
    ) throws(EngineError) -> Script {
        try refuseCommon(decisions, dialect: dialect)
        let schema = decisions.columns.map { Field($0.name, $0.type) }
        switch dialect {
        case .duckdb:
            return Script(text: try DuckDBIngest.script(decisions, table: table), schema: schema)
        case .postgres:
            return Script(text: try PostgresIngest.script(decisions, table: table), schema: schema)
        case .spark, .trino:
            throw refusal(decisions, "\(dialect.name) cannot load a file from werkbank", hint: "load into duckdb or postgres")
        }
    }

    /// The decisions no engine is told here.
    static func refuseCommon(_ d: CSVIngestDecisions, dialect: SQLDialect) throws(EngineError) {
        if d.repeatedHeaders > 0 {
            throw refusal(
                d, "the data repeats its header line (\(d.repeatedHeaders) times in the first part read); the engine would read those lines as data",
                hint: "split the file at the repeated headers, or load it without into")
        }
        if d.delimiter == d.quote || d.delimiter >= 0x80 {
            throw refusal(d, "the delimiter cannot be given to \(dialect.name)", hint: "give delimiter=\"…\" with one ASCII character")
        }
        for c in d.columns {
            if let layout = c.dateLayout, IngestConversion.format(layout, dialect) == nil {
                throw refusal(
                    d, "column \"\(c.name)\": dates in the layout \(layout) (a two-digit year) are read otherwise by \(dialect.name)",
                    hint: "load it without into, or give types=\"\(c.name):string\"")
            }
        }
    }

    static func refusal(_ d: CSVIngestDecisions, _ message: String, hint: String) -> EngineError {
        .unreadable(path: d.path, message: message, hint: hint)
    }

    /// The staging (or read) columns' names: `c1`, `c2`, …, so that the
    /// file's names never meet the engine's rules for identifiers.
    static func textColumn(_ k: Int) -> String { "c\(k + 1)" }

    /// `c1 = 'Bron: CBS' AND c2 IS NULL …`: a footnote line as a row, its
    /// missing or empty fields null.
    static func footnoteCondition(_ fields: [String], columns: Int, dialect: SQLDialect) -> String {
        (0..<columns).map { k in
            k < fields.count && !fields[k].isEmpty
                ? "\(textColumn(k)) = \(dialect.string(fields[k]))" : "\(textColumn(k)) IS NULL"
        }.joined(separator: " AND ")
    }
}
