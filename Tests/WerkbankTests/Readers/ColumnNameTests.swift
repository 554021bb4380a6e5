import Foundation
import Testing
@testable import WerkbankEngine
@testable import WerkbankReaders

/// One rule for column names in every format (docs/language.md, Decisions):
/// an empty name is `column_N`; a name written once keeps its text; a repeat
/// gets the smallest `_2`, `_3`, … that no column of the header is written
/// with and no earlier column got. The expected names are worked out by hand
/// from that rule.
@Suite struct ColumnNameTests {
    /// Header `a, a, a_2, (empty), b, a, column_4`: the second `a` skips `a_2`
    /// (written later) and is `a_3`; the empty fourth is `column_4`, so the
    /// column written `column_4` is a repeat and gets `column_4_2`; the last
    /// `a` takes the next free suffix, `a_4`.
    static let header = ["a", "a", "a_2", "", "b", "a", "column_4"]
    static let expected = ["a", "a_3", "a_2", "column_4", "b", "a_4", "column_4_2"]

    @Test func ruleByHand() {
        #expect(ColumnNames.unique(Self.header) == Self.expected)
        #expect(ColumnNames.unique(["x", "x", "x"]) == ["x", "x_2", "x_3"])
        // Names compare by bytes: `A` and `a` are two names.
        #expect(ColumnNames.unique(["A", "a"]) == ["A", "a"])
        // A name written once is never renamed, even when it looks like a suffix.
        #expect(ColumnNames.unique(["a_2", "a", "a"]) == ["a_2", "a", "a_3"])
        #expect(ColumnNames.generated(3) == ["column_1", "column_2", "column_3"])
    }

    @Test func namerNeverRepeatsAName() {
        var namer = ColumnNames.Namer(taken: ["id", "lon", "lon_2"])
        #expect(namer.isTaken("id"))
        #expect(namer.claim("lon") == "lon_3")
        #expect(namer.claim("lon") == "lon_4")
        #expect(namer.claim("lat") == "lat")
        #expect(namer.claim("lat") == "lat_2")
    }

    @Test func csvHeader() throws {
        let text = Self.header.joined(separator: ",") + "\n" + (1...7).map(String.init).joined(separator: ",") + "\n"
        let (t, _) = try CSVReader.read(.bytes(Array(text.utf8), name: "h.csv"), options: CSVOptions(), cancel: .never)
        #expect(t.names == Self.expected)
        #expect(t.column("a_3")?.value(at: 0) == .int(2))
        #expect(t.column("a_2")?.value(at: 0) == .int(3))
    }

    @Test func xlsxHeader() throws {
        let dir = NSTemporaryDirectory() + "wb-names-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let letters = ["A", "B", "C", "D", "E", "F", "G"]
        // The empty fourth header cell is left out of the row; its column has a value.
        let names = zip(letters, Self.header).filter { !$0.1.isEmpty }.map { l, n in
            "<c r=\"\(l)1\" t=\"inlineStr\"><is><t>\(n)</t></is></c>"
        }.joined()
        let values = letters.enumerated().map { i, l in "<c r=\"\(l)2\"><v>\(i + 1)</v></c>" }.joined()
        let rows = "<sheetData><row r=\"1\">\(names)</row><row r=\"2\">\(values)</row></sheetData>"
        try XLSXFixture.write(dir + "/h.xlsx", sheets: [.init(name: "S", xml: rows)], shared: [])
        let (t, _) = try XLSXReader.read(.file(path: dir + "/h.xlsx"), options: XLSXOptions(), cancel: .never)
        #expect(t.names == Self.expected)
        #expect(t.column("a_3")?.value(at: 0) == .int(2))
    }

    @Test func geoJSONAddedColumns() throws {
        // Properties `id`, `lon`, `lon_2` keep their names; the feature id is
        // `feature_id` (a property is called `id`), the centroid `lon_3`.
        let json = """
            {"type":"FeatureCollection","features":[{"type":"Feature","id":7,"properties":{"id":"p","lon":"oost","lon_2":1},
             "geometry":{"coordinates":[5,52],"type":"Point"}}]}
            """
        let (t, _) = try GeoJSONReader.read(.bytes(Array(json.utf8), name: "f.geojson"), columns: nil, cancel: .never)
        #expect(t.names == ["id", "lon", "lon_2", "feature_id", "geometry_type", "lon_3", "lat", "min_lon", "min_lat", "max_lon", "max_lat", "geometry"])
        #expect(t.column("lon_3")?.value(at: 0) == .float(5))
        #expect(t.column("feature_id")?.value(at: 0) == .int(7))
    }
}
