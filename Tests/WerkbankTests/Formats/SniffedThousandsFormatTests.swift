import Foundation
import Testing
@testable import WerkbankReaders

/// Thousands separators found without `thousands=` (`CSVSniffedThousands`),
/// and nested JSON objects flattened one level. Expected values are worked
/// out by hand from the bytes below.
@Suite struct SniffedThousandsFormatTests {
    static func harness(_ name: String, _ text: String) throws -> Harness {
        let dir = NSTemporaryDirectory() + "wb-thousands-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: dir + "/" + name, contents: Data(text.utf8))
        return Harness(baseDirectory: dir)
    }

    @Test func dotThousandsWithTheFilesDecimalComma() throws {
        // 12,3 makes the decimal comma; 15.000,5 and 3.500 then group by threes.
        let h = try Self.harness("d.csv", "Naam;Oppervlak (m²);Dichtheid\nA;15.000,5;12,3\nB;3.500;4,5\nC;120;1\n")
        #expect(
            h.run("load \"d.csv\" as d").stderr == "d: 3 rows × 3 columns (';', decimal ',', thousands '.' in Oppervlak (m²))\n")
        #expect(h.csv("d | select `Oppervlak (m²)`") == "Oppervlak (m²)\n15000.5\n3500.0\n120.0\n")
    }

    @Test func aDotBeforeACommaMakesTheDecimalComma() throws {
        // No other column says which separator is decimal: 1.234,56 does.
        let h = try Self.harness("d.csv", "Naam;Opp\nA;1.234,56\nB;3.500\nC;10,\n")
        #expect(h.run("load \"d.csv\" as d").stderr == "d: 3 rows × 2 columns (';', decimal ',', thousands '.' in Opp)\n")
        #expect(h.csv("d | select Opp") == "Opp\n1234.56\n3500.0\n10.0\n")
    }

    @Test func theFileIsReadAgainWhenItsFloatsTookTheDecimalPoint() throws {
        // 1.000 and 3.500 first read as the floats 1.0 and 3.5; 15.000,5 shows
        // the decimal comma, so they are 1000 and 3500 (whole: an int column).
        let h = try Self.harness("d.csv", "Naam;Opp;Inw\nA;12,5;1.000\nB;15.000,5;3.500\nC;3.500;12\n")
        #expect(h.run("load \"d.csv\" as d").stderr == "d: 3 rows × 3 columns (';', decimal ',', thousands '.' in Opp, Inw)\n")
        #expect(h.csv("d | select Opp, Inw") == "Opp,Inw\n12.5,1000\n15000.5,3500\n3500.0,12\n")
    }

    @Test func commaThousandsWithADecimalPoint() throws {
        let h = try Self.harness("d.csv", "a,b\nx,\"1,234.56\"\ny,\"12,000\"\nz,7\n")
        #expect(h.run("load \"d.csv\" as d").stderr == "d: 3 rows × 2 columns (',', thousands ',' in b)\n")
        #expect(h.csv("d | select b") == "b\n1234.56\n12000.0\n7.0\n")
        // Whole numbers only: an int column.
        let g = try Self.harness("e.csv", "a,b\nx,\"1,234\"\ny,\"12,000,000\"\n")
        #expect(g.csv("load \"e.csv\" | describe | select column, type") == "column,type\na,string\nb,int\n")
        #expect(g.csv("load \"e.csv\" | select b") == "b\n1234\n12000000\n")
    }

    @Test func aDotAloneInADecimalPointFileIsADecimalPoint() throws {
        // 3.500 is 3.5: nothing says the dot groups thousands.
        let h = try Self.harness("d.csv", "a;b\nx;3.500\ny;1.25\n")
        #expect(h.csv("load \"d.csv\" | select b") == "b\n3.5\n1.25\n")
        // Two dots in one value: the dot groups thousands, whole numbers only.
        let g = try Self.harness("e.csv", "a,b\nx,3.500\ny,1.234.567\n")
        #expect(g.run("load \"e.csv\" as e").stderr == "e: 2 rows × 2 columns (',', thousands '.' in b)\n")
        #expect(g.csv("e | select b") == "b\n3500\n1234567\n")
    }

    @Test func valuesThatDoNotGroupStayText() throws {
        // 1.23.456 groups 23 by two: not a number; the column stays text and is named.
        let h = try Self.harness("d.csv", "a;b\nx;1.234,5\ny;1.23.456\nz;2,5\n")
        let message = h.run("load \"d.csv\" as d").stderr
        #expect(message.contains("b: text, because of '1.234,5' on line 2"), "\(message)")
        // A code column keeps its leading zeros.
        let g = try Self.harness("e.csv", "a;b\nx;0.599\ny;1.234,5\n")
        #expect(g.csv("load \"e.csv\" | select b") == "b\n0.599\n\"1.234,5\"\n")
    }

    @Test func pandasThousandsSeparatorCases() throws {
        // pandas test_1000_sep_with_decimal: read with sep, thousands and decimal
        // given, pandas states B = [2334.01, 13], C = [5, 10.0].
        let h = try Self.harness("p.csv", "A|B|C\n1|2,334.01|5\n10|13|10.\n")
        #expect(h.csv("load \"p.csv\"") == "A,B,C\n1,2334.01,5.0\n10,13.0,10.0\n")
        let g = try Self.harness("q.csv", "A|B|C\n1|2.334,01|5\n10|13|10,\n")
        #expect(g.csv("load \"q.csv\"") == "A,B,C\n1,2334.01,5.0\n10,13.0,10.0\n")
    }

    @Test func nestedJSONObjectsBecomeParentChildColumns() throws {
        let h = try Self.harness(
            "n.json",
            #"[{"id": 1, "adres": {"straat": "Oude Delft", "nr": 3}}, {"id": 2, "adres": {"straat": "Markt", "nr": 10.5}}, {"id": 3, "adres": null}]"#
        )
        #expect(h.run("load \"n.json\" as n").stderr == "n: 3 rows × 3 columns (JSON)\n")
        #expect(h.csv("n | describe | select column, type") == "column,type\nid,int\nadres.straat,string\nadres.nr,float\n")
        #expect(h.csv("n | select `adres.nr`") == "adres.nr\n3.0\n10.5\n\n")
    }

    @Test func deeperObjectsAndArraysStayJSONTextWithAHint() throws {
        let h = try Self.harness(
            "n.jsonl", "{\"id\": 1, \"adres\": {\"geo\": {\"x\": 1}}, \"tags\": [\"a\", \"b\"]}\n{\"id\": 2, \"tags\": []}\n")
        #expect(
            h.run("load \"n.jsonl\" as n").stderr == """
                n: 2 rows × 3 columns (JSON lines; adres.geo, tags: arrays and nested objects kept as JSON text (one level of objects becomes parent.child columns) — search them with contains(`adres.geo`, "…") or matches())

                """)
        #expect(h.csv("n | select `adres.geo`, tags") == "adres.geo,tags\n\"{\"\"x\"\":1}\",\"[\"\"a\"\",\"\"b\"\"]\"\n,[]\n")
    }

    @Test func jsonLinesAreNamedSoInErrors() throws {
        let h = try Self.harness("b.jsonl", "{\"a\": 1}\n[1]\n")
        let message = h.run("load \"b.jsonl\" as b").stderr
        #expect(message.contains("line 2: expected an object (JSON lines hold one object per line), found '['"), "\(message)")
    }
}
