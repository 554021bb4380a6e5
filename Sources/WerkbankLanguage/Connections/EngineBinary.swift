#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import WerkbankEngine

/// An engine's command-line client, found once: the path in its variable
/// (`WERKBANK_DUCKDB`, `WERKBANK_PSQL`, `WERKBANK_PYTHON`) or the first executable of that name
/// on the PATH. werkbank links no client library (the release binary stays
/// one static executable), so without the client there is no engine, and the
/// error says how to install it.
public struct EngineBinary: Sendable, Equatable {
    /// `duckdb`, `psql`, `python3`.
    public let name: String
    public let path: String
    /// How to get it, for the messages.
    public let installHint: String

    public static func duckdb(environment: [String: String] = ProcessInfo.processInfo.environment) throws(EngineError) -> EngineBinary {
        try find(
            "duckdb", variable: "WERKBANK_DUCKDB", environment: environment,
            installHint: "install DuckDB's command line (`pip install duckdb-cli`), or set WERKBANK_DUCKDB to its path")
    }

    public static func psql(environment: [String: String] = ProcessInfo.processInfo.environment) throws(EngineError) -> EngineBinary {
        try find(
            "psql", variable: "WERKBANK_PSQL", environment: environment,
            installHint: "install PostgreSQL's client (`apt-get install postgresql-client`), or set WERKBANK_PSQL to its path")
    }

    /// The Python that runs the Spark driver (it needs the `pyspark` package).
    public static func python(environment: [String: String] = ProcessInfo.processInfo.environment) throws(EngineError) -> EngineBinary {
        try find(
            "python3", variable: "WERKBANK_PYTHON", environment: environment,
            installHint: "install Python 3 with pyspark (`pip install pyspark`; Spark needs Java 17), or set WERKBANK_PYTHON to a Python that has it")
    }

    static func find(_ name: String, variable: String, environment: [String: String], installHint: String) throws(EngineError) -> EngineBinary {
        if let set = environment[variable], !set.isEmpty {
            guard access(set, X_OK) == 0 else {
                throw .engine("\(variable) is \(set), which is not an executable file", hint: installHint)
            }
            return EngineBinary(name: name, path: set, installHint: installHint)
        }
        for dir in (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") where !dir.isEmpty {
            let candidate = dir.hasSuffix("/") ? String(dir) + name : String(dir) + "/" + name
            var info = stat()
            if stat(candidate, &info) == 0, info.st_mode & S_IFMT == S_IFREG, access(candidate, X_OK) == 0 {
                return EngineBinary(name: name, path: candidate, installHint: installHint)
            }
        }
        throw .engine(
            "\(name) is not installed: werkbank talks to the engine through its command line, and there is no \(name) on the PATH", hint: installHint)
    }
}
