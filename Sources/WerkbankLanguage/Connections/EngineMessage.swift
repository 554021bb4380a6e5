import Foundation
import WerkbankEngine

/// What an engine's client wrote to stderr, as one `EngineError`: the
/// engine's first line without its prefix (`ERROR:  `, `psql: error: `,
/// DuckDB's `Catalog Error: `), without psql's `LINE 1:` and caret lines
/// (they point into SQL the user never wrote), and the hint the engine gave
/// (`HINT:`, `Did you mean …?`) or an obvious one (a server that refuses
/// connections). psql's `LINE n:` is kept as the line of the query the error
/// is at (`EngineError.inQuery`), for the stage to show it on.
enum EngineMessage {
    static func error(stderr: String, status: Int32, client: String) -> EngineError {
        let lines = stderr.split(separator: "\n", omittingEmptySubsequences: true).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        var message: String?
        var hint: String?
        var queryLine: Int?
        for line in lines {
            if line.hasPrefix("LINE "), let colon = line.firstIndex(of: ":") {
                queryLine = queryLine ?? Int(line.dropFirst("LINE ".count)[..<colon])
                continue
            }
            if line.allSatisfy({ $0 == "^" || $0 == " " }) { continue }
            if let h = value(line, after: "HINT:") { hint = hint ?? h; continue }
            if line.hasPrefix("Did you mean") {
                // DuckDB suggests its own catalogue (`pg_sequences`) for a table it does not know: no help.
                if !["\"pg_", "\"duckdb_", "\"sqlite_", "information_schema"].contains(where: line.contains) { hint = hint ?? line }
                continue
            }
            if line.hasPrefix("DETAIL:") || line.hasPrefix("CONTEXT:") || line.hasPrefix("QUERY:") { continue }
            if message == nil { message = stripPrefixes(line) }
        }
        guard let message, !message.isEmpty else {
            return .engine("\(client) failed (exit status \(status)) without saying why", hint: nil)
        }
        let error = EngineError.engine(message, hint: hint ?? obviousHint(message))
        return queryLine.map { .inQuery(error, line: $0) } ?? error
    }

    /// `psql:<stdin>:3: ERROR:  x`, `psql: error: x`, `ERROR:  x`,
    /// `FATAL:  x`, `Error: x`, `Parser Error: x` → `x`.
    static func stripPrefixes(_ line: String) -> String {
        var text = Substring(line)
        if text.hasPrefix("psql:") {
            // `psql:<stdin>:3: ERROR: …` or `psql: error: …`: past the last `: ` before the severity.
            text = text.dropFirst("psql:".count)
            // The first severity word; the message after it may say `error:` again.
            let severities = ["error: ", "ERROR:", "FATAL:"].compactMap { text.range(of: $0)?.lowerBound }
            if let first = severities.min() { text = text[first...] }
        }
        for prefix in ["error: ", "ERROR:", "FATAL:", "PANIC:", "Error: "] where text.hasPrefix(prefix) {
            text = text.dropFirst(prefix.count)
            break
        }
        text = text.drop { $0 == " " }
        // DuckDB: `Catalog Error: …`, `Binder Error: …`, `IO Error: …` (words, then ` Error: `).
        if let r = text.range(of: " Error: "), text[..<r.lowerBound].allSatisfy({ $0.isLetter || $0 == " " }) {
            text = text[r.upperBound...]
        }
        return String(text).trimmingCharacters(in: .whitespaces)
    }

    private static func value(_ line: String, after prefix: String) -> String? {
        line.hasPrefix(prefix) ? String(line.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces) : nil
    }

    static func obviousHint(_ message: String) -> String? {
        let lower = message.lowercased()
        if lower.contains("connection refused") || lower.contains("no such file or directory") && lower.contains("socket") {
            return "is the server running? Check the host and port in the URL"
        }
        if lower.contains("could not translate host name") {
            return "check the host name in the URL"
        }
        if lower.contains("password authentication failed") || lower.contains("no password supplied") {
            return "check the user and password (the URL, PGPASSWORD or ~/.pgpass)"
        }
        if lower.contains("database") && lower.contains("does not exist") {
            return "check the database name at the end of the URL"
        }
        if lower.contains("could not set lock on file") || lower.contains("conflicting lock") {
            return "another program has the DuckDB file open for writing; close it first"
        }
        return nil
    }
}
