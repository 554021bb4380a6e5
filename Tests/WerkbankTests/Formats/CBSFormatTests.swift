import Foundation
import Testing
@testable import WerkbankEngine
@testable import WerkbankReaders
import WerkbankLanguage

/// CBS StatLine exports: title and footnote lines around a `;` table with
/// decimal commas and "." for unknown, in Windows-1252; read by sniffing alone.
@Suite struct CBSFormatTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/formats").path

    static func folder(_ files: [String: [UInt8]]) throws -> String {
        let dir = NSTemporaryDirectory() + "wb-cbs-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (name, bytes) in files { _ = FileManager.default.createFile(atPath: dir + "/" + name, contents: Data(bytes)) }
        return dir
    }

    static func latin1(_ s: String) -> [UInt8] { s.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) } }

    @Test func statLineExportWithoutOptions() {
        let h = Harness(baseDirectory: Self.fixtures)
        #expect(
            h.run("load \"cbs_kerncijfers.csv\" as cbs").stderr == """
                cbs: 4 rows × 6 columns (';', decimal ',', Windows-1252, skipped 1 title line and 3 footnote lines, "." read as null in 1 column)

                """)
        #expect(
            h.csv("cbs") == """
                Gemeentecode,Regio's,Perioden,Bevolking (aantal),Bevolkingsdichtheid (per km²),Inkomen per inwoner (x 1 000 euro)
                GM0599,Rotterdam,2024,664311,3179,29.4
                GM0363,Amsterdam,2024,931298,4245,37.8
                GM0014,Groningen,2024,243768,1313,
                GM1900,Súdwest-Fryslân,2024,91942,183,28.1

                """)
        #expect(
            h.csv("cbs | describe | select column, type, nulls") == """
                column,type,nulls
                Gemeentecode,string,0
                Regio's,string,0
                Perioden,int,0
                Bevolking (aantal),int,0
                Bevolkingsdichtheid (per km²),int,0
                Inkomen per inwoner (x 1 000 euro),float,1

                """)
    }

    @Test func skipOptionForWhatSniffingCannotTell() throws {
        // Two title lines that look like a table (same field count as the data).
        let text = "Tabel;1\nbron;CBS\nregio;n\nA;1\nB;2\n"
        let dir = try Self.folder(["t.csv": Array(text.utf8)])
        let h = Harness(baseDirectory: dir)
        #expect(h.run("load \"t.csv\" skip=2 as t").stderr == "t: 2 rows × 2 columns (';', skipped 2 lines (skip=2))\n")
        #expect(h.csv("t") == "regio,n\nA,1\nB,2\n")
        #expect(h.error("load \"t.csv\" skip=-1 as t").contains("skip must be a number of lines"))
    }

    @Test func paddedTitleAndFootnotes() throws {
        let text = "\"Kerncijfers\";;\n\"Regio\";\"Jaar\";\"Aantal\"\n\"Ede\";\"2024\";\"12\"\n\"Epe\";\"2024\";\"3\"\n;;\n\"Bron: CBS\";;\n"
        let dir = try Self.folder(["p.csv": Array(text.utf8)])
        let h = Harness(baseDirectory: dir)
        #expect(h.run("load \"p.csv\" as p").stderr == "p: 2 rows × 3 columns (';', skipped 1 title line and 2 footnote lines)\n")
        #expect(h.csv("p") == "Regio,Jaar,Aantal\nEde,2024,12\nEpe,2024,3\n")
    }

    @Test func lineNumbersCountTheTitle() throws {
        let text = "\"Titel\"\nregio;n\nA;1\nB;2\nC;x\n"
        let dir = try Self.folder(["e.csv": Array(text.utf8)])
        let h = Harness(baseDirectory: dir)
        let err = h.error("load \"e.csv\" types=\"n:int\" as e")
        #expect(err.contains("line 5"), "\(err)")
    }

    // MARK: Never silently changing a real value

    @Test func ordinaryFilesAreUntouched() throws {
        let cases: [(String, String)] = [
            ("a,b\n1,2\n3,4\n", "a,b\n1,2\n3,4\n"),
            // A last row that is a single value without letters is data, not a footnote.
            ("n\n1\n2\n", "n\n1\n2\n"),
            // A single-column file with words is not trimmed (no field count to go by).
            ("naam\nEde\nBron: CBS\n", "naam\nEde\nBron: CBS\n"),
        ]
        for (input, expected) in cases {
            let dir = try Self.folder(["x.csv": Array(input.utf8)])
            let h = Harness(baseDirectory: dir)
            #expect(h.csv("load \"x.csv\"") == expected)
        }
        // A short record in the middle stays an error, never a trimmed title.
        let dir = try Self.folder(["bad.csv": Array("a;b\n1;2\nx\n3;4\n".utf8)])
        #expect(Harness(baseDirectory: dir).error("load \"bad.csv\" as b").contains("line 3"))
        // A truncated last row with digits is an error, not a footnote.
        let dir2 = try Self.folder(["cut.csv": Array("a;b\n1;2\n3\n".utf8)])
        #expect(Harness(baseDirectory: dir2).error("load \"cut.csv\" as b").contains("line 3"))
    }

    @Test func dotIsNullOnlyInNumericColumns() throws {
        // v: numbers and "." → float with a null; code: "." among text stays text;
        // z: leading-zero codes and "." stay text.
        let text = "k;v;code;z\nA;1,5;.;0599\nB;.;x;.\nC;2;y;0363\n"
        let dir = try Self.folder(["d.csv": Array(text.utf8)])
        let h = Harness(baseDirectory: dir)
        #expect(h.run("load \"d.csv\" as d").stderr == "d: 3 rows × 4 columns (';', decimal ',', \".\" read as null in 1 column)\n")
        #expect(h.csv("d") == "k,v,code,z\nA,1.5,.,0599\nB,,x,.\nC,2.0,y,0363\n")
        // Forced types and an explicit null="." take precedence.
        #expect(h.csv("load \"d.csv\" types=\"v:string\" | select v") == "v\n\"1,5\"\n.\n2\n")
        #expect(h.csv("load \"d.csv\" null=\".\" | select code") == "code\n\nx\ny\n")
    }

    @Test func integerColumnWithDots() throws {
        let text = "\"Regio's\";\"Aantal\"\n\"Ede\";\"12\"\n\"Epe\";\".\"\n"
        let dir = try Self.folder(["i.csv": Self.latin1(text)])
        let h = Harness(baseDirectory: dir)
        #expect(h.csv("load \"i.csv\" | describe | select column, type, nulls") == "column,type,nulls\nRegio's,string,0\nAantal,int,1\n")
    }

    @Test func schemaSkipsTheTitleToo() throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.fixtures + "/cbs_kerncijfers.csv")))
        let schema = try CSVFile.schema(.bytes(bytes, name: "cbs.csv"), options: CSVOptions(), cancel: .never)
        #expect(schema.map(\.name).first == "Gemeentecode")
        #expect(schema.count == 6)
    }

    @Test func preambleRangeUnit() {
        let text = Array("\u{FEFF}Titel\r\n\r\na;b\r\n1;2\r\n3;4\r\n\r\nBron: CBS\r\n".utf8)
        let r = text.withUnsafeBufferPointer { CSVPreamble.tableRange($0, delimiter: nil, skip: nil) }
        #expect(r.trim.titleLines == 2)
        #expect(r.trim.footnoteLines == 2)
        #expect(String(decoding: text[r.start..<r.end], as: UTF8.self) == "a;b\r\n1;2\r\n3;4\r\n")
        #expect(r.linesBefore == 2)
    }
}
