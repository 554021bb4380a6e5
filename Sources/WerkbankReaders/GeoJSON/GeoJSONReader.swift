import WerkbankEngine
import Foundation

/// What the GeoJSON reader found, to report after a load.
public struct GeoJSONDecisions: Sendable, Equatable {
    public enum Coordinates: Sendable, Equatable {
        /// Longitude/latitude (WGS84, GeoJSON's own).
        case wgs84
        /// Dutch RD New (EPSG:28992) metres, converted to WGS84.
        case rdConverted
        /// Neither: the numbers are kept as they are (`crs` names what they are, if known).
        case unknown(crs: String?)
    }

    public var features: Int
    public var coordinates: Coordinates
    /// Features whose geometry is null.
    public var withoutGeometry: Int
}

/// Reads a GeoJSON FeatureCollection (or one Feature) into a table: one row
/// per feature.
///
/// - Columns: the properties (as the JSON reader reads records: union of the
///   keys, types inferred from the whole column), then the feature's `id` when
///   features have one (`feature_id` if a property is called `id`), then
///   `geometry_type` (`Polygon`, `MultiPolygon`, `Point`, …; null for a null
///   geometry), the centroid `lon`, `lat` and the bounding box `min_lon`,
///   `min_lat`, `max_lon`, `max_lat` (floats, WGS84 degrees). A geometry
///   column name a property already uses gets a suffix (`ColumnNames`: `lon_2`).
/// - Centroid: for (multi)polygons the area-weighted centroid of the rings
///   (holes subtracted), computed in the file's own coordinates; for points,
///   lines and degenerate polygons the mean of all vertices.
/// - Coordinates: GeoJSON is WGS84 longitude/latitude. Some Dutch services
///   (PDOK) serve RD New (EPSG:28992) metres instead; when the first vertex
///   lies in the RD area (x 0…300 000, y 300 000…620 000, so no longitude and
///   latitude) the file is read as RD and every vertex is converted to WGS84
///   with the approximation of Schreutelkamp and Strang van Hees (about a
///   metre off). Coordinates that are neither are kept as they are.
public enum GeoJSONReader {
    public static func read(
        _ input: ReaderInput, columns: Set<String>?, progress: LoadProgress? = nil,
        cancel: CancellationToken
    ) throws(EngineError) -> (Table, GeoJSONDecisions) {
        try input.withBytes(cancel: cancel, progress: progress) { (buf) throws(EngineError) -> (Table, GeoJSONDecisions) in
            guard let r = try read(buffer: buf, name: input.name, columns: columns, cancel: cancel, required: true) else {
                throw .badFile(path: input.name, message: "not GeoJSON: the top level is not a FeatureCollection or Feature", line: nil)
            }
            return r
        }
    }

    /// Whether a `.json` file holds GeoJSON: its top level is an object whose
    /// `type` is `FeatureCollection` or `Feature`, judged from its first
    /// bytes (the caller reads them once, so that a pipe is not consumed).
    public static func looksLikeGeoJSON(leading bytes: [UInt8]) -> Bool {
        var i = TextDecoding.hasBOM(bytes) ? 3 : 0
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        guard i < bytes.count, bytes[i] == UInt8(ascii: "{") else { return false }
        let text = String(decoding: bytes[i...], as: UTF8.self)
        return text.range(of: #""type"\s*:\s*"(FeatureCollection|Feature)""#, options: .regularExpression) != nil
            || text.range(of: #""features"\s*:\s*\["#, options: .regularExpression) != nil
    }

    /// nil when the top level is not a FeatureCollection / Feature (and `required` is false).
    static func read(
        buffer: UnsafeBufferPointer<UInt8>, name: String, columns: Set<String>?,
        cancel: CancellationToken, required: Bool
    ) throws(EngineError) -> (Table, GeoJSONDecisions)? {
        try cancel.check()
        let text = try TextDecoding.requireUTF8(buffer, name: name, format: "GeoJSON")
        guard let base = text.baseAddress, !text.isEmpty else { throw .badFile(path: name, message: "empty file", line: nil) }
        var reader = GeoJSONScan(parser: JSONParser(p: base, n: text.count, start: 0), cancel: cancel)
        do {
            try reader.document()
        } catch let failure {
            switch failure {
            case .cancelled: throw .cancelled
            case .syntax(let f):
                let (line, column) = JSONReader.position(text, offset: f.offset)
                throw .badFile(path: name, message: "\(f.message) (column \(column))", line: line)
            case .notGeoJSON(let what):
                if !required { return nil }
                throw .badFile(path: name, message: "not GeoJSON: \(what)", line: nil)
            }
        }
        return try reader.table(name: name, columns: columns, cancel: cancel)
    }
}
