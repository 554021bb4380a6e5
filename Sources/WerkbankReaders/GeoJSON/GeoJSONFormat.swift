import WerkbankEngine

/// `load "x.geojson"`: features with their properties and a point per
/// geometry; a `.json` file holding a FeatureCollection is read as this too.
public enum GeoJSONFormat {
    public static let format = LoadFormat(
        name: "GeoJSON", extensions: ["geojson", "geojsonl", "geojsons", "geojsonseq"], options: [],
        failureHint: "a GeoJSON file holds a FeatureCollection, a Feature or one feature per line"
    ) { input, _, settings throws(EngineError) in
        let (table, decisions) = try GeoJSONReader.read(
            input, columns: settings.columns, progress: settings.progress,
            cancel: settings.cancel)
        return (table, describe(decisions))
    }

    static func describe(_ d: GeoJSONDecisions) -> String {
        var parts = ["GeoJSON"]
        switch d.coordinates {
        case .wgs84: break
        case .rdConverted: parts.append("RD New (EPSG:28992) coordinates converted to WGS84")
        case .unknown(let crs): parts.append("coordinates are not longitude/latitude\(crs.map { " (\($0))" } ?? ""): lon/lat hold them unconverted")
        }
        if d.withoutGeometry > 0 { parts.append("\(plural(d.withoutGeometry, "feature")) without geometry") }
        return parts.joined(separator: ", ")
    }
}
