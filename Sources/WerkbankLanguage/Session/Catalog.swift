import WerkbankEngine

/// What the Library manifest says about a table and its columns.
public struct TableMetadata: Sendable {
    public struct ColumnNote: Sendable {
        public var unit: String?
        public var description: String
        public init(unit: String?, description: String) {
            self.unit = unit
            self.description = description
        }
    }
    public var title: String
    public var description: String
    public var sources: [String]
    public var columns: [String: ColumnNote]
    public init(title: String, description: String, sources: [String], columns: [String: ColumnNote]) {
        self.title = title
        self.description = description
        self.sources = sources
        self.columns = columns
    }
}

/// The tables in scope: Library tables (loaded on first use), loaded files
/// and `let` bindings, in the order they were added.
public final class Catalog: @unchecked Sendable {
    public enum Origin: Sendable, Equatable {
        case library(file: String)
        case file(path: String)
        case binding
    }

    public struct Entry {
        public var name: String
        public var origin: Origin
        public var metadata: TableMetadata?
        var loader: (@Sendable () throws(EngineError) -> Table)?
        var table: Table?
        /// sha256 of the bytes the table was read from (files and Library tables).
        public var contentHash: (@Sendable () -> String?)?
    }

    private var entries: [String: Entry] = [:]
    public private(set) var names: [String] = []

    public init() {}

    public func register(
        _ name: String, origin: Origin, metadata: TableMetadata? = nil,
        contentHash: (@Sendable () -> String?)? = nil,
        loader: @escaping @Sendable () throws(EngineError) -> Table
    ) {
        insert(Entry(name: name, origin: origin, metadata: metadata, loader: loader, table: nil, contentHash: contentHash))
    }

    public func set(_ name: String, _ table: Table, origin: Origin, contentHash: (@Sendable () -> String?)? = nil) {
        insert(Entry(name: name, origin: origin, metadata: nil, loader: nil, table: table, contentHash: contentHash))
    }

    private func insert(_ entry: Entry) {
        if entries[entry.name] == nil { names.append(entry.name) }
        entries[entry.name] = entry
    }

    public func entry(_ name: String) -> Entry? { entries[name] }

    public func contains(_ name: String) -> Bool { entries[name] != nil }

    /// The table, loading it on first use.
    public func table(_ name: String) throws(EngineError) -> Table? {
        guard var e = entries[name] else { return nil }
        if let t = e.table { return t }
        guard let loader = e.loader else { return nil }
        let t = try loader()
        e.table = t
        entries[name] = e
        return t
    }
}
