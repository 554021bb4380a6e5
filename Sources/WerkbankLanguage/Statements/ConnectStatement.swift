import WerkbankEngine

/// `connect duckdb ["PATH.duckdb"] [memory="1GB"] [threads=N] [as NAME]`,
/// `connect postgres "URL" [as NAME]`, `connect spark ["sc://HOST:PORT" |
/// "FOLDER"] [as NAME]`: an SQL engine whose tables pipelines can read as
/// `NAME.table`.
public struct ConnectStatement: Statement {
    public let engine: String
    public let engineSpan: SourceSpan
    public let target: String?
    public let name: String?
    /// DuckDB's own limits, set at the start of every run of its client.
    public var limits = DuckDBClient.Limits()

    public static let help = StatementHelp(
        name: "connect",
        syntax:
            "connect duckdb [\"PATH.duckdb\"] [memory=\"1GB\"] [threads=N] [as NAME] | connect postgres \"postgresql://USER@HOST:PORT/DB\" [as NAME] | connect spark [\"sc://HOST:15002\" | \"FOLDER\"] [as NAME]",
        summary:
            "connect to an SQL engine through its client (duckdb, psql, pyspark); its tables are NAME.table (NAME: the engine's name unless given) and pipelines over them run there as one SQL query",
        details: """
            Without a path, DuckDB runs in memory (a database that lasts until disconnect). memory="1GB" caps DuckDB's
            memory (it spills to a folder beside the database beyond it) and threads=N its threads. Spark runs through
            pyspark (pip install pyspark; Java 17): "sc://…" is a Spark Connect server; without it Spark runs on this
            machine, its tables Parquet folders in FOLDER (kept) or in a temporary folder (gone at disconnect); it
            takes seconds to start, once. datasets lists the tables with their rows and columns; explain sql shows
            the query. See also: connections, disconnect, load … into.
            """,
        options: [
            OptionDeclaration("memory", .string, "duckdb: the most memory DuckDB may use, e.g. \"1GB\", \"500MB\""),
            OptionDeclaration("threads", .integer(1...1024), "duckdb: the threads DuckDB may use"),
        ])

    public static func starts(_ p: Parser) -> Bool { p.nameFollows }

    public static func parse(_ p: inout Parser, keyword: Token) throws(Diagnostic) -> StatementNode {
        p.expecting(.keywords(["duckdb", "postgres", "spark"]))
        let (engine, engineSpan) = try p.parseName("an engine: duckdb, postgres or spark", .newName)
        var target: String?
        if p.current.kind == .string { target = p.advance().text }
        var limits = DuckDBClient.Limits()
        for option in try p.parseOptions(help.options) {
            try help.options.check(option, of: "connect")
            guard engine.lowercased() == "duckdb" else {
                throw Diagnostic("\(option.key)= is an option of connect duckdb", at: option.span, hint: "usage: \(help.syntax)")
            }
            if option.key == "threads" { limits.threads = Int(option.value.text) }
            if option.key == "memory" {
                guard let memory = DuckDBClient.Limits.memory(option.value.text) else {
                    throw Diagnostic(
                        "memory must be an amount with its unit", at: option.value.span, hint: "memory=\"1GB\", memory=\"500MB\"")
                }
                limits.memory = memory
            }
        }
        var name: String?
        if p.acceptKeyword("as") { name = try p.parseName("a name for the connection", .newName).0 }
        guard p.atEnd else { throw Diagnostic("unexpected '\(p.current.text)' after connect", at: p.current.span, hint: "usage: \(help.syntax)") }
        var statement = ConnectStatement(engine: engine.lowercased(), engineSpan: engineSpan, target: target, name: name)
        statement.limits = limits
        return .statement(statement)
    }

