import Foundation
import WerkbankEngine
import WerkbankReaders
import WerkbankLanguage

/// The Library: the bundled tables (embedded in the binary from `Library/`),
/// or those of another folder given with `--library DIR`.
public struct Library: Sendable {
    /// Reads a file of the Library by name.
    let read: @Sendable (String) -> String?
    public let origin: String

    /// The Library embedded in the binary.
    public static let bundled = Library(read: { BundledLibrary.files[$0] }, origin: "bundled")

    /// The Library in a folder (same layout: library.json and CSV files).
    public static func folder(_ path: String) -> Library {
        Library(read: { name in
            FileManager.default.contents(atPath: path + "/" + name).flatMap { String(data: $0, encoding: .utf8) }
        }, origin: path)
    }

    public func manifest() throws(EngineError) -> LibraryManifest {
        guard let text = read("library.json") else {
            throw .io(path: origin == "bundled" ? "library.json" : origin + "/library.json", message: "no Library manifest")
        }
        return try LibraryManifest.decode(text)
    }

    /// Registers every table of the manifest in the catalog; each is parsed
    /// on first use, so start-up reads only the manifest.
    public func register(into catalog: Catalog) throws(EngineError) {
        let manifest = try manifest()
        for entry in manifest.tables {
            let metadata = TableMetadata(
                title: entry.title, description: entry.description, sources: entry.sources,
                columns: Dictionary(entry.columns.map { ($0.name, TableMetadata.ColumnNote(unit: $0.unit, description: $0.description)) },
                                    uniquingKeysWith: { a, _ in a }))
            let read = self.read
            catalog.register(entry.name, origin: .library(file: entry.file), metadata: metadata,
                             contentHash: { read(entry.file).map { SHA256.hex(Array($0.utf8)) } }) { () throws(EngineError) -> Table in
                try Self.load(entry, text: read(entry.file))
            }
        }
    }

    static func load(_ entry: LibraryManifest.Table, text: String?) throws(EngineError) -> Table {
        guard let text else { throw .io(path: entry.file, message: "missing from the Library") }
        var options = CSVOptions()
        options.delimiter = UInt8(ascii: ",")
        options.header = true
        options.encoding = .utf8
        options.decimalComma = false
        for c in entry.columns {
            guard let t = DataType(rawValue: c.type), t != .geometry else {
                throw .badFile(path: "library.json", message: "column \(entry.name).\(c.name) has unknown type \(c.type)", line: nil)
            }
            options.types[c.name] = t
        }
        let (table, _) = try CSVReader.read(.bytes(Array(text.utf8), name: entry.file), options: options, cancel: .never)
        guard table.names == entry.columns.map(\.name) else {
            throw .badFile(path: entry.file, message: "columns \(table.names) differ from the manifest's \(entry.columns.map(\.name))", line: 1)
        }
        return table
    }
}
