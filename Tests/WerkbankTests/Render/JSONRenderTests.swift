import Foundation
import Testing
@testable import WerkbankRender
import WerkbankEngine

@Suite struct JSONRenderTests {
    @Test func goldenJSON() {
        #expect(
            JSONWriter.render(RenderFixture.mixed, lines: false) == """
                [
                  {"id": 1, "name": "Keilepand", "rate": 2.5, "ok": true, "when": "2024-05-01"},
                  {"id": 2, "name": null, "rate": null, "ok": null, "when": null},
                  {"id": -30, "name": "Zeeuws \\"meisje\\", b|c\\nd", "rate": 1234567.891, "ok": false, "when": "1969-12-31"}
                ]

                """)
    }

    @Test func goldenJSONL() {
        #expect(
            JSONWriter.render(RenderFixture.mixed, lines: true) == """
                {"id": 1, "name": "Keilepand", "rate": 2.5, "ok": true, "when": "2024-05-01"}
                {"id": 2, "name": null, "rate": null, "ok": null, "when": null}
                {"id": -30, "name": "Zeeuws \\"meisje\\", b|c\\nd", "rate": 1234567.891, "ok": false, "when": "1969-12-31"}

                """)
    }

    @Test func specExample() {
        let t = Table([
            ("id", Column(.int([1]))),
            ("name", RenderFixture.strings(["Keilepand"])),
            ("rate", Column(.float([2.5]))),
            ("ok", Column(.bool([true]))),
            ("when", Column(.date([RenderFixture.date("2024-05-01")]))),
            ("x", Column.nulls(.int, count: 1)),
        ])
        #expect(
            JSONWriter.render(t, lines: false) == """
                [
                  {"id": 1, "name": "Keilepand", "rate": 2.5, "ok": true, "when": "2024-05-01", "x": null}
                ]

                """)
    }

    @Test func escapingParsesBack() throws {
        let nasty = "q\" b\\ n\n t\t r\r b\u{8} f\u{C} nul\u{0} esc\u{1B} us\u{1F} del\u{7F} é 東京 👩‍👩‍👧 \u{2028}"
        let t = Table([
            ("k\"ey\n", RenderFixture.strings([nasty, nil])),
            ("x", Column(.float([.nan, -.infinity]))),
            ("y", Column(.float([0.1, 1e-05]))),
        ])
        let out = JSONWriter.render(t, lines: false)
        #expect(out.contains(#""k\"ey\n": "q\" b\\ n\n t\t r\r b\b f\f nul\u0000 esc\u001b us\u001f del"#))
        let parsed = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[String: Any]]
        let rows = try #require(parsed)
        #expect(rows.count == 2)
        #expect(rows[0]["k\"ey\n"] as? String == nasty)
        #expect(rows[1]["k\"ey\n"] is NSNull)
        #expect(rows[0]["x"] is NSNull)
        #expect(rows[1]["x"] is NSNull)
        #expect((rows[0]["y"] as? NSNumber)?.doubleValue == 0.1)
        #expect((rows[1]["y"] as? NSNumber)?.doubleValue == 1e-05)

        for line in JSONWriter.render(t, lines: true).split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            #expect(object is [String: Any])
        }
    }

    @Test func everyTypeParsesBack() throws {
        let out = JSONWriter.render(RenderFixture.mixed, lines: false)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[String: Any]])
        #expect(rows.count == 3)
        #expect((rows[0]["id"] as? NSNumber)?.int64Value == 1)
        #expect(rows[2]["name"] as? String == "Zeeuws \"meisje\", b|c\nd")
        #expect(rows[0]["when"] as? String == "2024-05-01")
        #expect((rows[0]["ok"] as? NSNumber)?.boolValue == true)
    }

    @Test func zeroRowsAndColumns() {
        let none = Table([("a", Column(.int([])))])
        #expect(JSONWriter.render(none, lines: false) == "[]\n")
        #expect(JSONWriter.render(none, lines: true) == "")
        let noColumns = Table(fields: [], columns: [], rowCount: 2)
        #expect(JSONWriter.render(noColumns, lines: false) == "[\n  {},\n  {}\n]\n")
        #expect(JSONWriter.render(noColumns, lines: true) == "{}\n{}\n")
    }

    @Test func bytesMatchTheString() {
        #expect(JSONWriter.bytes(RenderFixture.mixed, lines: true) == Array(JSONWriter.render(RenderFixture.mixed, lines: true).utf8))
    }
}
