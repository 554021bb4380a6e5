import WerkbankEngine

/// `save "x.geojson"`: a FeatureCollection with a feature per row — its
/// shape from the table's (first) geometry column, null without one, and
/// every other column as a property, written as the json format writes
/// values. Coordinates are WGS84 (RFC 7946).
public enum GeoJSONWriter {
    public static func render(_ table: Table) -> String {
        let shapes = table.fields.firstIndex { $0.type == .geometry }
        let properties = table.project(table.fields.indices.filter { $0 != shapes })
        // One properties object a line, from the json writer.
        let objects = properties.columnCount == 0 ? [] : JSONWriter.render(properties, lines: true).split(separator: "\n").map(String.init)
        var out = "{\"type\":\"FeatureCollection\",\"features\":["
        for r in 0..<table.rowCount {
            var geometry = "null"
            if let s = shapes, !table.columns[s].isNull(r), case .geometry(let g) = table.columns[s].storage, g[r].positionCount > 0 {
                geometry = g[r].geoJSON
            }
            let props = r < objects.count ? objects[r] : "{}"
            out += (r == 0 ? "\n" : ",\n") + "{\"type\":\"Feature\",\"properties\":\(props),\"geometry\":\(geometry)}"
        }
        return out + "\n]}\n"
    }
}
