import Foundation
import Testing
@testable import WerkbankReaders

/// The sheet shapes the peer workbooks (calamine, readxl, xlsx2csv, VNG) showed
/// werkbank reading wrong, each rebuilt by hand; expected values by hand.
@Suite struct XLSXSheetShapeTests {
    static func inline(_ ref: String, _ text: String) -> String {
        "<c r=\"\(ref)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(XLSXFixture.escape(text))</t></is></c>"
    }

    static func number(_ ref: String, _ v: String, style: Int = 0) -> String {
        "<c r=\"\(ref)\" s=\"\(style)\"><v>\(v)</v></c>"
    }

    static func harness(_ sheetXML: String, shared: [String] = [], sharedStringsFile: String = "sharedStrings.xml") throws -> Harness {
        let dir = try XLSXFormatTests.folder()
        try XLSXFixture.write(
            dir + "/w.xlsx", sheets: [.init(name: "S", xml: sheetXML)], shared: shared, sharedStringsFile: sharedStringsFile)
        return Harness(baseDirectory: dir)
    }

    /// calamine any_sheets / non_monotonic_si: numbers over numbers are data (the CSV reader's rule).
    @Test func aFirstRowOfNumbersIsData() throws {
        let h = try Self.harness(
            """
            <sheetData><row r="1">\(Self.number("A1", "1"))\(Self.number("B1", "2"))</row>
            <row r="2">\(Self.number("A2", "3"))\(Self.number("B2", "4"))</row>
            <row r="3">\(Self.number("A3", "5"))\(Self.number("B3", "6.5"))</row></sheetData>
            """)
        #expect(h.csv("load \"w.xlsx\"") == "column_1,column_2\n1,2.0\n3,4.0\n5,6.5\n")
        // header=true still takes it as the names.
        #expect(h.csv("load \"w.xlsx\" header=true") == "1,2\n3,4.0\n5,6.5\n")
    }

    /// A header of years over numbers that are no years stays a header (as in CSV);
    /// text names over numbers are a header.
    @Test func aHeaderOfYearsAndOfTextStaysAHeader() throws {
        let h = try Self.harness(
            """
            <sheetData><row r="1">\(Self.inline("A1", "Gemeente"))\(Self.number("B1", "2019"))\(Self.number("C1", "2020"))</row>
            <row r="2">\(Self.inline("A2", "Delft"))\(Self.number("B2", "101.5"))\(Self.number("C2", "102"))</row>
            <row r="3">\(Self.inline("A3", "Ede"))\(Self.number("B3", "99"))\(Self.number("C3", "98"))</row></sheetData>
            """)
        #expect(h.csv("load \"w.xlsx\"") == "Gemeente,2019,2020\nDelft,101.5,102\nEde,99.0,98\n")
    }

    /// calamine errors.xlsx: a first row of error cells names nothing, so it is data.
    @Test func aFirstRowOfErrorsIsData() throws {
        let h = try Self.harness(
            """
            <sheetData><row r="1"><c r="A1" t="e"><v>#DIV/0!</v></c></row>
            <row r="2"><c r="A2" t="e"><v>#N/A</v></c></row></sheetData>
            """)
        #expect(h.run("load \"w.xlsx\" as e").stderr == "e: 2 rows × 1 column (sheet \"S\", 2 error cells read as null)\n")
    }

    /// calamine date.xlsx: 10.6320601851852 days in `[h]:mm:ss` is 255:10:10
    /// (918,610 seconds), not 15:10:10.
    @Test func elapsedTimeKeepsWholeDays() throws {
        let h = try Self.harness(
            """
            <sheetData><row r="1">\(Self.inline("A1", "duur"))</row>
            <row r="2">\(Self.number("A2", "10.6320601851852", style: 7))</row>
            <row r="3">\(Self.number("A3", "0.5", style: 7))</row></sheetData>
            """)
        #expect(h.csv("load \"w.xlsx\"") == "duur\n255:10:10\n12:00:00\n")
        #expect(XLSXTableBuilder.elapsed(-1.5) == "-36:00:00")
    }