    public func execute(_ session: Session, source: String, _ context: ExecutionContext) throws(Diagnostic) -> StatementResult {
        let client: any SQLEngineClient
        do throws(EngineError) {
            switch engine {
            case "duckdb":
                client = try DuckDBClient(path: target.map { context.resolve($0) }, limits: limits)
            case "postgres", "postgresql":
                guard let target else {
                    throw EngineError.engine(
                        "connect postgres needs the server's URL", hint: "e.g. connect postgres \"postgresql://me@localhost:5432/research\"")
                }
                client = try PostgresClient(url: target)
            case "spark":
                client = try SparkClient(target: target.map { $0.hasPrefix("sc://") ? $0 : context.resolve($0) })
            case "trino":
                throw EngineError.engine(
                    "werkbank does not connect to \(engine) yet", hint: "explain sql \(engine) PIPELINE prints the query for it")
            default:
                throw EngineError.engine("unknown engine \"\(engine)\"", hint: "connect duckdb, connect postgres or connect spark")
            }
        } catch {
            throw Diagnostic(error.message, at: engineSpan, hint: error.hint)
        }
        let connectionName = name ?? (engine == "postgresql" ? "postgres" : engine)
        let connection = Connection(name: connectionName, client: client)
        do { try connection.refresh(context.cancel) } catch {
            client.close()
            throw Diagnostic("cannot connect to \(client.description): \(error.message)", at: engineSpan, hint: error.hint)
        }
        if let old = session.connections.firstIndex(where: { $0.name == connectionName }) {
            session.connections[old].client.close()
            session.connections.remove(at: old)
        }
        session.connections.append(connection)
        let n = connection.tables.count
        return .message(
            "connected \(connectionName) to \(client.description): \(n) table\(n == 1 ? "" : "s")"
                + (n == 0 ? "" : " (" + connection.qualifiedNames.prefix(6).joined(separator: ", ") + (n > 6 ? ", …" : "") + ")"))
    }
}

/// `connections`: the engines connected to.
public struct ConnectionsStatement: Statement {
    public static let help = StatementHelp(
        name: "connections", syntax: "connections", summary: "list the SQL engines connected to: name, engine, where, tables")

    public static func starts(_ p: Parser) -> Bool { p.keywordIsAlone }

    public static func parse(_ p: inout Parser, keyword: Token) throws(Diagnostic) -> StatementNode {
        .statement(ConnectionsStatement())
    }

    public func execute(_ session: Session, source: String, _ context: ExecutionContext) throws(Diagnostic) -> StatementResult {
        let c = session.connections
        return .table(
            Table(
                [
                    ("name", Column.strings(c.map(\.name))), ("engine", Column.strings(c.map { $0.client.dialect.name })),
                    ("where", Column.strings(c.map { $0.client.description })),
                    ("tables", Column(.int(c.map { Int64($0.tables.count) }))),
                ], rowCount: c.count), .table)
    }
}

/// `disconnect NAME`.
public struct DisconnectStatement: Statement {
    public let name: String
    public let span: SourceSpan

    public static let help = StatementHelp(
        name: "disconnect", syntax: "disconnect NAME", summary: "close a connection (an in-memory DuckDB's tables are gone)")

    public static func starts(_ p: Parser) -> Bool { p.nameFollows || p.keywordIsAlone }

    public static func parse(_ p: inout Parser, keyword: Token) throws(Diagnostic) -> StatementNode {
        let (name, span) = try p.parseName("the connection's name", .newName)
        return .statement(DisconnectStatement(name: name, span: span))
    }

    public func execute(_ session: Session, source: String, _ context: ExecutionContext) throws(Diagnostic) -> StatementResult {
        guard let i = session.connections.firstIndex(where: { $0.name == name }) else {
            throw Diagnostic(
                "no connection \"\(name)\"", at: span,
                hint: session.connections.isEmpty ? "there are none" : "connections: " + session.connections.map(\.name).joined(separator: ", "))
        }
        session.connections[i].client.close()
        session.connections.remove(at: i)
        return .message("disconnected \(name)")
    }
}
