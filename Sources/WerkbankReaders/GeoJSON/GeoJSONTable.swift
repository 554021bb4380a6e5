import Foundation
import WerkbankEngine

/// The table of the features read: the properties through the JSON reader,
/// then the id, the geometry type, the centroid and the bounding box.
extension GeoJSONScan {

    func table(name: String, columns: Set<String>?, cancel: CancellationToken) throws(EngineError) -> (Table, GeoJSONDecisions) {
        var props = properties
        props.append(UInt8(ascii: "]"))
        var propTable = try JSONReader.read(.bytes(props, name: name), columns: nil, cancel: cancel)
        let rows = shapes.count
        if propTable.rowCount != rows { propTable = Table.empty }
        var named: [(String, Column)] = zip(propTable.names, propTable.columns).map { ($0, $1) }
        var namer = ColumnNames.Namer(taken: propTable.names)
        func fresh(_ base: String) -> String { namer.claim(base) }
        if ids.contains(where: { $0 != nil }) {
            let numeric = idKinds.isSubset(of: [.int])
            let idName = fresh(namer.isTaken("id") ? "feature_id" : "id")
            var validity = Validity(count: rows, allValid: true)
            if numeric {
                var out = [Int64](repeating: 0, count: rows)
                for (i, id) in ids.enumerated() { if let id, let v = Int64(id) { out[i] = v } else { validity.clear(i) } }
                named.append((idName, Column(.int(out), validity: validity)))
            } else {
                var dict = StringDictionaryBuilder()
                var codes = [Int32](repeating: 0, count: rows)
                for (i, id) in ids.enumerated() { if let id { codes[i] = dict.code(for: id) } else { validity.clear(i) } }
                if dict.values.isEmpty { _ = dict.code(for: "") }
                named.append((idName, Column(.string(codes: codes, dictionary: dict.build()), validity: validity)))
            }
        }
        var typeValidity = Validity(count: rows, allValid: true)
        var typeDict = StringDictionaryBuilder()
        var typeCodes = [Int32](repeating: 0, count: rows)
        var lon = [Double](repeating: 0, count: rows), lat = lon, minLon = lon, minLat = lon, maxLon = lon, maxLat = lon
        var geoValidity = Validity(count: rows, allValid: true)
        var withoutGeometry = 0
        for (i, s) in shapes.enumerated() {
            if let t = s.type { typeCodes[i] = typeDict.code(for: t) } else { typeValidity.clear(i) }
            guard s.vertices > 0 else {
                geoValidity.clear(i)
                if s.type == nil { withoutGeometry += 1 }
                continue
            }
            var cx = s.sumX / Double(s.vertices), cy = s.sumY / Double(s.vertices)
            if s.area > 0 {
                cx = s.areaX / s.area
                cy = s.areaY / s.area
            }
            (lon[i], lat[i]) = rd == true ? RDNew.toWGS84(x: cx, y: cy) : (cx, cy)
            minLon[i] = s.minX; minLat[i] = s.minY; maxLon[i] = s.maxX; maxLat[i] = s.maxY
        }
        if typeDict.values.isEmpty { _ = typeDict.code(for: "") }
        // The shapes themselves, in WGS84.
        var geometries = [Geometry](repeating: .empty, count: rows)
        var shapeValidity = Validity(count: rows, allValid: true)
        for (i, s) in shapes.enumerated() {
            guard var g = s.geometry, g.positionCount > 0 else { shapeValidity.clear(i); continue }
            if rd == true {
                g.parts = g.parts.map {
                    $0.map {
                        $0.map { p in
                            let (lon, lat) = RDNew.toWGS84(x: p.x, y: p.y); return Geometry.Position(lon, lat)
                        }
                    }
                }
            }
            geometries[i] = g
        }
        named.append((fresh("geometry_type"), Column(.string(codes: typeCodes, dictionary: typeDict.build()), validity: typeValidity)))
        for (n, values) in [("lon", lon), ("lat", lat), ("min_lon", minLon), ("min_lat", minLat), ("max_lon", maxLon), ("max_lat", maxLat)] {
            named.append((fresh(n), Column(.float(values), validity: geoValidity)))
        }
        named.append((fresh("geometry"), Column(.geometry(geometries), validity: shapeValidity)))
        if let columns { named = named.filter { columns.contains($0.0) } }
        let coordinates: GeoJSONDecisions.Coordinates
        if rd == true {
            coordinates = .rdConverted
        } else if notDegrees {
            coordinates = .unknown(crs: crs.flatMap(Self.crsName))
        } else {
            coordinates = .wgs84
        }
        return (Table(named, rowCount: rows), GeoJSONDecisions(features: rows, coordinates: coordinates, withoutGeometry: withoutGeometry))
    }

    /// `EPSG:28992` from a crs member such as `{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}}`.
    static func crsName(_ json: String) -> String? {
        guard let r = json.range(of: #"EPSG:+[0-9]+"#, options: .regularExpression) else { return nil }
        return "EPSG:" + json[r].split(separator: ":").last.map(String.init)!
    }
}
