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
        // `1.2345,6` on line 5 does not group by threes, so the thousands
        // separator is not sniffed (CSVSniffedThousands) and the column stays text.
        let h = try Self.harness("d.csv", "Naam;Oppervlak (m²)\nA;12,5\nB;15.000,5\nC;3,25\nD;1.2345,6\n")
        #expect(
            h.run("load \"d.csv\" as d").stderr == """
                d: 4 rows × 2 columns (';'; Oppervlak (m²): text, because of '15.000,5' on line 3 — thousands separator? try thousands=".")

                """)
        #expect(h.csv("d | select `Oppervlak (m²)`") == "Oppervlak (m²)\n\"12,5\"\n\"15.000,5\"\n\"3,25\"\n\"1.2345,6\"\n")
    }

    @Test func aMarkerInADateColumn() throws {
        let h = try Self.harness("d.csv", "datum,n\n2024-01-05,1\nn.v.t.,2\n2024-02-01,3\n")
        #expect(
            h.run("load \"d.csv\" as d").stderr == """
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
        #expect(
            h.run("load \"d.csv\" skip=1 as d").stderr == """
                d: 3 rows × 2 columns (',', skipped 1 line (skip=1); a: text, because of '?' on line 4 — a marker for missing? try null="?")

                """)
    }

    @Test func theOtherDecimalSeparator() throws {
        // v has decimal commas, so the file does; w holds "2.5" on line 3.
        let h = try Self.harness("d.csv", "k;v;w\nA;1,5;1,5\nB;2,5;2.5\nC;3;4\n")
        #expect(
            h.run("load \"d.csv\" as d").stderr == """
                d: 3 rows × 3 columns (';', decimal ','; w: text, because of '2.5' on line 3 — \
                a decimal point in a file with decimal commas? try decimal="." if the file uses points)

                """)
        // Quoted decimal commas in a comma-delimited file.
        let g = try Self.harness("e.csv", "a,b\nx,\"1,5\"\ny,\"2,5\"\n")
        #expect(
            g.run("load \"e.csv\" as e").stderr == """
                e: 2 rows × 2 columns (','; b: text, because of '1,5' on line 2 — a decimal comma? try decimal=",")

                """)
        #expect(g.csv("load \"e.csv\" decimal=\",\" | describe | select column, type") == "column,type\na,string\nb,float\n")
    }

    @Test func cbsSecretMarkerIsNullLikeTheDot() throws {
        let h = try Self.harness("d.csv", "Gemeente;Bevolking;Code\nDelft;52,3;x\nLeiden;x;y\nGouda;.;z\n")
        #expect(
            h.run("load \"d.csv\" as d").stderr == """
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
        #expect(
            h.run("load \"big.csv\" as d").stderr == """
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
        #expect(
            g.run("load \"e.csv\" as e").stderr
                == "e: 3 rows × 2 columns (','; a: text, because of 'a' on line 3 — a marker for missing? try null=\"a\")\n")
    }

    @Test func jsonNumberWrittenAsAString() throws {
        let h = try Self.harness("r.json", #"[{"n": 1}, {"n": 2}, {"n": "110"}, {"n": 4}]"#)
        #expect(
            h.run("load \"r.json\" as r").stderr == """
                r: 4 rows × 1 column (JSON; n: text, because of "110" in record 3 — a number written as a string in the file)

                """)
        // Mostly strings: a text column, nothing to say.
        let g = try Self.harness("s.json", #"[{"s": "a"}, {"s": "b"}, {"s": 1}]"#)
        #expect(g.run("load \"s.json\" as s").stderr == "s: 3 rows × 1 column (JSON)\n")
    }

    @Test func jsonLinesAreNamedAsSuch() throws {
        let h = try Self.harness("r.jsonl", "{\"a\": 1}\n{\"a\": 2}\n")
        #expect(h.run("load \"r.jsonl\" as r").stderr == "r: 2 rows × 1 column (JSON lines)\n")
        // Found from the content too.
        let g = try Self.harness("r.json", "{\"a\": 1}\n{\"a\": true}\n{\"a\": false}\n")
        #expect(g.run("load \"r.json\" as r").stderr == "r: 3 rows × 1 column (JSON lines; a: text, because of 1 in record 1)\n")
    }

    @Test func thousandsOption() throws {
        let h = try Self.harness("d.csv", "Naam;Oppervlak (m²)\nA;12,5\nB;15.000,5\nC;3.500\nD;-1.234.567\n")
        #expect(h.run("load \"d.csv\" thousands=\".\" as d").stderr == "d: 4 rows × 2 columns (';', decimal ',', thousands '.')\n")
        #expect(h.csv("d | select `Oppervlak (m²)`") == "Oppervlak (m²)\n12.5\n15000.5\n3500.0\n-1234567.0\n")
        // Whole numbers only: an int column.
        let g = try Self.harness("e.csv", "k;n\nA;3.500\nB;12\nC;1.000.000\n")
        #expect(g.csv("load \"e.csv\" thousands=\".\" | describe | select column, type") == "column,type\nk,string\nn,int\n")
        #expect(g.csv("load \"e.csv\" thousands=\".\" | select n") == "n\n3500\n12\n1000000\n")
        // A comma for thousands: the decimal separator is the point.
        let f = try Self.harness("f.csv", "k;v\nx;1,234.56\ny;10\n")
        #expect(f.csv("load \"f.csv\" thousands=\",\" | select v") == "v\n1234.56\n10.0\n")
        // Badly grouped: text, and said so; a forced type names the value.
        let b = try Self.harness("b.csv", "k;v\nx;1.5\ny;1.000\nz;2\n")
        #expect(
            b.run("load \"b.csv\" thousands=\".\" as b").stderr == """
                b: 3 rows × 2 columns (';', decimal ',', thousands '.'; v: text, because of '1.5' on line 2 — \
                a decimal point in a file with decimal commas? try decimal="." if the file uses points)

                """)
        #expect(b.error("load \"b.csv\" thousands=\".\" types=\"v:float\"").contains("\"1.5\" is not a valid float"))
        #expect(b.error("load \"b.csv\" thousands=\".\" decimal=\".\"").contains("must differ from the decimal separator"))
    }

    @Test func aValueOverSeveralLinesStaysOnOneLine() throws {
        // csv-spectrum's newlines.csv: the quoted value holds a line end.
        let h = try Self.harness("d.csv", "a,b\n1,2\n\"Once upon \na time\",5\n7,8\n")
        #expect(h.run("load \"d.csv\" as d").stderr == "d: 3 rows × 2 columns (','; a: text, because of 'Once upon \\na time' on line 3)\n")
    }

    static func latin1(_ s: String) -> [UInt8] { s.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) } }

    static func harness(_ name: String, bytes: [UInt8]) throws -> Harness {
        let dir = NSTemporaryDirectory() + "wb-fallback-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: dir + "/" + name, contents: Data(bytes))
        return Harness(baseDirectory: dir)
    }

    @Test func cbsHeaderOfYears() throws {
        // A CBS StatLine export: Windows-1252, ';', decimal commas, two title
        // lines, years as column names, "." and "x", a footnote.
        let text =
            "Regionale kerncijfers Nederland\r\nBevolkingsdichtheid (inwoners per km²)\r\n"
            + "Gemeenten;2019;2020;2021\r\nDelft;52,3;51,8;.\r\nLeiden;47,1;x;48,0\r\nGouda;39,9;40,2;40,6\r\n"
            + "Súdwest-Fryslân;12,5;12,6;12,7\r\nZeist;30,1;30,4;x\r\nBron: CBS\r\n"
        let h = try Self.harness("c.csv", bytes: Self.latin1(text))
        #expect(
            h.run("load \"c.csv\" as c").stderr == """
                c: 5 rows × 4 columns (';', decimal ',', Windows-1252, skipped 2 title lines and 1 footnote line, \
                "." and "x" read as null in 2 columns)

                """)
        #expect(
            h.csv("c") == """
                Gemeenten,2019,2020,2021
                Delft,52.3,51.8,
                Leiden,47.1,,48.0
                Gouda,39.9,40.2,40.6
                Súdwest-Fryslân,12.5,12.6,12.7
                Zeist,30.1,30.4,

                """)
    }

    @Test func yearsOverCountsAndYearsOverYears() throws {
        let h = try Self.harness("c.csv", "Gemeente;2019;2020\nDelft;104000;105000\nLeiden;125000;126000\n")
        #expect(h.csv("load \"c.csv\" | describe | select column, type") == "column,type\nGemeente,string\n2019,int\n2020,int\n")
        // Years below years: no header, as before.
        let g = try Self.harness("d.csv", "Delft;1990;2005\nLeiden;1985;1999\n")
        #expect(g.run("load \"d.csv\" as d").stderr == "d: 2 rows × 3 columns (';', no header)\n")
        // One number over decimals is not enough (a year needs a sibling).
        let f = try Self.harness("e.csv", "a;1990\nb;2,5\nc;3,5\n")
        #expect(f.run("load \"e.csv\" as e").stderr == "e: 3 rows × 2 columns (';', decimal ',', no header)\n")
    }

    @Test func dutchDates() throws {
        // Day first: 31-01-2024 has a day above 12, so the order is certain.
        let h = try Self.harness("d.csv", "datum;n\n05-01-2024;1\n31-01-2024;2\n;3\n")
        #expect(h.run("load \"d.csv\" as d").stderr == "d: 3 rows × 2 columns (';'; datum: dates d-m-yyyy)\n")
        #expect(h.csv("d") == "datum,n\n2024-01-05,1\n2024-01-31,2\n,3\n")
        // Every value reads both ways: day first, and said so.
        let g = try Self.harness("e.csv", "datum,n\n5/1/2024,1\n06/02/2024,2\n")
        #expect(
            g.run("load \"e.csv\" as e").stderr == """
                e: 2 rows × 2 columns (','; datum: dates d/m/yyyy (day first chosen; every value also reads month first))

                """)
        #expect(g.csv("e") == "datum,n\n2024-01-05,1\n2024-02-06,2\n")
        // Month first when day first cannot be.
        let m = try Self.harness("m.csv", "datum,n\n01/31/2024,1\n02/05/2024,2\n")
        #expect(m.csv("load \"m.csv\" | select datum") == "datum\n2024-01-31\n2024-02-05\n")
        // Not a real date: text, nothing guessed.
        let x = try Self.harness("x.csv", "datum,n\n31-02-2024,1\n01-01-2024,2\n")
        #expect(x.csv("load \"x.csv\" | describe | select column, type") == "column,type\ndatum,string\nn,int\n")
    }

    @Test func forcedDatesAndDateformat() throws {
        let h = try Self.harness("d.csv", "datum;n\n05-01-2024;1\n31-01-2024;2\n")
        #expect(h.csv("load \"d.csv\" types=\"datum:date\" | select datum") == "datum\n2024-01-05\n2024-01-31\n")
        let g = try Self.harness("e.csv", "datum,n\n20240105,1\n20240131,2\n")
        #expect(
            g.csv("load \"e.csv\" types=\"datum:date\" dateformat=\"yyyymmdd\" | select datum")
                == "datum\n2024-01-05\n2024-01-31\n")
        // dateformat decides the order of an ambiguous column: month first.
        let m = try Self.harness("m.csv", "datum,n\n01-02-2024,1\n03-04-2024,2\n")
        #expect(m.run("load \"m.csv\" dateformat=\"mm-dd-yyyy\" as m").stderr == "m: 2 rows × 2 columns (','; datum: dates mm-dd-yyyy)\n")
        #expect(m.csv("m | select datum") == "datum\n2024-01-02\n2024-03-04\n")
        #expect(m.error("load \"m.csv\" types=\"datum:date\" dateformat=\"yyyy-mm-dd\"").contains("\"01-02-2024\" is not a valid date"))
        #expect(m.error("load \"m.csv\" dateformat=\"dd-mm\"").contains("dateformat must name a year, a month and a day"))
    }
}
