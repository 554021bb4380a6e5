import Foundation
import Testing

/// The command line's ecosystem fit: the committed man page and completion
/// scripts are exactly what the binary generates, the scripts parse in their
/// shells, and `--version` / `version` agree. (The forms of the command line
/// itself: CommandLineFormsTests.)
@Suite(.serialized) struct CLIFormatTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    static let generated: [([String], String)] = [
        (["--man"], "docs/werkbank.1"),
        (["--completions", "bash"], "docs/completions/werkbank.bash"),
        (["--completions", "zsh"], "docs/completions/_werkbank"),
        (["--completions", "fish"], "docs/completions/werkbank.fish"),
    ]

    @Test(arguments: generated.map(\.1))
    func committedDocsMatchTheBinary(_ file: String) throws {
        let arguments = try #require(Self.generated.first { $0.1 == file }?.0)
        let r = try BinaryRunner.run(arguments)
        #expect(r.status == 0, "\(r.stderr)")
        let committed = try String(contentsOfFile: Self.root + "/" + file, encoding: .utf8)
        #expect(
            r.stdout == committed,
            "\(file) is out of date: regenerate it with `werkbank \(arguments.joined(separator: " ")) > \(file)`")
    }

    @Test func unknownShellIsAUsageError() throws {
        let r = try BinaryRunner.run(["--completions", "tcsh"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("unknown shell \"tcsh\" (bash, zsh, fish)"))
    }

    /// The form that failed before the command line moved to argument-parser.
    @Test func aGlobalOptionBeforeTheSubcommand() throws {
        let r = try BinaryRunner.run(
            ["--library", Self.root + "/Library", "run", "Notebooks/six-cases.md", "--check"],
            cwd: Self.root, timeout: 60)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasSuffix(": all match\n"), "\(r.stdout)")
    }

    @Test func versionFlagAndStatementAgree() throws {
        let flag = try BinaryRunner.run(["--version"])
        let statement = try BinaryRunner.run(["-c", "version"])
        #expect(flag.status == 0 && statement.status == 0)
        #expect(flag.stdout.hasPrefix("werkbank "))
        #expect(statement.stdout == flag.stdout || statement.stderr == flag.stdout, "\(statement.stdout)|\(statement.stderr)")
    }

    /// Runs `script` with `shell`, when that shell is installed.
    static func shell(_ shell: String, _ script: String) throws -> (Int32, String)? {
        guard let path = ["/bin/", "/usr/bin/", "/usr/local/bin/"].map({ $0 + shell }).first(where: FileManager.default.isExecutableFile) else {
            return nil
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = ["-c", script]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func bashCompletes() throws {
        let script = """
            source '\(Self.root)/docs/completions/werkbank.bash'
            t() {
              COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; COMPREPLY=()
              _werkbank werkbank "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"; echo "${COMPREPLY[*]}"
            }
            t werkbank --format j
            t werkbank run --u
            t werkbank --completions ''
            t werkbank --library lib run --ch
            t werkbank ''
            """
        guard let (status, out) = try Self.shell("bash", script) else { return }
        #expect(status == 0)
        let lines = out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(Array(lines.prefix(4)) == ["json jsonl", "--update --until", "bash zsh fish", "--check"], "\(out)")
        // The first word: the subcommands and the root's options.
        let first = Set(lines[4].split(separator: " ").map(String.init))
        #expect(first.isSuperset(of: ["run", "present", "export", "--format", "--library", "-c"]), "\(lines[4])")
    }

    @Test func zshAndFishScriptsParse() throws {
        if let (status, out) = try Self.shell("zsh", "zsh -n '\(Self.root)/docs/completions/_werkbank'") {
            #expect(status == 0, "\(out)")
        }
        if let (status, out) = try Self.shell("fish", "fish --no-execute '\(Self.root)/docs/completions/werkbank.fish'") {
            #expect(status == 0, "\(out)")
        }
    }
}
