import Foundation
import WerkbankEngine
import ZIPFoundation

/// `save "x.xlsx"`: a workbook of one sheet with typed cells — numbers as
/// numbers, dates as dates (a date style), bools as bools, text in the
/// shared-string table — a bold header row that stays in view (frozen), and
/// column widths from the content. Null is an empty cell.
///
/// Two values have no exact number in a sheet and are written as text so
/// nothing changes on the way: integers beyond ±2^53 (a sheet's numbers are
/// doubles) and NaN/±inf (which a cell cannot hold).
public enum XLSXWriter {
    public enum Failure: Error {
        case archive(String)
        /// More rows or columns than a sheet holds (1,048,576 × 16,384).
        case tooLarge(String)
    }

    public static func bytes(_ table: Table, sheetName: String = "Sheet1") throws(Failure) -> [UInt8] {
        guard table.rowCount < 1 << 20 else {
            throw .tooLarge("a sheet holds 1,048,575 rows under its header; this result has \(NumberText.thousands(table.rowCount))")
        }
        guard table.columnCount <= 1 << 14 else {
            throw .tooLarge("a sheet holds 16,384 columns; this result has \(NumberText.thousands(table.columnCount))")
        }
        for (c, column) in table.columns.enumerated() {
            guard case .geometry(let shapes) = column.storage else { continue }
            if let long = shapes.map({ $0.geoJSON.utf16.count }).max(), long > 32_767 {
                throw .tooLarge("a sheet's cell holds 32,767 characters; a shape in \(table.fields[c].name) takes \(NumberText.thousands(long)) as GeoJSON "
                                + "(drop the column, or save as .geojson)")
            }
        }
        let parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes),
            ("_rels/.rels", rootRelationships),
            ("xl/workbook.xml", workbook(sheetName)),
            ("xl/_rels/workbook.xml.rels", workbookRelationships),
            ("xl/styles.xml", styles),
        ]
        var strings = SharedStrings()
        let sheet = worksheet(table, &strings)
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            for (path, text) in parts + [("xl/worksheets/sheet1.xml", sheet), ("xl/sharedStrings.xml", strings.xml())] {
                let data = Data(text.utf8)
                // A fixed date: the same table gives the same bytes.
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count),
                                     modificationDate: Date(timeIntervalSince1970: 1_577_836_800),
                                     compressionMethod: .deflate) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            guard let data = archive.data else { throw Failure.archive("the archive was not built") }
            return [UInt8](data)
        } catch let failure as Failure {
            throw failure
        } catch {
            throw .archive("\(error)")
        }
    }

    /// Text of a sheet's shared-string table, each string once.
    struct SharedStrings {
        var index: [ExactString: Int] = [:]
        var list: [String] = []
        var uses = 0

        mutating func id(_ s: String) -> Int {
            uses += 1
            if let k = index[ExactString(s)] { return k }
            index[ExactString(s)] = list.count
            list.append(s)
            return list.count - 1
        }

        func xml() -> String {
            var out = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                + "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"\(uses)\" uniqueCount=\"\(list.count)\">"
            for s in list {
                let space = s.first == " " || s.last == " " || s.contains("\n") ? " xml:space=\"preserve\"" : ""
                out += "<si><t\(space)>\(XLSXWriter.text(s))</t></si>"
            }
            return out + "</sst>\n"
        }
    }

    static func worksheet(_ table: Table, _ strings: inout SharedStrings) -> String {
        let columns = table.columnCount
        var widths = table.fields.map { min(60, max(8, TerminalWidth.of($0.name) + 2)) }
        var rows = "<row r=\"1\">"
        for (c, field) in table.fields.enumerated() {
            rows += "<c r=\"\(reference(c, 1))\" t=\"s\" s=\"1\"><v>\(strings.id(field.name))</v></c>"
        }
        rows += "</row>"
        for r in 0..<table.rowCount {
            let n = r + 2
            rows += "<row r=\"\(n)\">"
            for c in 0..<columns {
                let column = table.columns[c]
                if column.isNull(r) { continue }
                let ref = reference(c, n)
                var shown = 0
                switch column.storage {
                case .int(let v):
                    if v[r].magnitude <= 1 << 53 {
                        rows += "<c r=\"\(ref)\"><v>\(v[r])</v></c>"
                    } else {
                        rows += "<c r=\"\(ref)\" t=\"s\"><v>\(strings.id(String(v[r])))</v></c>"
                    }
                    shown = String(v[r]).count
                case .float(let v):
                    let text = ValueFormatter.shortestFloat(v[r])
                    rows += v[r].isFinite ? "<c r=\"\(ref)\"><v>\(text)</v></c>" : "<c r=\"\(ref)\" t=\"s\"><v>\(strings.id(text))</v></c>"
                    shown = min(text.count, 12)
                case .bool(let v):
                    rows += "<c r=\"\(ref)\" t=\"b\"><v>\(v[r] ? 1 : 0)</v></c>"
                    shown = 5
                case .date(let v):
                    // Sheet serial numbers count days from 1899-12-30 (1970-01-01 is 25569).
                    rows += "<c r=\"\(ref)\" s=\"2\"><v>\(Int(v[r]) + 25569)</v></c>"
                    shown = 10
                case .string(let codes, let dictionary):
                    let s = dictionary.values[Int(codes[r])]
                    rows += "<c r=\"\(ref)\" t=\"s\"><v>\(strings.id(s))</v></c>"
                    shown = TerminalWidth.of(s)
                case .geometry(let v):
                    // The shape's GeoJSON as text (checked to fit a cell before).
                    rows += "<c r=\"\(ref)\" t=\"s\"><v>\(strings.id(v[r].geoJSON))</v></c>"
                    shown = 40
                }
                widths[c] = min(60, max(widths[c], shown + 2))
            }
            rows += "</row>"
        }
        let cols = widths.enumerated().map { "<col min=\"\($0.offset + 1)\" max=\"\($0.offset + 1)\" width=\"\($0.element)\" customWidth=\"1\"/>" }
        let last = columns == 0 ? "A1" : reference(columns - 1, table.rowCount + 1)
        return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
            + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
            + "<dimension ref=\"A1:\(last)\"/>"
            + "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
            + "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/></sheetView></sheetViews>"
            + "<sheetFormatPr defaultRowHeight=\"15\"/>"
            + (cols.isEmpty ? "" : "<cols>\(cols.joined())</cols>")
            + "<sheetData>\(rows)</sheetData></worksheet>\n"
    }

    /// `A1`-style reference of column `c` (from 0) in row `row` (from 1).
    static func reference(_ c: Int, _ row: Int) -> String {
        var letters = "", n = c + 1
        while n > 0 {
            let k = (n - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + k))) + letters
            n = (n - 1) / 26
        }
        return letters + String(row)
    }

    /// A string as sheet XML text: markup escaped, and the control characters
    /// XML cannot hold written as `_xHHHH_` (an underscore that would read as
    /// such an escape is itself escaped, `_x005F_`).
    static func text(_ s: String) -> String {
        var out = ""
        let scalars = Array(s.unicodeScalars)
        for (i, u) in scalars.enumerated() {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\t", "\n", "\r": out.unicodeScalars.append(u)
            case "_" where looksLikeEscape(scalars, at: i): out += "_x005F_"
            default:
                if u.value < 0x20 || u.value == 0xFFFE || u.value == 0xFFFF {
                    out += "_x" + hex4(u.value) + "_"
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out
    }

    static func looksLikeEscape(_ s: [Unicode.Scalar], at i: Int) -> Bool {
        guard i + 6 < s.count, s[i + 1] == "x", s[i + 6] == "_" else { return false }
        return s[(i + 2)...(i + 5)].allSatisfy { $0.properties.isASCIIHexDigit }
    }

    static func hex4(_ v: UInt32) -> String {
        let digits = Array("0123456789ABCDEF")
        return String((0..<4).reversed().map { digits[Int((v >> (UInt32($0) * 4)) & 0xF)] })
    }

    static func workbook(_ name: String) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            + "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
            + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
            + "<sheets><sheet name=\"\(text(String(name.prefix(31))))\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>\n"
    }

    static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
        <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
        <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
        <Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>\
        </Types>

        """

    static let rootRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
        </Relationships>

        """

    static let workbookRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
        <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>\
        </Relationships>

        """

    /// Style 0: plain; 1: the bold header; 2: dates as yyyy-mm-dd.
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>\
        <fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
        <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>

        """
}
