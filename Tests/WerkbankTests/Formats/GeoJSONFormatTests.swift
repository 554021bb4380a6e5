import Foundation
import Testing
@testable import WerkbankEngine
@testable import WerkbankReaders
import WerkbankLanguage

/// GeoJSON as PDOK serves it: one row per feature, properties as columns,
/// geometry type, centroid and bounding box; RD New coordinates converted.
@Suite struct GeoJSONFormatTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/formats").path

    @Test func pdokFeatureCollection() {
        let h = Harness(baseDirectory: Self.fixtures)
        #expect(h.run("load \"pdok_gemeenten.geojson\" as geo").stderr == "geo: 4 rows × 15 columns (GeoJSON, 1 feature without geometry)\n")
        #expect(h.csv("geo | describe | select column, type, nulls") == """
            column,type,nulls
            statcode,string,0
            statnaam,string,0
            jrstatcode,string,1
            rubriek,string,0
            id,int,0
            oppervlakte,float,1
            feature_id,string,0
            geometry_type,string,1
            lon,float,1
            lat,float,1
            min_lon,float,1
            min_lat,float,1
            max_lon,float,1
            max_lat,float,1
            geometry,geometry,1

            """)
        // Golden: the centroid of Rotterdam's square less its hole, Amsterdam's
        // two squares weighted by area, Groningen's point, Súdwest-Fryslân without geometry.
        #expect(h.csv("""
            geo
              | select statcode, statnaam, geometry_type, lon = round(lon, 6), lat = round(lat, 6), min_lon, min_lat, max_lon, max_lat
            """) == """
            statcode,statnaam,geometry_type,lon,lat,min_lon,min_lat,max_lon,max_lat
            GM0599,Rotterdam,Polygon,4.500816,51.900408,4.4,51.85,4.6,51.95
            GM0363,Amsterdam,MultiPolygon,4.93,52.365,4.8,52.3,5.1,52.45
            GM0014,Groningen,Point,6.5665,53.2194,6.5665,53.2194,6.5665,53.2194
            GM1900,Súdwest-Fryslân,,,,,,,

            """)
    }

    @Test func rdNewCoordinatesAreConverted() throws {
        let h = Harness(baseDirectory: Self.fixtures)
        // A .json file whose top level is a FeatureCollection is read as GeoJSON.
        #expect(h.run("load \"pdok_rd.json\" as rd").stderr
            == "rd: 2 rows × 12 columns (GeoJSON, RD New (EPSG:28992) coordinates converted to WGS84)\n")
        #expect(h.csv("rd | select werklocatie, id, geometry_type, lon = round(lon, 5), lat = round(lat, 5)") == """
            werklocatie,id,geometry_type,lon,lat
            De Hoek,bedrijventerrein.7,Polygon,5.38721,52.15517
            Westertoren,bedrijventerrein.8,Point,4.88353,52.37453

            """)
    }

    @Test func rdFormulaKnownPoints() {
        // Amersfoort, the origin of RD, and the Westertoren in Amsterdam.
        let (lon0, lat0) = RDNew.toWGS84(x: 155_000, y: 463_000)
        #expect(abs(lon0 - 5.38720621) < 1e-9 && abs(lat0 - 52.15517440) < 1e-9)
        let (lon, lat) = RDNew.toWGS84(x: 120_700.723, y: 487_525.501)
        #expect(abs(lat - 52.37453253) < 2e-5 && abs(lon - 4.88352559) < 2e-5, "\(lon) \(lat)")
    }

    @Test func singleFeatureAndGeometryCollection() throws {
        let json = """
            {"type":"Feature","properties":{"naam":"x"},"geometry":{"type":"GeometryCollection","geometries":[
              {"type":"Point","coordinates":[1,1]},{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,2],[0,2],[0,0]]]}]}}
            """
        let (t, d) = try GeoJSONReader.read(.bytes(Array(json.utf8), name: "f.geojson"), columns: nil, cancel: .never)
        #expect(t.rowCount == 1)
        #expect(d.coordinates == .wgs84)
        #expect(t.column("geometry_type")?.value(at: 0) == .string("GeometryCollection"))
        #expect(t.column("lon")?.value(at: 0) == .float(2))
        #expect(t.column("lat")?.value(at: 0) == .float(1))
        #expect(t.column("min_lon")?.value(at: 0) == .float(0))
        #expect(t.column("max_lat")?.value(at: 0) == .float(2))
    }

    @Test func newlineDelimitedFeatures() throws {
        let text = "\u{1E}{\"type\":\"Feature\",\"properties\":{\"n\":1},\"geometry\":{\"type\":\"Point\",\"coordinates\":[5,52]}}\n"
            + "{\"type\":\"Feature\",\"properties\":{\"n\":2},\"geometry\":null}\n"
        let (t, d) = try GeoJSONReader.read(.bytes(Array(text.utf8), name: "f.geojsonl"), columns: nil, cancel: .never)
        #expect(t.rowCount == 2)
        #expect(d.withoutGeometry == 1)
        #expect(t.column("n")?.value(at: 1) == .int(2))
        #expect(t.column("lat")?.value(at: 0) == .float(52))
    }

    @Test func propertyNamedLikeAGeometryColumn() throws {
        let json = """
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"lon":"oost","lat":null},
             "geometry":{"coordinates":[5,52],"type":"Point"}}]}
            """
        let (t, _) = try GeoJSONReader.read(.bytes(Array(json.utf8), name: "f.geojson"), columns: nil, cancel: .never)
        #expect(t.names == ["lon", "lat", "geometry_type", "lon_2", "lat_2", "min_lon", "min_lat", "max_lon", "max_lat", "geometry"])
        #expect(t.column("lon_2")?.value(at: 0) == .float(5))
    }

    @Test func errorsNameTheLine() {
        let bad = "{\"type\":\"FeatureCollection\",\"features\":[\n{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,\"x\"]}}]}"
        #expect(throws: EngineError.self) { try GeoJSONReader.read(.bytes(Array(bad.utf8), name: "b.geojson"), columns: nil, cancel: .never) }
        do {
            _ = try GeoJSONReader.read(.bytes(Array(bad.utf8), name: "b.geojson"), columns: nil, cancel: .never)
        } catch {
            #expect(error.message.contains("b.geojson, line 2: a coordinate must be a number"), "\(error.message)")
        }
        let notGeo = "{\"type\":\"Topology\",\"objects\":{}}"
        do {
            _ = try GeoJSONReader.read(.bytes(Array(notGeo.utf8), name: "t.geojson"), columns: nil, cancel: .never)
            Issue.record("should fail")
        } catch {
            #expect(error.message.contains("not GeoJSON"), "\(error.message)")
        }
    }

    @Test func plainJSONObjectFilesStayJSON() throws {
        let dir = NSTemporaryDirectory() + "wb-geo-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: dir + "/r.json", contents: Data("[{\"a\":1},{\"a\":2}]".utf8))
        _ = FileManager.default.createFile(atPath: dir + "/l.json", contents: Data("{\"type\":\"x\",\"a\":1}\n{\"type\":\"y\",\"a\":2}\n".utf8))
        let h = Harness(baseDirectory: dir)
        #expect(h.run("load \"r.json\" as r").stderr == "r: 2 rows × 1 column (JSON)\n")
        #expect(h.csv("load \"l.json\"") == "type,a\nx,1\ny,2\n")
    }
}
