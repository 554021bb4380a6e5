import Foundation
import Testing
import WerkbankEngine
@testable import WerkbankRender

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Maps: the 342 municipalities of 2023 (../shared/data/maps, read in place)
/// joined to CBS's list of municipalities (../shared/data/cbs), drawn as SVG
/// and in the terminal; and the pieces — projection, simplification, classes.
@Suite struct MapRenderTests {
    static let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data").path
    static let maps = shared + "/maps/gemeente_2023.geojson"
    static let cbs = shared + "/cbs/cbs_gemeenten_alfabetisch_2023.csv"

    func harness() -> Harness {
        let h = Harness(format: .table)
        _ = h.run("load \"\(Self.maps)\" as kaart; load \"\(Self.cbs)\" as gem")
        return h
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: maps), "../shared/data/maps is not there"))
    func allMunicipalitiesJoinAndDraw() throws {
        let h = harness()
        // PROVENANCE.txt: 342 features, 342 codes, all 342 match the CBS list.
        #expect(h.run("kaart | join gem on statcode = GemeentecodeGM | count").stdout.contains("│   342 │"))
        let dir = NSTemporaryDirectory() + "wb-map-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = h.run("kaart | join gem on statcode = GemeentecodeGM | chart map geometry Provinciecode classes=4 | save \"\(dir)/nl.svg\"")
        #expect(!out.failed, "\(out.stderr)")
        let svg = try String(contentsOfFile: dir + "/nl.svg", encoding: .utf8)
        #expect(svg.utf8.count < 500_000, "the whole country stays small: \(svg.utf8.count) bytes")
        #expect(svg.components(separatedBy: "<path d=\"M").count - 1 == 342, "one path a municipality")
        #expect(XMLParser(data: Data(svg.utf8)).parse())
        #expect(
            svg.contains("<title>Provinciecode by area</title>")
                && svg.contains("<desc>Map of 342 areas, coloured by Provinciecode in 4 classes.</desc>"))
        // The legend: four classes of the provinces' codes (20 to 31), by quantiles.
        let legend = svg.components(separatedBy: "\n").filter { $0.contains("font-size=\"11\">") && $0.contains("–") }
        #expect(legend.count == 4, "\(legend)")
        // Same input, same bytes.
        _ = h.run("kaart | join gem on statcode = GemeentecodeGM | chart map geometry Provinciecode classes=4 | save \"\(dir)/again.svg\"")
        #expect(try String(contentsOfFile: dir + "/again.svg", encoding: .utf8) == svg)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: maps), "../shared/data/maps is not there"))
    func terminalMapFitsAProjector() {
        let h = harness()
        h.session.settings.width = 100
        let out = h.run("kaart | join gem on statcode = GemeentecodeGM | chart map geometry Provinciecode classes=4").stdout
        let lines = out.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count <= 30, "a 100 × 30 terminal: \(lines.count) lines")
        for line in lines {
            #expect(TerminalWidth.of(String(line)) <= 100)
            #expect(!line.hasSuffix(" "))
        }
        #expect(out.contains("██ > "), "the darkest class in the legend")
        // Outlines only, without a value: braille outlines, no legend.
        let outlines = h.run("kaart | chart map geometry").stdout
        #expect(!outlines.contains("classes"))
        #expect(outlines.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) }, "braille outlines:\n\(outlines)")
        #expect(!outlines.contains("\u{2800}"))
        // The RD New file draws the same country.
        let rd = h.run("load \"\(Self.shared)/maps/gemeenten_2023_rd_hilbrand.geojson\" | chart map geometry")
        #expect(!rd.failed, "\(rd.stderr)")
    }

    @Test func quantileClasses() throws {
        // Ten values in five classes: two in each; upper bounds at the 20th, 40th… percentile (nearest rank).
        let b = try #require(ClassBreaks((1...10).map(Double.init), classes: 5))
        #expect(b.upper == [2, 4, 6, 8, 10])
        #expect(b.index(1) == 0 && b.index(2) == 0 && b.index(3) == 1 && b.index(10) == 4)
        #expect(b.label(0) == "1 – 2" && b.label(1) == "> 2 – 4")
        // Repeated values never make an empty class.
        let same = try #require(ClassBreaks([5, 5, 5, 5], classes: 3))
        #expect(same.upper == [5])
    }

    @Test func simplificationKeepsTheShape() {
        // A square with points every 0.1 along its sides: corners stay, the rest goes.
        var ring: [(x: Double, y: Double)] = []
        for i in 0..<10 { ring.append((Double(i) / 10, 0)) }
        for i in 0..<10 { ring.append((1, Double(i) / 10)) }
        for i in 0..<10 { ring.append((1 - Double(i) / 10, 1)) }
        for i in 0...10 { ring.append((0, 1 - Double(i) / 10)) }
        let simple = Simplify.douglasPeucker(ring, tolerance: 0.01)
        for corner in [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)] {
            #expect(simple.contains { $0.x == corner.0 && $0.y == corner.1 }, "corner \(corner)")
        }
        #expect(simple.count <= 7)
    }

    @Test func mercatorKeepsTheAspect() {
        // A square degree at the equator is drawn square; at 52° N it is taller than wide (1/cos 52° ≈ 1.62).
        let box = MapProjection(bounds: (0, 51.5, 1, 52.5), width: 1000, height: 1000)
        #expect(abs(box.height / box.width - 1 / cos(52 * Double.pi / 180)) < 0.01)
    }

    @Test func pointInPolygonWithAHole() {
        let outer = [(x: 0.0, y: 0.0), (10, 0), (10, 10), (0, 10)]
        let hole = [(x: 4.0, y: 4.0), (6, 4), (6, 6), (4, 6)]
        #expect(MapChart.contains([outer, hole], 2, 2))
        #expect(!MapChart.contains([outer, hole], 5, 5))
        #expect(!MapChart.contains([outer, hole], 11, 5))
    }
}
