import Foundation
import WerkbankEngine

/// `Library/library.json`: each table's title, description, source
/// documents and columns (type, unit, meaning).
public struct LibraryManifest: Decodable, Sendable {
    public struct Column: Decodable, Sendable {
        public var name: String
        public var type: String
        public var unit: String?
        public var description: String
    }
    public struct Table: Decodable, Sendable {
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
        do {
            return try JSONDecoder().decode(LibraryManifest.self, from: Data(text.utf8))
        } catch {
            throw .badFile(path: "library.json", message: "not a valid Library manifest: \(error)", line: nil)
        }
    }
}
