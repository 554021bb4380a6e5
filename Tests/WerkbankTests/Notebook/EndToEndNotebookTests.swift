import Foundation
import Testing

/// The real binary: the example notebooks replay clean, `present` reads its
/// keys from a pipe, and a malformed notebook gives exit 2.
@Suite struct EndToEndNotebookTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The werkbank binary built beside the test bundle (or `$WERKBANK_BINARY`).
    static var binary: String? {
        if let p = ProcessInfo.processInfo.environment["WERKBANK_BINARY"], FileManager.default.isExecutableFile(atPath: p) { return p }
        var candidates = [URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent().appendingPathComponent("werkbank").path]
        for b in Bundle.allBundles { candidates.append(b.bundleURL.deletingLastPathComponent().appendingPathComponent("werkbank").path) }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    struct Run {
        var code: Int32
        var out: String
        var err: String
    }

    static func run(_ args: [String], stdin: String = "", in directory: URL = repository) throws -> Run {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try #require(binary))
        p.arguments = args
        p.currentDirectoryURL = directory
        let input = Pipe(), output = Pipe(), error = Pipe()
        p.standardInput = input
        p.standardOutput = output
        p.standardError = error
        try p.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Run(code: p.terminationStatus, out: String(decoding: out, as: UTF8.self), err: String(decoding: err, as: UTF8.self))
    }

    static var examples: [String] {
        let dir = repository.appendingPathComponent("Notebooks").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".md") }.sorted()
    }

    @Test(.enabled(if: binary != nil, "the werkbank binary is not built"))
    func theExampleNotebooksReplayClean() throws {
        #expect(Self.examples.count >= 4)
        for name in Self.examples {
            let r = try Self.run(["run", "Notebooks/" + name, "--check"])
            #expect(r.code == 0, "\(name): \(r.out)\(r.err)")
            #expect(r.out.hasSuffix(": all match\n"), "\(name)")
        }
        // From another folder too: paths resolve against the notebook's folder.
        let r = try Self.run(["run", Self.repository.path + "/Notebooks/figures.md", "--check"], in: URL(fileURLWithPath: NSTemporaryDirectory()))
        #expect(r.code == 0, "\(r.out)")
    }

    @Test(.enabled(if: binary != nil, "the werkbank binary is not built"))
    func presentReadsKeysFromAPipe() throws {
        let r = try Self.run(["present", "Notebooks/six-cases.md"], stdin: "\n\nb\nq\n")
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.contains("The six cases compared  ·  1/"))
        #expect(r.out.contains("werkbank> cases | select id, name, role, level, city"))
        #expect(r.out.contains("│ keilepand         │ Keilepand         │ primary     │"))
        #expect(r.out.contains("werkbank> cases | count by role"))
        #expect(!r.out.contains("\u{1B}["))
    }

    @Test(.enabled(if: binary != nil, "the werkbank binary is not built"))
    func exitCodes() throws {
        let dir = NSTemporaryDirectory() + "werkbank-e2e-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data("# no front matter\n".utf8).write(to: URL(fileURLWithPath: dir + "/bad.md"))
        let bad = try Self.run(["run", dir + "/bad.md"])
        #expect(bad.code == 2)
        #expect(bad.err.contains("bad.md:1: a notebook starts with front matter"))
        #expect(try Self.run(["run", dir + "/none.md"]).code == 2)
        #expect(try Self.run(["run", "Notebooks/six-cases.md", "--bogus"]).code == 2)
        let html = try Self.run(["export", "Notebooks/collectives.md", "--html", dir + "/c.html"])
        #expect(html.code == 0, "\(html.err)")
        #expect(FileManager.default.fileExists(atPath: dir + "/c.html"))
    }
}
