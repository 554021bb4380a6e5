import Foundation
import WerkbankEngine

/// Spark through pyspark, Spark's own Python client, in a driver process
/// that lives as long as the connection (`SparkDriverProcess`): a local
/// Spark (`connect spark`, `connect spark "FOLDER"`) or a Spark Connect
/// server (`connect spark "sc://host:15002"`). werkbank links nothing of
/// Spark; the driver runs `python3` (or `$WERKBANK_PYTHON`).
///
/// A local Spark's tables are the Parquet folders of its warehouse: a
/// temporary one, gone at disconnect, or the folder given, kept. Spark runs
/// with ANSI SQL on, so an integer overflow or a division by zero the
/// compiler did not guard is an error, never a wrapped or null value.
public final class SparkClient: SQLEngineClient {
    public let dialect = SQLDialect.spark
    /// `sc://…`, or nil for a local Spark.
    public let connectURL: String?
    /// A local Spark's warehouse folder.
    public let warehouse: String?
    let folder: ScratchFolder
    let driver: SparkDriverProcess

    /// `target`: `sc://…`, a folder for a local Spark's tables, or nil
    /// (a local Spark whose tables are gone at disconnect).
    public init(target: String?, python: EngineBinary? = nil) throws(EngineError) {
        let found: EngineBinary
        if let python { found = python } else { found = try EngineBinary.python() }
        folder = try ScratchFolder()
        if let target, target.hasPrefix("sc://") {
            connectURL = target
            warehouse = nil
        } else {
            connectURL = nil
            warehouse = target ?? folder.path + "/warehouse"
        }
        driver = SparkDriverProcess(python: found, target: connectURL ?? "", warehouse: warehouse ?? "", folder: folder)
    }

    public var description: String {
        let version = driver.version.withLock { $0 }
        let spark = "spark" + (version.isEmpty ? "" : " \(version)")
        if let connectURL { return "\(spark) \(connectURL)" }
        guard let warehouse, !warehouse.hasPrefix(folder.path) else { return "\(spark) (local, in a temporary folder)" }
        return "\(spark) (local) \"\(warehouse)\""
    }

    public func close() {
        driver.close()
        folder.remove()
    }

    public func query(
        _ select: String, schema: Schema, sending: [(name: String, table: Table)], cancel: CancellationToken
    ) throws(EngineError) -> Table {
        var sent: [[String: Any]] = []
        let result = folder.file("result", "csv")
        defer {
            unlink(result)
            for s in sent { if let path = s["path"] as? String { unlink(path) } }
        }
        for (name, table) in sending {
            var request = try rows(table)
            request["name"] = name
            sent.append(request)
        }
        _ = try driver.request(["op": "query", "sql": select, "out": result, "send": sent], cancel: cancel)
        return try SQLResultDecoder.decode(file: result, schema: schema, cancel: cancel)
    }

    public func execute(_ script: String, cancel: CancellationToken) throws(EngineError) {
        _ = try driver.request(["op": "execute", "sql": script], cancel: cancel)
    }

    /// Written beside the old table, which is replaced only once all rows are
    /// written (a local Spark: a folder renamed; Spark Connect: a table renamed).
    public func upload(_ table: Table, as name: String, cancel: CancellationToken) throws(EngineError) {
        var request = try rows(table)
        defer { if let path = request["path"] as? String { unlink(path) } }
        request["op"] = "upload"
        request["name"] = name
        _ = try driver.request(request, cancel: cancel)
    }

    /// The tables and views of Spark's current database, counted exactly
    /// (`count(*)`; Parquet keeps the counts in its footers).
    public func tables(cancel: CancellationToken) throws(EngineError) -> [RemoteTable] {
        let reply = try driver.request(["op": "tables"], cancel: cancel)
        return (reply["tables"] as? [[String: Any]] ?? []).map { t in
            let columns = (t["columns"] as? [[String]] ?? []).compactMap { c in
                c.count == 2 ? RemoteColumn(name: c[0], engineType: c[1]) : nil
            }
            let rows = (t["rows"] as? NSNumber)?.intValue
            return RemoteTable(
                schema: t["schema"] as? String ?? "default", table: t["table"] as? String ?? "", columns: columns, rowCount: rows,
                rowCountIsExact: rows != nil, isView: t["view"] as? Bool ?? false)
        }
    }

    /// A table as the driver reads it: JSON lines, one array a row (floats as
    /// text in shortest round-trip form, `nan`, `inf`; dates ISO), and its
    /// columns with werkbank's type names.
    func rows(_ table: Table) throws(EngineError) -> [String: Any] {
        try SentTable.refuseUnsendable(table, to: dialect)
        let path = folder.file("sent", "jsonl")
        guard FileManager.default.createFile(atPath: path, contents: Data(JSONRows.bytes(table))) else {
            throw .engine("cannot write a table for spark in \(folder.path)", hint: nil)
        }
        return ["path": path, "fields": table.fields.map { [$0.name, $0.type.rawValue] }]
    }
}
