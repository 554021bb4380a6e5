import Foundation
import WerkbankEngine

/// The real engines, run as the engines' clients will: `duckdb DBFILE <
/// script` and `psql URL -X -v ON_ERROR_STOP=1 -f script`. Each run
/// ingests with the given script, then writes the table's rows and its
/// columns (name, engine type) as JSON lines, read back here.
enum IngestEngines {
    struct Result {
        var columns: [(name: String, type: String)]
        var rows: [[String: Any]]
    }

    static let duckdbAvailable = path(of: "duckdb") != nil
    static let postgresURL = ProcessInfo.processInfo.environment["WERKBANK_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }

    static func path(of tool: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let p = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    static func folder() throws -> String {
        let dir = NSTemporaryDirectory() + "wb-ingest-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Runs `script` (which creates table `t`) in a new DuckDB database.
    static func duckdb(_ script: String, table: String) throws -> Result {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let rows = dir + "/rows.json", columns = dir + "/columns.json"
        let t = table.replacingOccurrences(of: "'", with: "''")
        let full =
            script + """
                COPY (SELECT * FROM "\(table)") TO '\(rows)' (FORMAT json);
                COPY (SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_name = '\(t)' ORDER BY ordinal_position) TO '\(columns)' (FORMAT json);

                """
        try full.write(toFile: dir + "/script.sql", atomically: true, encoding: .utf8)
        try run(path(of: "duckdb")!, [dir + "/db.duckdb", "-bail"], input: dir + "/script.sql")
        return try Result(columns: jsonLines(columns).map { ($0["name"] as! String, $0["type"] as! String) }, rows: jsonLines(rows))
    }

    /// Runs `script` through psql in a fresh schema of the test server.
    static func postgres(_ script: String, table: String, url: String) throws -> Result {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let schema = "wb_ingest_\(UUID().uuidString.prefix(8).lowercased())"
        let rows = dir + "/rows.json", columns = dir + "/columns.json"
        let t = table.replacingOccurrences(of: "'", with: "''")
        let full = """
            CREATE SCHEMA \(schema);
            SET search_path TO \(schema);
            \(script)
            \\pset format unaligned
            \\pset tuples_only on
            \\o \(rows)
            SELECT row_to_json(x)::text FROM "\(table)" x;
            \\o \(columns)
            SELECT json_build_object('name', column_name, 'type', data_type)::text FROM information_schema.columns WHERE table_schema = '\(schema)' AND table_name = '\(t)' ORDER BY ordinal_position;
            \\o
            DROP SCHEMA \(schema) CASCADE;

            """
        try full.write(toFile: dir + "/script.sql", atomically: true, encoding: .utf8)
        try run(path(of: "psql")!, [url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", dir + "/script.sql"])
        return try Result(columns: jsonLines(columns).map { ($0["name"] as! String, $0["type"] as! String) }, rows: jsonLines(rows))
    }

    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    static func run(_ tool: String, _ arguments: [String], input: String? = nil) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = arguments
        if let input { p.standardInput = FileHandle(forReadingAtPath: input) }
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let message = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        if p.terminationStatus != 0 || !message.isEmpty && String(decoding: message, as: UTF8.self).contains("rror") {
            throw Failed(description: "\(tool) failed: " + String(decoding: message, as: UTF8.self))
        }
    }

    static func jsonLines(_ path: String) throws -> [[String: Any]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try text.split(separator: "\n").filter { !$0.isEmpty }.map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }
}