    /// calamine inlineStr_cdata, string-ref; VNG "Seq no": a text cell is text,
    /// whatever it looks like; a column of them is a string column.
    @Test func textCellsThatLookLikeNumbersStayText() throws {
        let h = try Self.harness(
            """
            <sheetData><row r="1">\(Self.inline("A1", "code"))\(Self.inline("B1", "seq"))</row>
            <row r="2"><c r="A2" t="s"><v>0</v></c>\(Self.inline("B2", "810000000"))</row>
            <row r="3">\(Self.inline("A3", "-8086931554011838357"))<c r="B3" t="str"><f>"1e5"</f><v>1e5</v></c></row></sheetData>
            """, shared: ["12345"])
        #expect(h.csv("load \"w.xlsx\"") == "code,seq\n12345,810000000\n-8086931554011838357,1e5\n")
        #expect(h.csv("load \"w.xlsx\" | describe | select type") == "type\nstring\nstring\n")
    }

    /// calamine merged_range: header cells merged downward (A1:A2, C1:D2) make
    /// a header of two rows, not a data row repeating the names; D is named too.
    @Test func headerCellsMergedDownwardAreOneHeader() throws {
        let h = try Self.harness(
            """
            <sheetData><row r="1">\(Self.inline("A1", "a"))\(Self.inline("B1", "b"))\(Self.inline("C1", "c"))<c r="D1"/>\(Self.inline("E1", "e"))</row>
            <row r="2"><c r="A2"/><c r="B2"/><c r="C2"/><c r="D2"/><c r="E2"/></row>
            <row r="3">\(Self.inline("A3", "x"))\(Self.number("B3", "1"))\(Self.inline("C3", "m"))<c r="D3"/>\(Self.number("E3", "2"))</row></sheetData>
            <mergeCells count="4"><mergeCell ref="A1:A2"/><mergeCell ref="B1:B2"/><mergeCell ref="C1:D2"/><mergeCell ref="E1:E2"/></mergeCells>
            """)
        #expect(h.run("load \"w.xlsx\" as m").stderr == "m: 1 row × 5 columns (sheet \"S\")\n")
        #expect(h.csv("m") == "a,b,c,c_2,e\nx,1,m,,2\n")
    }

    /// calamine minimal_package: a title merged over the table, then a blank
    /// merged row: the title is skipped, the names come from the row below.
    @Test func aMergedTitleOverABlankMergedRowIsATitle() throws {
        let h = try Self.harness(
            """
            <sheetData><row r="1">\(Self.inline("A1", "ARREST BOOKINGS"))</row>
            <row r="2">\(Self.inline("A2", "  "))</row>
            <row r="3">\(Self.inline("A3", "NUM"))\(Self.inline("B3", "NAME"))\(Self.inline("C3", "ZIP"))</row>
            <row r="4">\(Self.inline("A4", "4894831"))\(Self.inline("B4", "CAMPOS"))\(Self.inline("C4", "91401"))</row></sheetData>
            <mergeCells count="2"><mergeCell ref="A1:C1"/><mergeCell ref="A2:C2"/></mergeCells>
            """)
        #expect(h.run("load \"w.xlsx\" as t").stderr == "t: 1 row × 3 columns (sheet \"S\", skipped 1 title row)\n")
        #expect(h.csv("t") == "NUM,NAME,ZIP\n4894831,CAMPOS,91401\n")
    }

    /// xlsx2csv no_cell_ids: a row of empty strings (and cells without `r`) is
    /// no row; the header is the row below it.
    @Test func aRowOfEmptyStringsIsNoHeader() throws {
        let h = try Self.harness(
            """
            <sheetData><row r="1"><c t="s"><v>0</v></c><c t="s"><v>0</v></c></row>
            <row r="2"><c t="s"><v>1</v></c><c t="s"><v>2</v></c></row>
            <row r="3"><c t="s"><v>3</v></c><c><v>7</v></c></row></sheetData>
            """, shared: ["", "Date", "Agency", "today"])
        #expect(h.csv("load \"w.xlsx\"") == "Date,Agency\ntoday,7\n")
    }

    /// calamine issue_419: part names are case-insensitive (OPC), so
    /// `xl/SharedStrings.xml` holds the shared strings.
    @Test func sharedStringsPartNameIgnoresCase() throws {
        let h = try Self.harness(
            """
            <sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row></sheetData>
            """, shared: ["Hello", "world"], sharedStringsFile: "SharedStrings.xml")
        #expect(h.csv("load \"w.xlsx\"") == "Hello\nworld\n")
    }
}
