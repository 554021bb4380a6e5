import Foundation
import WerkbankEngine

/// A `postgresql://user:password@host:port/db?…` URL split so that the
/// password never shows: psql gets the URL without it and the password in
/// its environment (`PGPASSWORD`, not the command line that `ps` shows), and
/// every message and description uses `redacted`.
public struct PostgresURL: Sendable, Equatable {
    /// The URL without a password (in the user part or a `password=` parameter).
    public let redacted: String
    public let password: String?

    public init(_ text: String) throws(EngineError) {
        guard let scheme = ["postgresql://", "postgres://"].first(where: { text.hasPrefix($0) }) else {
            throw .engine(
                "a PostgreSQL connection is a URL that starts with postgresql://",
                hint: "for example postgresql://user@localhost:5432/database")
        }
        var rest = Substring(text.dropFirst(scheme.count))
        var password: String?
        // The user part ends at the last `@` before the path.
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        if let at = rest[..<authorityEnd].lastIndex(of: "@") {
            let user = rest[..<at]
            if let colon = user.firstIndex(of: ":") {
                password = String(user[user.index(after: colon)...]).removingPercentEncoding ?? String(user[user.index(after: colon)...])
                rest = user[..<colon] + rest[at...]
            }
        }
        if let question = rest.firstIndex(of: "?") {
            var kept: [Substring] = []
            for parameter in rest[rest.index(after: question)...].split(separator: "&") {
                if parameter.hasPrefix("password=") {
                    let value = parameter.dropFirst("password=".count)
                    password = String(value).removingPercentEncoding ?? String(value)
                } else {
                    kept.append(parameter)
                }
            }
            rest = rest[..<question] + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
        }
        self.redacted = scheme + rest
        self.password = password
    }
}
