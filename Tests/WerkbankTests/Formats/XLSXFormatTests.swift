import Foundation
import Testing
@testable import WerkbankEngine
@testable import WerkbankReaders
import WerkbankLanguage
import ZIPFoundation

/// xlsx workbooks written by the tests (ZIPFoundation), read through `load`.
@Suite struct XLSXFormatTests {
    static func folder() throws -> String {
        let dir = NSTemporaryDirectory() + "wb-xlsx-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func firstSheetByDefault() throws {
        let dir = try Self.folder()
        try XLSXFixture.gemeenten(dir + "/gemeenten.xlsx")
        let h = Harness(baseDirectory: dir)
        let out = h.run("load \"gemeenten.xlsx\" as g")
        #expect(out.stderr == "g: 4 rows × 6 columns (sheet \"Gemeenten\" (other sheets: \"Toelichting\"))\n")
        #expect(
            h.csv("g") == """
                Gemeentecode,Gemeente,Inwoners,Oppervlakte (km²),Peildatum,Centrumgemeente
                GM0599,Rotterdam,655468,324.14,2024-01-01,true
                GM0363,Amsterdam,918117,219.32,2024-01-01,true
                GM0014,Groningen,238147,,2024-01-01,false
                GM1900,Súdwest-Fryslân,91000,823.2,,false

                """)
        #expect(
            h.csv("g | describe | select column, type, nulls") == """
                column,type,nulls
                Gemeentecode,string,0
                Gemeente,string,0
                Inwoners,int,0
                Oppervlakte (km²),float,1
                Peildatum,date,1
                Centrumgemeente,bool,0

                """)
    }

    @Test func secondSheetByNameOrPosition() throws {
        let dir = try Self.folder()
        try XLSXFixture.gemeenten(dir + "/g.xlsx")
        let h = Harness(baseDirectory: dir)
        #expect(h.csv("load \"g.xlsx\" sheet=\"Toelichting\"") == "Bron\n\"Provincie Zuid-Holland, IBIS 2024\"\n")
        #expect(h.csv("load \"g.xlsx\" sheet=\"toelichting\" | count") == "count\n1\n")
        #expect(h.csv("load \"g.xlsx\" sheet=\"2\" | count") == "count\n1\n")
    }

    @Test func unknownSheetListsTheSheets() throws {
        let dir = try Self.folder()
        try XLSXFixture.gemeenten(dir + "/g.xlsx")
        let h = Harness(baseDirectory: dir)
        let err = h.error("load \"g.xlsx\" sheet=\"Blad1\" as g")
        #expect(err.contains("no sheet \"Blad1\"; the sheets are \"Gemeenten\", \"Toelichting\""), "\(err)")
    }

    @Test func optionsAreChecked() throws {
        let dir = try Self.folder()
        try XLSXFixture.gemeenten(dir + "/g.xlsx")
        let h = Harness(baseDirectory: dir)
        #expect(h.error("load \"g.xlsx\" delimiter=\";\" as g").contains("delimiter= is not an option for xlsx files"))
        let sheetOnCSV = h.error("load \"g.csv\" sheet=\"x\" as g")
        #expect(sheetOnCSV.contains("sheet= is not an option for CSV files"), "\(sheetOnCSV)")
        #expect(
            sheetOnCSV.contains(
                "hint: CSV options: delimiter, decimal, thousands, dateformat, header, encoding, types, null, skip; sheet= is for xlsx files"))
        #expect(h.error("load \"g.xls\" as g").contains("xls files cannot be read"))
    }

    @Test func datesIn1900And1904Systems() throws {
        let dir = try Self.folder()
        // 2024-01-01 is serial 45292 in the 1900 system and 43830 in the 1904 system;
        // 1900-02-28 is 59, 1900-03-01 is 61 (Excel's phantom 1900-02-29 is 60).
        let rows1900 = """
            <sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>d</t></is></c><c r="B1" t="inlineStr"><is><t>lang</t></is></c></row>
            <row r="2"><c r="A2" s="1"><v>45292</v></c><c r="B2" s="4"><v>45292</v></c></row>
            <row r="3"><c r="A3" s="1"><v>59</v></c><c r="B3" s="4"><v>61</v></c></row>
            <row r="4"><c r="A4" s="1"><v>1</v></c><c r="B4" t="d"><v>2023-12-31T00:00:00</v></c></row></sheetData>
            """
        try XLSXFixture.write(dir + "/d1900.xlsx", sheets: [.init(name: "S", xml: rows1900)], shared: [])
        let rows1904 = """
            <sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>d</t></is></c></row>
            <row r="2"><c r="A2" s="1"><v>43830</v></c></row><row r="3"><c r="A3" s="1"><v>0</v></c></row></sheetData>
            """
        try XLSXFixture.write(dir + "/d1904.xlsx", sheets: [.init(name: "S", xml: rows1904)], shared: [], date1904: true)
        let h = Harness(baseDirectory: dir)
        #expect(h.csv("load \"d1900.xlsx\"") == "d,lang\n2024-01-01,2024-01-01\n1900-02-28,1900-03-01\n1900-01-01,2023-12-31\n")
        #expect(h.run("load \"d1904.xlsx\" as d").stderr == "d: 2 rows × 1 column (sheet \"S\", 1904 date system)\n")
        #expect(h.csv("d") == "d\n2024-01-01\n1904-01-01\n")
        #expect(h.csv("d | describe | select type") == "type\ndate\n")
    }

    @Test func dateTimesAndTimesAreNeverCut() throws {
        let dir = try Self.folder()
        let rows = """
            <sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>moment</t></is></c><c r="B1" t="inlineStr"><is><t>tijd</t></is></c></row>
            <row r="2"><c r="A2" s="2"><v>45292.5</v></c><c r="B2" s="6"><v>0.75</v></c></row>
            <row r="3"><c r="A3" s="2"><v>45293</v></c><c r="B3" s="6"><v>0.3333333333</v></c></row></sheetData>
            """
        try XLSXFixture.write(dir + "/t.xlsx", sheets: [.init(name: "S", xml: rows)], shared: [])
        let h = Harness(baseDirectory: dir)
        #expect(h.csv("load \"t.xlsx\"") == "moment,tijd\n2024-01-01 12:00:00,18:00:00\n2024-01-02,08:00:00\n")
    }

    @Test func typesPerWholeColumn() throws {
        let dir = try Self.folder()
        // a: whole numbers → int; b: 1 and 2.5 → float; c: codes with leading
        // zeros stored as text stay text; d: numbers stored as text stay text;
        // e: text and a number mixed → string; f: error cell → null, counted;
        // g: formula string result; h: all empty but named.
        let rows = """
            <sheetData>
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c><c r="G1" t="s"><v>6</v></c><c r="H1" t="s"><v>7</v></c></row>
            <row r="2"><c r="A2"><v>1</v></c><c r="B2"><v>1</v></c><c r="C2" t="s"><v>8</v></c><c r="D2" t="inlineStr"><is><t>12</t></is></c><c r="E2" t="inlineStr"><is><t>n.v.t.</t></is></c><c r="F2"><v>3</v></c><c r="G2" t="str"><f>A2&amp;"x"</f><v>1x</v></c></row>
            <row r="3"><c r="A3"><v>-7</v></c><c r="B3"><v>2.5</v></c><c r="C3" t="s"><v>9</v></c><c r="D3" t="inlineStr"><is><t>-4</t></is></c><c r="E3"><v>363</v></c><c r="F3" t="e"><v>#DIV/0!</v></c><c r="G3" t="str"><f>A3&amp;"x"</f><v>-7x</v></c></row>
            </sheetData>
            """
        try XLSXFixture.write(
            dir + "/types.xlsx", sheets: [.init(name: "S", xml: rows)], shared: ["a", "b", "c", "d", "e", "f", "g", "h", "0599", "1234"])
        let h = Harness(baseDirectory: dir)
        #expect(h.run("load \"types.xlsx\" as t").stderr == "t: 2 rows × 8 columns (sheet \"S\", 1 error cell read as null)\n")
        #expect(h.csv("t") == "a,b,c,d,e,f,g,h\n1,1.0,0599,12,n.v.t.,3,1x,\n-7,2.5,1234,-4,363,,-7x,\n")
        #expect(
            h.csv("t | describe | select column, type") == """
                column,type
                a,int
                b,float
                c,string
                d,string
                e,string
                f,int
                g,string
                h,string

                """)
    }

    @Test func mergedHeadersAndTitleRows() throws {
        let dir = try Self.folder()
        // Row 1: a title (skip=1); row 2: "Gemeente" merged down over A2:A3,
        // "Bevolking" merged across B2:C2; row 3: "mannen", "vrouwen".
        let rows = """
            <sheetData>
            <row r="1"><c r="A1" t="inlineStr"><is><t>Tabel 1. Bevolking</t></is></c></row>
            <row r="2"><c r="A2" t="inlineStr"><is><t>Gemeente</t></is></c><c r="B2" t="inlineStr"><is><t>Bevolking</t></is></c><c r="C2" s="0"/></row>
            <row r="3"><c r="A3" s="0"/><c r="B3" t="inlineStr"><is><t>mannen</t></is></c><c r="C3" t="inlineStr"><is><r><rPr><b/></rPr><t>vrouw</t></r><r><t>en</t></r></is></c></row>
            <row r="4"><c r="A4" t="inlineStr"><is><t>Utrecht</t></is></c><c r="B4"><v>180000</v></c><c r="C4"><v>190000</v></c></row>
            <row r="6"><c r="A6" t="inlineStr"><is><t>Ede</t></is></c><c r="B6"><v>60000</v></c><c r="C6"><v>61000</v></c></row>
            </sheetData>
            <mergeCells count="2"><mergeCell ref="A2:A3"/><mergeCell ref="B2:C2"/></mergeCells>
            """
        try XLSXFixture.write(dir + "/m.xlsx", sheets: [.init(name: "S", xml: rows)], shared: [])
        let h = Harness(baseDirectory: dir)
        #expect(h.run("load \"m.xlsx\" skip=1 as m").stderr == "m: 2 rows × 3 columns (sheet \"S\", names from two header rows)\n")
        #expect(h.csv("m") == "Gemeente,Bevolking mannen,Bevolking vrouwen\nUtrecht,180000,190000\nEde,60000,61000\n")
        // Without skip the title row is found: one text value above a header that names every column.
        #expect(h.run("load \"m.xlsx\" as m2").stderr == "m2: 2 rows × 3 columns (sheet \"S\", skipped 1 title row, names from two header rows)\n")
        #expect(h.csv("m2") == h.csv("m"))
        // header=false keeps every row.
        #expect(h.csv("load \"m.xlsx\" header=false | count") == "count\n5\n")
    }

    @Test func headerFalseAndNamespacePrefixes() throws {
        let dir = try Self.folder()
        let rows = """
            <x:sheetData><x:row r="1"><x:c r="B1"><x:v>1</x:v></x:c><x:c r="C1" t="b"><x:v>0</x:v></x:c></x:row>
            <x:row r="2"><x:c r="B2"><x:v>2</x:v></x:c><x:c r="C2" t="b"><x:v>1</x:v></x:c></x:row></x:sheetData>
            """
        try XLSXFixture.write(
            dir + "/p.xlsx", sheets: [.init(name: "Hidden", xml: "<x:sheetData/>", hidden: true), .init(name: "S", xml: rows)],
            shared: [], prefix: "x")
        let h = Harness(baseDirectory: dir)
        #expect(h.csv("load \"p.xlsx\" header=false") == "column_1,column_2\n1,false\n2,true\n")
    }

    @Test func notAWorkbook() throws {
        let dir = try Self.folder()
        _ = FileManager.default.createFile(atPath: dir + "/fake.xlsx", contents: Data("a,b\n1,2\n".utf8))
        let h = Harness(baseDirectory: dir)
        #expect(h.error("load \"fake.xlsx\" as f").contains("not an xlsx workbook (it is not a zip archive)"))
    }

    @Test func damagedWorkbooks() throws {
        let dir = try Self.folder()
        try XLSXFixture.gemeenten(dir + "/good.xlsx")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: dir + "/good.xlsx"))
        // Cut in half: the zip directory at the end is gone.
        _ = FileManager.default.createFile(atPath: dir + "/cut.xlsx", contents: bytes.prefix(bytes.count / 2))
        // A zip that is no workbook.
        let other = try Archive(url: URL(fileURLWithPath: dir + "/other.xlsx"), accessMode: .create)
        let text = Data("hello".utf8)
        try other.addEntry(with: "readme.txt", type: .file, uncompressedSize: Int64(text.count)) { p, n in text.subdata(in: Int(p)..<Int(p) + n) }
        // A sheet whose XML is broken.
        try XLSXFixture.write(
            dir + "/broken.xlsx", sheets: [.init(name: "S", xml: "<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></row></sheetData>")], shared: [])
        let h = Harness(baseDirectory: dir)
        #expect(h.error("load \"cut.xlsx\" as c").contains("not an xlsx workbook (it is not a zip archive)"))
        #expect(h.error("load \"other.xlsx\" as o").contains("not an xlsx workbook (no xl/workbook.xml in the archive)"))
        let broken = h.error("load \"broken.xlsx\" as b")
        #expect(broken.contains("damaged workbook: xl/worksheets/sheet1.xml is not well-formed XML"), "\(broken)")
        // A sheet without cells.
        try XLSXFixture.write(dir + "/empty.xlsx", sheets: [.init(name: "S", xml: "<sheetData/>")], shared: [])
        #expect(h.error("load \"empty.xlsx\" as e").contains("the sheet is empty"))
    }

    @Test func sharedStringEscapesAndRichText() throws {
        #expect(XLSXText.unescape("a_x000D_b") == "a\rb")
        #expect(XLSXText.unescape("plain_x_") == "plain_x_")
        let ab12 = try #require(XLSXText.reference("AB12"))
        #expect(ab12.column == 27 && ab12.row == 12)
        let c3 = try #require(XLSXText.reference("$C$3"))
        #expect(c3.column == 2 && c3.row == 3)
        #expect(XLSXStylesEvents.classify("dd/mm/yyyy") == .date)
        #expect(XLSXStylesEvents.classify("General") == .plain)  // LibreOffice writes it as a custom format
        #expect(XLSXStylesEvents.classify("yyyy\\-mm\\-dd") == .date)
        #expect(XLSXStylesEvents.classify("mmm yy") == .date)
        #expect(XLSXStylesEvents.classify("[h]:mm:ss") == .duration)
        #expect(XLSXStylesEvents.classify("[mm]:ss") == .duration)
        #expect(XLSXStylesEvents.classify("h:mm:ss") == .time)
        #expect(XLSXStylesEvents.classify("[Red][h]:mm") == .duration)
        #expect(XLSXStylesEvents.classify("#,##0.00\\ \"EUR\"") == .plain)
        #expect(XLSXStylesEvents.classify("[Red]0.00;[Blue]-0.00") == .plain)
        #expect(XLSXStylesEvents.classify("yyyy-mm-dd hh:mm") == .dateTime)
    }
}
