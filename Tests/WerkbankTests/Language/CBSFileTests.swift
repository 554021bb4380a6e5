import Foundation
import Testing

/// A CBS-style export: `;`, decimal comma, Windows-1252, read with sniffing alone.
@Suite struct CBSFileTests {
    @Test func semicolonDecimalCommaWindows1252() throws {
        let dir = NSTemporaryDirectory() + "wb-cbs-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let text = "k;gemeente;v\r\nA;'s-Hertogenbosch;1,5\r\nB;Súdwest-Fryslân;2,25\r\nA;Gemert-Bakel;3\r\nB;Zoeterwoude;0,75\r\nA;Ede;\r\n"
        // Windows-1252 bytes: every non-ASCII character here is in Latin-1.
        let bytes = text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
        _ = FileManager.default.createFile(atPath: dir + "/x.csv", contents: Data(bytes))
        let h = Harness(baseDirectory: dir)
        let out = h.run("load \"x.csv\" as x")
        #expect(out.stderr == "x: 5 rows × 3 columns (';', decimal ',', Windows-1252)\n")
        #expect(h.csv("load \"x.csv\" | summarize n = count(), s = sum(v) by k | sort -n") == "k,n,s\nA,3,4.5\nB,2,3.0\n")
        #expect(h.csv("x | where k == \"B\" | select gemeente") == "gemeente\nSúdwest-Fryslân\nZoeterwoude\n")
    }

    @Test func leadingZerosStayStrings() throws {
        let dir = NSTemporaryDirectory() + "wb-zero-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: dir + "/g.csv", contents: Data("code,n\n0599,1\n0363,2\n1234,3\n".utf8))
        let h = Harness(baseDirectory: dir)
        #expect(h.csv("load \"g.csv\" | select code") == "code\n0599\n0363\n1234\n")
        #expect(h.csv("load \"g.csv\" | describe | select column, type") == "column,type\ncode,string\nn,int\n")
    }
}
