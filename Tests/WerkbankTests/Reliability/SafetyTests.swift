import Foundation
import Testing

/// Files that cannot fit are refused up front; a killed writer never leaves
/// half a file.
@Suite struct SafetyTests {
    @Test func aFileTooBigForMemoryIsRefusedWithAClearError() throws {
        try #require(BinaryRunner.binary != nil)
        let dir = NSTemporaryDirectory() + "wb-mem-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: dir + "/big.csv", contents: Data(("a,b\n" + String(repeating: "1,2\n", count: 300_000)).utf8))
        let r = try BinaryRunner.run(["-c", "load \"big.csv\" | count"], cwd: dir, environment: ["WERKBANK_MEMORY_LIMIT": "1000000"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("needs about") && r.stderr.contains("available"), "\(r.stderr)")
        #expect(!r.signaled)
    }

    @Test func aFolderIsNotAFile() throws {
        let h = Harness()
        #expect(h.error("load \"/tmp\" | count").contains("is a folder"))
    }

    /// Kill the process while `save` writes a large file over an old one: the
    /// old file stays whole (the new one is written beside it and renamed).
    @Test func killingASaveMidWriteLeavesTheOldFileIntact() throws {
        guard let binary = BinaryRunner.binary else { return }
        let dir = NSTemporaryDirectory() + "wb-kill-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let rows = (0..<400_000).map { "\($0),name \($0 % 977),\(Double($0) / 7)" }.joined(separator: "\n")
        _ = FileManager.default.createFile(atPath: dir + "/in.csv", contents: Data(("id,name,v\n" + rows + "\n").utf8))
        let old = "old,file\n1,2\n"
        _ = FileManager.default.createFile(atPath: dir + "/out.csv", contents: Data(old.utf8))
        for delay in [20_000, 80_000, 200_000, 400_000] as [useconds_t] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: binary)
            p.arguments = ["-c", "load \"in.csv\" | derive w = v * 2 | save \"out.csv\" | count"]
            p.currentDirectoryURL = URL(fileURLWithPath: dir)
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            usleep(delay)
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let now = try String(contentsOfFile: dir + "/out.csv", encoding: .utf8)
            // Either the old file, or the whole new one: never a part.
            #expect(
                now == old || (now.hasPrefix("id,name,v,w\n") && now.hasSuffix("\n") && now.split(separator: "\n").count == 400_001),
                "after a kill at \(delay) µs out.csv is \(now.utf8.count) bytes")
        }
    }
}
