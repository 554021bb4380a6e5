import Foundation
import Testing
@testable import WerkbankEngine
@testable import WerkbankReaders

/// A mapped file is handed back to the system a window at a time behind
/// the scans (`MappedPages`), so a large CSV is never resident whole; the
/// bytes read again after a release are the file's, and memory that is not
/// a guarded file mapping is never touched.
@Suite struct MappedPagesTests {
    static let page = MappedFileGuard.pageSize

    /// Whether the page holding `address` is present in this process's page
    /// tables (/proc/self/pagemap, bit 63); nil where that cannot be read.
    static func present(_ address: UnsafeRawPointer) -> Bool? {
        guard let handle = FileHandle(forReadingAtPath: "/proc/self/pagemap") else { return nil }
        defer { try? handle.close() }
        do {
            try handle.seek(toOffset: UInt64(Int(bitPattern: address) / page * 8))
            guard let data = try handle.read(upToCount: 8), data.count == 8 else { return nil }
            let entry = data.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
            return entry >> 63 == 1
        } catch {
            return nil
        }
    }

    @Test(.enabled(if: FileManager.default.isReadableFile(atPath: "/proc/self/pagemap")))
    func releasedPagesLeaveTheProcessAndReadBackAsTheFile() throws {
        let dir = try InputFileTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/pages.bin"
        // Eight pages, byte i = i mod 251 (no page looks like another or like zeros).
        let size = 8 * Self.page
        try Data((0..<size).map { UInt8($0 % 251) }).write(to: URL(fileURLWithPath: path))
        let result = try InputFile(path: path).withContents { (bytes) throws(EngineError) -> (before: [Bool?], after: [Bool?], wrong: Int) in
            let p = bytes.baseAddress!
            for k in 0..<8 { _ = p[k * Self.page] }  // every page present
            let before = (0..<8).map { Self.present(p + $0 * Self.page) }
            // From the middle of page 1 to the middle of page 6: pages 2…5
            // lie wholly inside; 1 and 6 hold bytes outside the range and stay.
            MappedPages.release(p, Self.page + 100..<6 * Self.page + 100)
            let after = (0..<8).map { Self.present(p + $0 * Self.page) }
            var wrong = 0
            for i in 0..<bytes.count where bytes[i] != UInt8(i % 251) { wrong += 1 }
            return (before, after, wrong)
        }
        #expect(result.before.allSatisfy { $0 == true }, "\(result.before)")
        #expect(result.after == [true, true, false, false, false, false, true, true])
        #expect(result.wrong == 0)
    }

    /// The CSV scanner releases the pages behind it every 64k records: a
    /// file of 200k records read from its mapping in one chunk (so the scan
    /// releases three times mid-chunk) and in several, both passes, has
    /// every value the formula that wrote it gives.
    @Test(arguments: [Int.max, 1 << 20])
    func aCSVReadWhileItsPagesAreReleasedHasEveryValue(chunkBytes: Int) throws {
        let dir = try InputFileTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/rows.csv"
        let rows = 200_000
        var text = "id,name,x\n"
        for i in 0..<rows { text += "\(i),n\(i % 997),\(i % 7 == 0 ? "" : String(i * 3))\n" }
        InputFileTests.put(path, text)
        var options = CSVOptions()
        options.chunkBytes = chunkBytes
        let (table, _) = try CSVReader.read(.file(path: path), options: options, cancel: .never)
        try #require(table.rowCount == rows && table.names == ["id", "name", "x"])
        var wrong = 0
        for i in 0..<rows {
            if table.columns[0].value(at: i) != .int(Int64(i)) { wrong += 1 }
            if table.columns[1].value(at: i) != .string("n\(i % 997)") { wrong += 1 }
            if table.columns[2].value(at: i) != (i % 7 == 0 ? .null : .int(Int64(i * 3))) { wrong += 1 }
        }
        #expect(wrong == 0)
    }

    /// Bytes in an array (a pipe's input, a copy) are no file mapping:
    /// releasing them would zero them, so nothing happens.
    @Test func memoryThatIsNotAGuardedMappingIsLeftAlone() {
        let size = 8 * Self.page
        let bytes = (0..<size).map { UInt8($0 % 251 + 1) }
        let wrong = bytes.withUnsafeBufferPointer { b -> Int in
            MappedPages.release(b.baseAddress!, 0..<size)
            var wrong = 0
            for i in 0..<size where b[i] != UInt8(i % 251 + 1) { wrong += 1 }
            return wrong
        }
        #expect(wrong == 0)
    }
}
