import Foundation
import Testing

/// Issue 18's "done when": `Notebooks/cbs-reshape.md` takes the CBS-format
/// table (years as columns), unpivots it, computes growth per municipality
/// with lag, pivots it back and saves it for Dutch Excel. CI replays it with
/// --check (EndToEndNotebookTests); here it runs with --allow-write in a copy
/// of its folder, and the file it writes is checked byte by byte.
@Suite struct CBSReshapeNotebookTests {
    @Test(.enabled(if: EndToEndNotebookTests.binary != nil, "the werkbank binary is not built"))
    func theNotebookWritesWhatDutchExcelOpens() throws {
        let dir = URL(fileURLWithPath: NSTemporaryDirectory() + "wb-cbs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let notebooks = EndToEndNotebookTests.repository.appendingPathComponent("Notebooks")
        for name in ["cbs-reshape.md", "cbs-banen.csv"] {
            try FileManager.default.copyItem(at: notebooks.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        // The input is the CBS export format: Windows-1252, ';', decimal comma, '.' and 'x'.
        let input = try [UInt8](Data(contentsOf: dir.appendingPathComponent("cbs-banen.csv")))
        #expect(input.contains(0xFA) && input.contains(0xE2), "ú and â as single Windows-1252 bytes")
        #expect(String(decoding: input, as: UTF8.self).contains("71,2;70,5;.;73,8"))

        let r = try EndToEndNotebookTests.run(["run", "cbs-reshape.md", "--allow-write"], in: dir)
        #expect(r.code == 0, "\(r.out)\(r.err)")
        let written = try [UInt8](Data(contentsOf: dir.appendingPathComponent("cbs-groei.csv")))
        // Growth in % of the year before, rounded to 1 decimal, by hand (and
        // DuckDB) from the file: Delft 2020 (51.8 − 52.3) / 52.3 = −0.96 % → −1.0.
        // Leiden 2021 is unknown (.), so 2021 and 2022 are; Gouda 2022 is secret (x).
        let expected =
            [0xEF, 0xBB, 0xBF]
            + Array(
                """
                Gemeenten;2020;2021;2022
                Delft;-1,0;2,5;1,7
                Gouda;-2,3;2,0;
                Leiden;-1,0;;
                Súdwest-Fryslân;-2,8;5,0;2,4
                Zoetermeer;-1,6;2,7;2,6

                """.utf8)
        #expect(written == expected, "\(String(decoding: written, as: UTF8.self))")
    }
}
