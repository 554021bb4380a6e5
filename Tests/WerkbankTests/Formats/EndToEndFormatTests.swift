import Foundation
import Testing
import WerkbankLanguage

/// The done-when of the formats issue: a newcomer loads an xlsx, a PDOK
/// GeoJSON and a CBS export, each without options, and joins them on the
/// municipality code.
@Suite struct EndToEndFormatTests {
    @Test func xlsxGeoJSONAndCBSJoinOnTheMunicipality() throws {
        let dir = NSTemporaryDirectory() + "wb-e2e-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for name in ["pdok_gemeenten.geojson", "cbs_kerncijfers.csv"] {
            try FileManager.default.copyItem(atPath: GeoJSONFormatTests.fixtures + "/" + name, toPath: dir + "/" + name)
        }
        try XLSXFixture.gemeenten(dir + "/gemeenten.xlsx")
        let h = Harness(baseDirectory: dir)
        let loads = h.run("""
            load "gemeenten.xlsx" as ibis
            load "pdok_gemeenten.geojson" as kaart
            load "cbs_kerncijfers.csv" as cbs
            """)
        #expect(!loads.failed, "\(loads.stderr)")
        #expect(loads.stderr == """
            ibis: 4 rows × 6 columns (sheet "Gemeenten" (other sheets: "Toelichting"))
            kaart: 4 rows × 15 columns (GeoJSON, 1 feature without geometry)
            cbs: 4 rows × 6 columns (';', decimal ',', Windows-1252, skipped 1 title line and 3 footnote lines, "." read as null in 1 column)

            """)
        let joined = h.csv("""
            ibis
              | join kaart on Gemeentecode = statcode
              | join cbs on Gemeentecode
              | derive lon = round(lon, 3), lat = round(lat, 3), inkomen = `Inkomen per inwoner (x 1 000 euro)`
              | select Gemeentecode, Gemeente, Inwoners, `Bevolking (aantal)`, geometry_type, lon, lat, inkomen
              | sort Gemeentecode
            """)
        #expect(joined == """
            Gemeentecode,Gemeente,Inwoners,Bevolking (aantal),geometry_type,lon,lat,inkomen
            GM0014,Groningen,238147,243768,Point,6.567,53.219,
            GM0363,Amsterdam,918117,931298,MultiPolygon,4.93,52.365,37.8
            GM0599,Rotterdam,655468,664311,Polygon,4.501,51.9,29.4
            GM1900,Súdwest-Fryslân,91000,91942,,,,28.1

            """)
        // The names agree across the three sources too (unicode included).
        #expect(h.csv("ibis | join cbs on Gemeente = `Regio's` | count") == "count\n4\n")
        #expect(h.csv("kaart | join cbs on statnaam = `Regio's` | count") == "count\n4\n")
    }
}
