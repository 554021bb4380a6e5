import Foundation
import Testing
@testable import WerkbankReaders

/// A load never turns a column into text silently: the load message names
/// the column, the first value that made it text, its line and a hint.
/// Expected lines and values are counted by hand from the bytes below.
@Suite struct TextFallbackFormatTests {
    static func harness(_ name: String, _ text: String) throws -> Harness {
        let dir = NSTemporaryDirectory() + "wb-fallback-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: dir + "/" + name, contents: Data(text.utf8))
        return Harness(baseDirectory: dir)
    }

    @Test func thousandsSeparatorIsNamedWithItsLine() throws {
        let h = try Self.harness("d.csv", "Naam;Oppervlak (m²)\nA;12,5\nB;15.000,5\nC;3,25\n")
        #expect(h.run("load \"d.csv\" as d").stderr == """
            d: 3 rows × 2 columns (';'; Oppervlak (m²): text, because of '15.000,5' on line 3 — \
            thousands separator? numbers with one are read as text; convert with replace() and float())

            """)
        #expect(h.csv("d | select `Oppervlak (m²)`") == "Oppervlak (m²)\n\"12,5\"\n\"15.000,5\"\n\"3,25\"\n")
    }

    @Test func aMarkerInADateColumn() throws {
        let h = try Self.harness("d.csv", "datum,n\n2024-01-05,1\nn.v.t.,2\n2024-02-01,3\n")
        #expect(h.run("load \"d.csv\" as d").stderr == """
            d: 3 rows × 2 columns (','; datum: text, because of 'n.v.t.' on line 3 — a marker for missing? try null="n.v.t.")

            """)
        // With the marker named, the column is a date column and nothing is said.
        #expect(h.run("load \"d.csv\" null=\"n.v.t.\" as e").stderr == "e: 3 rows × 2 columns (',')\n")
        #expect(h.csv("e | describe | select column, type, nulls") == "column,type,nulls\ndatum,date,1\nn,int,0\n")
    }

    @Test func mostlyTextAndCodesAreNotReported() throws {
        // One number among names: a text column. Leading-zero codes: text on purpose.
        let h = try Self.harness("d.csv", "naam,code,n\nAmsterdam,0599,1\n2020,1234,2\nDelft,0363,3\n")
        #expect(h.run("load \"d.csv\" as d").stderr == "d: 3 rows × 3 columns (',')\n")
    }

    @Test func linesCountFromTheTopOfTheFile() throws {
        // skip=1: the header is line 2, "?" stands on line 4.
        let h = try Self.harness("d.csv", "export 2024\na,b\n1,2\n?,3\n4,5\n")
        #expect(h.run("load \"d.csv\" skip=1 as d").stderr == """
            d: 3 rows × 2 columns (',', skipped 1 line (skip=1); a: text, because of '?' on line 4 — a marker for missing? try null="?")

            """)
    }

    @Test func theOtherDecimalSeparator() throws {
        // v has decimal commas, so the file does; w holds "2.5" on line 3.
        let h = try Self.harness("d.csv", "k;v;w\nA;1,5;1,5\nB;2,5;2.5\nC;3;4\n")
        #expect(h.run("load \"d.csv\" as d").stderr == """
            d: 3 rows × 3 columns (';', decimal ','; w: text, because of '2.5' on line 3 — \
            a decimal point in a file with decimal commas? try decimal="." if the file uses points)

            """)
        // Quoted decimal commas in a comma-delimited file.
        let g = try Self.harness("e.csv", "a,b\nx,\"1,5\"\ny,\"2,5\"\n")
        #expect(g.run("load \"e.csv\" as e").stderr == """
            e: 2 rows × 2 columns (','; b: text, because of '1,5' on line 2 — a decimal comma? try decimal=",")

            """)
        #expect(g.csv("load \"e.csv\" decimal=\",\" | describe | select column, type") == "column,type\na,string\nb,float\n")
    }

    @Test func cbsSecretMarkerIsNullLikeTheDot() throws {
        let h = try Self.harness("d.csv", "Gemeente;Bevolking;Code\nDelft;52,3;x\nLeiden;x;y\nGouda;.;z\n")
        #expect(h.run("load \"d.csv\" as d").stderr == """
            d: 3 rows × 3 columns (';', decimal ',', "." and "x" read as null in 1 column)

            """)
        // "x" among text stays text.
        #expect(h.csv("d") == "Gemeente,Bevolking,Code\nDelft,52.3,x\nLeiden,,y\nGouda,,z\n")
        let g = try Self.harness("e.csv", "a;b\nA;1\nB;x\n")
        #expect(g.run("load \"e.csv\" as e").stderr == "e: 2 rows × 2 columns (';', \"x\" read as null in 1 column)\n")
        #expect(g.csv("e | describe | select column, type, nulls") == "column,type,nulls\na,string,0\nb,int,1\n")
    }

    @Test func theRuleHeldOnLargeFilesAcrossChunks() throws {
        // 200,000 numbers, then one text on the last line: found past the first chunk.
        var text = "id,v\n"
        for i in 0..<200_000 { text += "\(i),\(i % 97)\n" }
        text += "200000,n/a\n"
        let h = try Self.harness("big.csv", text)
        #expect(h.run("load \"big.csv\" as d").stderr == """
            d: 200,001 rows × 2 columns (','; v: text, because of 'n/a' on line 200002 — a marker for missing? try null="n/a")

            """)
    }

    @Test func repeatedHeaderLinesAreSkippedAndCounted() throws {
        // Two exports joined end to end (the second with CRLF line ends).
        let text = "Gemeente;Inwoners;Opp\nDelft;104000;24,1\nLeiden;125000;23,3\nGemeente;Inwoners;Opp\r\nGouda;74000;18,1\r\n"
        let h = try Self.harness("d.csv", text)
        #expect(h.run("load \"d.csv\" as d").stderr == "d: 3 rows × 3 columns (';', decimal ',', skipped 1 repeated header line)\n")
        #expect(h.csv("d") == "Gemeente,Inwoners,Opp\nDelft,104000,24.1\nLeiden,125000,23.3\nGouda,74000,18.1\n")
        // A header text among values that is not a whole line stays a value.
        let g = try Self.harness("e.csv", "a,b\n1,2\na,3\n4,5\n")
        #expect(g.run("load \"e.csv\" as e").stderr == "e: 3 rows × 2 columns (','; a: text, because of 'a' on line 3 — a marker for missing? try null=\"a\")\n")
    }
}
