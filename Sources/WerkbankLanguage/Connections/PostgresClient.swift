import Foundation
import WerkbankEngine

/// PostgreSQL through `psql` (or `$WERKBANK_PSQL`): each call is one
/// `psql -X -q -w -v ON_ERROR_STOP=1 URL` session with the script on stdin
/// (`-w`: never ask for a password on the terminal; it would wait forever).
/// A result is `COPY (…) TO STDOUT (FORMAT csv, HEADER)`; the catalogue's two
/// results go through `\copy … TO 'file'` into the client's temporary folder.
/// Tables sent along are `CREATE TEMP TABLE` + `\copy … FROM 'file'` in the
/// same session: from a file rather than inline after `COPY … FROM STDIN`,
/// where psql would end the data at a line `\.` inside a quoted value.
///
/// Each session first fixes what the server's settings could change in the
/// text werkbank reads: ISO dates, shortest exact floats, UTF-8.
public final class PostgresClient: SentTableLoading {
    public let dialect = SQLDialect.postgres
    public let url: PostgresURL
    let binary: EngineBinary
    let folder: ScratchFolder

    /// Tables up to this size on disk are counted exactly (`count(*)`); the
    /// row count of a larger one is PostgreSQL's estimate (`reltuples`, kept
    /// by VACUUM and ANALYZE), so that listing the tables of a database with
    /// a 30 GB table does not read it. 64 MB by default.
    let exactCountBytes: Int

    static let sessionSettings = """
        SET datestyle = 'ISO, YMD';
        SET extra_float_digits = 1;
        SET client_min_messages = warning;

        """

    public init(url: String, binary: EngineBinary? = nil, exactCountBytes: Int = 64 << 20) throws(EngineError) {
        self.exactCountBytes = exactCountBytes
        self.url = try PostgresURL(url)
        if let binary { self.binary = binary } else { self.binary = try EngineBinary.psql() }
        folder = try ScratchFolder()
    }

    public var description: String { "postgres \(url.redacted)" }

    public func close() { folder.remove() }

    /// Runs `script` in one session; returns the file holding its stdout.
    func run(_ script: String, cancel: CancellationToken) throws(EngineError) -> String {
        var environment = ["PGCLIENTENCODING": "UTF8", "PGAPPNAME": "werkbank", "PGCONNECT_TIMEOUT": "10"]
        if let password = url.password { environment["PGPASSWORD"] = password }
        let output = try EngineProcess.run(
            binary, ["-X", "-q", "-w", "-v", "ON_ERROR_STOP=1", "-d", url.redacted], script: Self.sessionSettings + script,
            environment: environment, in: folder, cancel: cancel)
        if output.status != 0 {
            unlink(output.stdoutPath)
            throw EngineMessage.error(stderr: output.stderr, status: output.status, client: "psql")
        }
        return output.stdoutPath
    }

    /// `CREATE [TEMP] TABLE` and `\copy` from a sent table's file.
    func load(_ sent: SentTable, into name: String, temporary: Bool) -> String {
        let table = dialect.identifier(name)
        return """
            CREATE \(temporary ? "TEMP " : "")TABLE \(table) (\(sent.columns));
            \\copy \(table) FROM \(dialect.string(sent.path)) (FORMAT csv, HEADER)

            """
    }

    public func query(
        _ select: String, schema: Schema, sending: [(name: String, table: Table)], cancel: CancellationToken
    ) throws(EngineError) -> Table {
        let (script, sent) = try sendingScript(sending)
        defer { sent.forEach { $0.remove() } }
        let result = try run(script + "COPY (\(Self.bare(select))) TO STDOUT (FORMAT csv, HEADER);\n", cancel: cancel)
        defer { unlink(result) }
        return try SQLResultDecoder.decode(file: result, schema: schema, cancel: cancel)
    }

    public func execute(_ script: String, cancel: CancellationToken) throws(EngineError) {
        unlink(try run(script.hasSuffix(";") || script.hasSuffix(";\n") ? script + "\n" : script + ";\n", cancel: cancel))
    }

