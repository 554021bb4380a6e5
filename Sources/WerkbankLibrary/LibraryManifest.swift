import WerkbankEngine
import WerkbankReaders

/// `Library/library.json`: each table's title, description, source
/// documents and columns (type, unit, meaning).
///
/// Read with the engine's own JSON parser, not `Codable`: the manifest is
/// read at every start, and decoding it generically cost more than the
/// rest of `werkbank -c 'cases | count'`.
public struct LibraryManifest: Sendable {
    public struct Column: Sendable {
        public var name: String
        public var type: String
        public var unit: String?
        public var description: String
    }
    public struct Table: Sendable {
        public var name: String
        public var file: String
        /// sha256 of the CSV file; a test keeps it in step with the file, and
        /// notebooks pin it.
        public var sha256: String
        public var title: String
        public var description: String
        public var sources: [String]
        public var columns: [Column]
    }
    public var version: Int
    public var tables: [Table]

    public static func decode(_ text: String) throws(EngineError) -> LibraryManifest {
        let root = try JSONValue.parse(text, name: "library.json")
        func fail(_ message: String) -> EngineError {
            .badFile(path: "library.json", message: "not a valid Library manifest: \(message)", line: nil)
        }
        func string(_ value: JSONValue?, _ path: String) throws(EngineError) -> String {
            guard let s = value?.string else { throw fail("\(path) should be a string") }
            return s
        }
        func list(_ value: JSONValue?, _ path: String) throws(EngineError) -> [JSONValue] {
            guard let a = value?.array else { throw fail("\(path) should be a list") }
            return a
        }
        guard let version = root["version"]?.number, let v = Int(exactly: version) else { throw fail("version should be a whole number") }
        var tables: [Table] = []
        for (t, table) in try list(root["tables"], "tables").enumerated() {
            let at = "tables[\(t)]"
            var columns: [Column] = []
            for (c, column) in try list(table["columns"], at + ".columns").enumerated() {
                let here = "\(at).columns[\(c)]"
                let unit = column["unit"]
                guard unit == nil || unit == .null || unit?.string != nil else { throw fail("\(here).unit should be a string or null") }
                columns.append(
                    Column(
                        name: try string(column["name"], here + ".name"), type: try string(column["type"], here + ".type"),
                        unit: unit?.string, description: try string(column["description"], here + ".description")))
            }
            var sources: [String] = []
            for (k, source) in try list(table["sources"], at + ".sources").enumerated() {
                sources.append(try string(source, "\(at).sources[\(k)]"))
            }
            tables.append(
                Table(
                    name: try string(table["name"], at + ".name"), file: try string(table["file"], at + ".file"),
                    sha256: try string(table["sha256"], at + ".sha256"), title: try string(table["title"], at + ".title"),
                    description: try string(table["description"], at + ".description"), sources: sources, columns: columns))
        }
        return LibraryManifest(version: v, tables: tables)
    }
}
