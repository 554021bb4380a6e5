import Foundation

/// Synthetic files for the ingest tests, made here (not third-party data):
/// each holds one of the things DuckDB's own sniffing gets wrong on Dutch
/// exports, and the values a test computes by hand are in the text below.
struct IngestFiles: Sendable {
    var dutchExport, yearHeader, quotedNewlines, options, utf16, euro, blankLines, twoDigitYears: String
    /// No header (`header=false`): one without a byte order mark (the data
    /// start at byte 0), one with; and the year-header file with CRLF.
    var noHeader, noHeaderBOM, crlf: String

    static let optionPairs = [
        ("delimiter", "|"), ("skip", "2"), ("types", "a:int,c:date"), ("null", "-"), ("dateformat", "yyyymmdd"),
        ("thousands", "."),
    ]

    static let folder = NSTemporaryDirectory() + "wb-ingest-files-\(ProcessInfo.processInfo.processIdentifier)"

    static let made: Result<IngestFiles, Error> = Result { try create() }

    static func make() throws -> IngestFiles { try made.get() }

    static func write(_ name: String, _ bytes: Data) throws -> String {
        let path = folder + "/" + name
        try bytes.write(to: URL(fileURLWithPath: path))
        return path
    }

    static func create() throws -> IngestFiles {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        func utf8(_ s: String) -> Data { Data(s.utf8) }
        // A CBS-like export: Windows-1252 (é, ©), ';', decimal comma, two
        // title lines and a blank one, thousands '.', 'x' and '.' as
        // missing, day-first dates, footnotes.
        let dutch = """
            "Bevolking; kerncijfers per gemeente"
            "Eenheid: aantal"

            Gemeente;Code;Inwoners;Oppervlakte;Dichtheid;Peildatum;Actief
            Aa en Hunze;0680;25.935;278,91;93,0;01-01-2024;true
            Aalsmeer;0358;33.250;20,12;x;15-03-2024;false
            Café Noord;0197;1.500.000;96,92;.;5-1-2024;TRUE
            Zwolle;0193;133.810;119,36;1209,5;31-12-2023;False
            Écht-Susteren;1711;32;104,5;309,25;29-02-2024;true

            Bron: CBS
            © CBS, Den Haag/Heerlen

            """
        // A header of years over decimal-comma numbers with CBS markers.
        let years = """
            Gemeente;2019;2020;2021
            Delft;101,5;102,25;103
            Leiden;3500;3600,75;x
            Gouda;12;.;14

            """
        let quoted = #"""
            id,note,amount,when
            1,"line one
            line two",1.5,2024-01-05
            2,"",2.25,
            3,"  spaced  ",-3e2,2023-12-31
            4,"say ""hi""",,2020-02-29
            5,plain,10,2024-02-01

            """#
        let options = """
            junk line 1
            junk line 2
            a|b|c|d
            0012|-|20240105|1.234,5
            0013|7|20231231|-
            0014|8|2024-03-01|12

            """
        var wide = Data([0xFF, 0xFE])
        wide.append("a,b\n1,2\n".data(using: .utf16LittleEndian)!)
        return IngestFiles(
            dutchExport: try write("dutch.csv", dutch.data(using: .windowsCP1252)!),
            yearHeader: try write("years.csv", utf8(years)),
            quotedNewlines: try write("quoted.csv", utf8(quoted)),
            options: try write("options.txt", utf8(options)),
            utf16: try write("wide.csv", wide),
            euro: try write("euro.csv", "naam;prijs\nkoffie €;2,5\nthee;1,75\n".data(using: .windowsCP1252)!),
            blankLines: try write("blank.csv", utf8("a,b\n1,x\n\n2,y\n3,z\n")),
            twoDigitYears: try write("yy.csv", utf8("d;n\n05-01-24;1\n31-12-23;2\n")),
            noHeader: try write("noheader.csv", utf8("1;a;2,5\n2;b;3,5\n3;c;-1\n")),
            noHeaderBOM: try write("noheader-bom.csv", Data([0xEF, 0xBB, 0xBF]) + utf8("1;a;2,5\n2;b;3,5\n3;c;-1\n")),
            crlf: try write("crlf.csv", utf8(years.replacingOccurrences(of: "\n", with: "\r\n"))))
    }

    /// About 10 MB: more than both samples, so its decisions come from the
    /// first 8 MB and the last 256 KB. Title lines, ';', decimal comma,
    /// day-first dates, footnotes in Windows-1252 (`©` is byte 0xA9, not
    /// UTF-8: only the tail sample shows the encoding). With `lateText`,
    /// row 300000 (past the head sample, before the tail) holds `n/a` in the
    /// decimal column, which `load` then reads as text.
    /// The caller removes it after use.
    static func makeLarge(lateText: Bool) throws -> String {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(11 << 20)
        bytes += Array("\"Grote tabel\"\n\"Eenheid: stuks\"\nid;naam;waarde;datum\n".utf8)
        for i in 1...320_000 {
            let value = lateText && i == 300_000 ? "n/a" : "\(i % 1000),\(i % 10)"
            bytes += Array("\(i);\"r\(i)\";\(value);\(i % 28 + 1)-\(i % 12 + 1)-2024\n".utf8)
        }
        bytes += Array("\nBron: CBS\n".utf8) + [0xA9] + Array(" CBS, Den Haag/Heerlen\n".utf8)
        return try write(lateText ? "late.csv" : "large.csv", Data(bytes))
    }
}
