import Foundation
import ZIPFoundation

/// Writes small xlsx workbooks for the tests, part by part, with ZIPFoundation.
enum XLSXFixture {
    struct Sheet {
        var name: String
        /// The `<sheetData>` content and anything after it (mergeCells).
        var xml: String
        var hidden = false
    }

    /// Cell styles (`s="N"`): 0 general, 1 date (built-in 14), 2 custom date and
    /// time, 3 text (@), 4 custom Dutch long date, 5 two decimals, 6 time (built-in 20),
    /// 7 elapsed time `[h]:mm:ss`.
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
        <numFmts count="3"><numFmt numFmtId="164" formatCode="dd/mm/yyyy\\ hh:mm"/><numFmt numFmtId="165" formatCode="[$-413]d\\ mmmm\\ yyyy;@"/><numFmt numFmtId="166" formatCode="[h]:mm:ss"/></numFmts>
        <cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>
        <cellXfs count="8"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164"/><xf numFmtId="49"/><xf numFmtId="165"/><xf numFmtId="2"/><xf numFmtId="20"/><xf numFmtId="166"/></cellXfs>
        </styleSheet>
        """

    /// A workbook at `path`; `shared` are the shared strings (`t="s"` indexes into them),
    /// stored in the part `xl/<sharedStringsFile>` (the relationship names `sharedStrings.xml`).
    static func write(
        _ path: String, sheets: [Sheet], shared: [String], date1904: Bool = false, prefix: String = "",
        sharedStringsFile: String = "sharedStrings.xml"
    ) throws {
        try? FileManager.default.removeItem(atPath: path)
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        let p = prefix.isEmpty ? "" : prefix + ":"
        let ns = prefix.isEmpty ? "xmlns" : "xmlns:\(prefix)"
        var parts: [(String, String)] = []
        parts.append(
            (
                "[Content_Types].xml",
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>
                """
            ))
        parts.append(
            (
                "_rels/.rels",
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
                """
            ))
        var sheetList = ""
        var rels = ""
        for (k, s) in sheets.enumerated() {
            sheetList += "<\(p)sheet name=\"\(escape(s.name))\" sheetId=\"\(k + 1)\"\(s.hidden ? " state=\"hidden\"" : "") r:id=\"rId\(k + 1)\"/>"
            rels +=
                "<Relationship Id=\"rId\(k + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(k + 1).xml\"/>"
            parts.append(
                (
                    "xl/worksheets/sheet\(k + 1).xml",
                    """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <\(p)worksheet \(ns)="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\(s.xml)</\(p)worksheet>
                    """
                ))
        }
        rels +=
            "<Relationship Id=\"rIdS\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
        rels +=
            "<Relationship Id=\"rIdT\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
        parts.append(
            (
                "xl/workbook.xml",
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <\(p)workbook \(ns)="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><\(p)workbookPr\(date1904 ? " date1904=\"1\"" : "")/><\(p)sheets>\(sheetList)</\(p)sheets></\(p)workbook>
                """
            ))
        parts.append(
            (
                "xl/_rels/workbook.xml.rels",
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(rels)</Relationships>
                """
            ))
        let items = shared.map { s in
            s.hasPrefix("<r>") ? "<si>\(s)</si>" : "<si><t xml:space=\"preserve\">\(escape(s))</t></si>"
        }.joined()
        parts.append(
            (
                "xl/\(sharedStringsFile)",
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="\(shared.count)" uniqueCount="\(shared.count)">\(items)</sst>
                """
            ))
        parts.append(("xl/styles.xml", styles))
        for (name, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(
                with: name, type: .file, uncompressedSize: Int64(data.count),
                modificationDate: Date(timeIntervalSince1970: 1_700_000_000),
                compressionMethod: .deflate
            ) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// The municipalities workbook of the end-to-end test: a "Gemeenten"
    /// sheet (shared and inline strings, numbers, dates, booleans, an empty
    /// cell, unicode) and a second sheet "Toelichting".
    static func gemeenten(_ path: String) throws {
        let shared = [
            "Gemeentecode", "Gemeente", "Inwoners", "Oppervlakte (km²)", "Peildatum", "Centrumgemeente",
            "GM0599", "Rotterdam", "GM0363", "Amsterdam", "GM0014", "Groningen", "GM1900",
            "Bron", "Provincie Zuid-Holland, IBIS 2024",
        ]
        let sheet = """
            <dimension ref="A1:F5"/><sheetData>
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c></row>
            <row r="2"><c r="A2" t="s"><v>6</v></c><c r="B2" t="s"><v>7</v></c><c r="C2"><v>655468</v></c><c r="D2" s="5"><v>324.14</v></c><c r="E2" s="1"><v>45292</v></c><c r="F2" t="b"><v>1</v></c></row>
            <row r="3"><c r="A3" t="s"><v>8</v></c><c r="B3" t="s"><v>9</v></c><c r="C3"><v>918117</v></c><c r="D3" s="5"><v>219.32</v></c><c r="E3" s="1"><v>45292</v></c><c r="F3" t="b"><v>1</v></c></row>
            <row r="4"><c r="A4" t="s"><v>10</v></c><c r="B4" t="s"><v>11</v></c><c r="C4"><v>238147</v></c><c r="D4" s="5"/><c r="E4" s="1"><v>45292</v></c><c r="F4" t="b"><v>0</v></c></row>
            <row r="5"><c r="A5" t="s"><v>12</v></c><c r="B5" t="inlineStr"><is><t>Súdwest-Fryslân</t></is></c><c r="C5"><v>91000</v></c><c r="D5" s="5"><v>823.2</v></c><c r="F5" t="b"><v>0</v></c></row>
            </sheetData>
            """
        let notes = """
            <sheetData><row r="1"><c r="A1" t="s"><v>13</v></c></row><row r="2"><c r="A2" t="s"><v>14</v></c></row></sheetData>
            """
        try write(path, sheets: [Sheet(name: "Gemeenten", xml: sheet), Sheet(name: "Toelichting", xml: notes)], shared: shared)
    }
}
