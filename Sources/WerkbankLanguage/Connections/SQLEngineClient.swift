import WerkbankEngine

/// An SQL engine werkbank talks to through its command-line client (no
/// client library is linked). Every call is one run of the client: a query
/// with the tables it needs sent along, a script, the catalogue, an upload.
/// Errors are `EngineError`s (`.engine` with the engine's own message,
/// `.cancelled`); the caller puts them on the stage they belong to.
public protocol SQLEngineClient: AnyObject, Sendable {
    var dialect: SQLDialect { get }
    /// What `connections` shows (never a password).
    var description: String { get }

    /// Runs one SELECT and returns its rows read as `schema` (the plan knows
    /// the types; the engine's text is never sniffed). Each of `sending` is
    /// created first as a temporary table of that name, in the same session,
    /// so the SELECT can join it.
    func query(_ select: String, schema: Schema, sending: [(name: String, table: Table)], cancel: CancellationToken) throws(EngineError) -> Table

    /// Runs statements that return nothing (DDL, `CREATE TABLE … AS`).
    func execute(_ script: String, cancel: CancellationToken) throws(EngineError)

    /// The tables and views of the catalogue, by schema and name.
    func tables(cancel: CancellationToken) throws(EngineError) -> [RemoteTable]

    /// Creates the table `name` (in the default schema) holding `table`'s
    /// rows, replacing one of that name: in one transaction, so a failure
    /// leaves the old table as it was.
    func upload(_ table: Table, as name: String, cancel: CancellationToken) throws(EngineError)

    /// Releases what the client holds (its temporary folder; an in-memory
    /// DuckDB's data). Calls after it fail.
    func close()
}

extension SQLEngineClient {
    /// The SELECT without trailing semicolons, to wrap in `COPY (…)`.
    static func bare(_ select: String) -> String {
        var s = Substring(select)
        while let last = s.last, last == ";" || last.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