    public func upload(_ table: Table, as name: String, cancel: CancellationToken) throws(EngineError) {
        let sent = try SentTable(table, for: dialect, in: folder)
        defer { sent.remove() }
        unlink(try run(replacingScript(sent, as: name), cancel: cancel))
    }

    /// Tables, views, materialized views and foreign tables outside the
    /// system schemas. Row counts: exact (`count(*)`, through
    /// `query_to_xml`, so one statement counts every table) for tables up to
    /// `exactCountBytes` on disk that the user may read; otherwise the
    /// planner's estimate (`reltuples`, marked as such), or none when the
    /// table was never analysed. None for views; a partitioned table's
    /// parent (size 0: its rows are in its partitions) and a foreign table
    /// get the estimate only, as counting them may read anything.
    public func tables(cancel: CancellationToken) throws(EngineError) -> [RemoteTable] {
        let columns = folder.file("columns", "csv"), counts = folder.file("counts", "csv")
        defer {
            unlink(columns)
            unlink(counts)
        }
        let system = "NOT IN ('information_schema', 'pg_catalog') AND %@ NOT LIKE 'pg\\_toast%' AND %@ NOT LIKE 'pg\\_temp\\_%'"
        let columnQuery = """
            SELECT c.table_schema AS s, c.table_name AS t, tb.table_type AS k, c.column_name AS c,
              CASE WHEN c.data_type IN ('USER-DEFINED', 'ARRAY') THEN c.udt_name ELSE c.data_type END AS ty
            FROM information_schema.columns c
            JOIN information_schema.tables tb USING (table_catalog, table_schema, table_name)
            WHERE c.table_schema \(system.replacingOccurrences(of: "%@", with: "c.table_schema"))
            ORDER BY c.table_schema, c.table_name, c.ordinal_position
            """
        let countQuery = """
            SELECT s, t, CASE WHEN exact
                THEN (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', s, t), false, true, '')))[1]::text::bigint
                WHEN estimate >= 0 THEN estimate::bigint END AS n, exact
            FROM (SELECT n.nspname AS s, c.relname AS t, c.reltuples AS estimate,
                c.relkind IN ('r', 'm') AND pg_total_relation_size(c.oid) <= \(exactCountBytes) AND has_table_privilege(c.oid, 'SELECT') AS exact
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE c.relkind IN ('r', 'p', 'm', 'f') AND n.nspname \(system.replacingOccurrences(of: "%@", with: "n.nspname"))) AS r
            """
        let script = """
            \\copy (\(Self.oneLine(columnQuery))) TO \(dialect.string(columns)) (FORMAT csv, HEADER)
            \\copy (\(Self.oneLine(countQuery))) TO \(dialect.string(counts)) (FORMAT csv, HEADER)

            """
        unlink(try run(script, cancel: cancel))
        let catalogue = try SQLResultDecoder.decode(
            file: columns, schema: [Field("s", .string), Field("t", .string), Field("k", .string), Field("c", .string), Field("ty", .string)],
            cancel: cancel)
        var tables = RemoteCatalogue.tables(catalogue)
        let sizes = try SQLResultDecoder.decode(
            file: counts, schema: [Field("s", .string), Field("t", .string), Field("n", .int), Field("exact", .bool)], cancel: cancel)
        var index: [String: Int] = [:]
        for (i, t) in tables.enumerated() { index[t.schema + "\u{0}" + t.table] = i }
        for r in 0..<sizes.rowCount {
            guard case .string(let s) = sizes.columns[0].value(at: r), case .string(let t) = sizes.columns[1].value(at: r),
                let i = index[s + "\u{0}" + t]
            else { continue }
            if case .int(let n) = sizes.columns[2].value(at: r) { tables[i].rowCount = Int(n) }
            if case .bool(let exact) = sizes.columns[3].value(at: r) { tables[i].rowCountIsExact = exact && tables[i].rowCount != nil }
        }
        return tables
    }

    /// psql's `\copy` takes the rest of its line: the query on one line.
    static func oneLine(_ query: String) -> String {
        query.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }
}
