import Foundation
import Testing
@testable import WerkbankCommandLine
import WerkbankEngine
import WerkbankLanguage
import WerkbankNotebook
import WerkbankRender

/// Every form of the command line, run in-process through the one
/// declaration (`Invocation.run`) with captured streams. Expected counts
/// come from the Library's CSV (DuckDB: `select count(*), min(founded) from
/// 'Library/cases.csv'` gives 7 and 2012).
@Suite struct CommandLineFormsTests {
    /// `werkbank ARGS` with `stdin` as the statements of batch mode.
    static func run(_ args: [String], stdin: String = "") -> NB.Result {
        let box = NB.Box([])
        let io = NotebookIO(out: { box.out += $0 }, err: { box.err += $0 }, readLine: { nil })
        let context = CommandContext(
            makeSession: { library throws(EngineError) in try NB.factory(library: library)() },
            notebookIO: { _ in io }, out: { box.out += $0 }, err: { box.err += $0 },
            isInteractive: false, readInput: { stdin })
        let code = Invocation.run(args, in: context)
        return NB.Result(code: code, out: box.out, err: box.err)
    }

    @Test func statementsFromDashCInEachFormat() {
        #expect(Self.run(["-c", "cases | count", "--format", "csv"]).out == "count\n7\n")
        // JSONWriter's documented form: `{"key": value}`, in json two spaces in from the brackets.
        #expect(Self.run(["--format=jsonl", "-c", "cases | count"]).out == "{\"count\": 7}\n")
        #expect(Self.run(["-f", "JSON", "--command", "cases | count"]).out == "[\n  {\"count\": 7}\n]\n")
        #expect(Self.run(["-c", "cases | count", "-f", "markdown"]).out == "| count |\n| ---: |\n| 7 |\n")
        let table = Self.run(["-c", "cases | count"])
        #expect(table.code == 0)
        #expect(table.out.contains("│     7 │"))
    }

    @Test func statementsFromStdinAndTheirExitStatus() {
        let ok = Self.run(["--format", "csv"], stdin: "let few = cases | take 2\nfew | count\n")
        #expect(ok.code == 0)
        #expect(ok.out == "count\n2\n")
        // A machine-readable format keeps messages off stdout.
        #expect(ok.err.contains("few"))
        let failed = Self.run([], stdin: "cases | where nosuchcolumn > 1\n")
        #expect(failed.code == 1)
        #expect(failed.err.contains("nosuchcolumn"))
    }

    /// `--library` before the subcommand (it failed before argument-parser),
    /// after it, and at the end: the replay reads that Library, which here
    /// differs from the bundled one in one founding year.
    @Test func globalOptionsStandBeforeOrAfterTheSubcommand() throws {
        let library = NB.libraryCopy()
        let dir = NB.folder()
        let shell = try NB.Shell(folder: dir, library: library)
        shell.type("cases | summarize first = min(founded)")
        shell.type("notebook save \"years.md\"")
        let path = dir + "/years.md"
        let csvPath = library + "/cases.csv"
        let csv = NB.read(csvPath)
        let earliest = try #require(csv.range(of: ",2012,"))
        NB.write(csv.replacingCharacters(in: earliest, with: ",2011,"), to: csvPath)

        #expect(Self.run(["run", path, "--check"]).code == 0, "the bundled Library still has 2012")
        for args in [
            ["--library", library, "run", path, "--check"],
            ["run", "--library", library, path, "--check"],
            ["run", path, "--check", "--library=\(library)"],
        ] {
            let r = Self.run(args)
            #expect(r.code == 1, "\(args): \(r.out)\(r.err)")
            #expect(r.out.contains("2011"), "\(args)")
        }
        // -c reads the same option before its statements.
        #expect(
            Self.run(["--library", library, "-f", "csv", "-c", "cases | summarize first = min(founded)"]).out
                == "first\n2011\n")
    }

    @Test func usageErrorsSayWhatAndWhereHelpIs() {
        let format = Self.run(["--format", "yaml", "-c", "cases"])
        #expect(format.code == 2)
        #expect(format.err.hasPrefix("werkbank: "))
        // The values offered are the one list of formats.
        for f in OutputFormat.allCases { #expect(format.err.contains("'\(f.rawValue)'")) }
        #expect(format.err.contains("See 'werkbank --help'"))

        let unknown = Self.run(["run", "nb.md", "--frobnicate"])
        #expect(unknown.code == 2)
        #expect(unknown.err.hasPrefix("werkbank: unknown option '--frobnicate'\n"), "\(unknown.err)")
        #expect(unknown.err.contains("See 'werkbank run --help'"))

        let rootOnly = Self.run(["-c", "cases | count", "run", "nb.md"])
        #expect(rootOnly.code == 2)
        #expect(rootOnly.err.hasPrefix("werkbank: -c does not go with run"), "\(rootOnly.err)")
        #expect(rootOnly.out.isEmpty)

        for args in [
            ["run", "nb.md", "--param", "x"], ["run", "nb.md", "--param", "=cases"],
            ["run", "nb.md", "--param", "x=cases", "--param", "x=cases"], ["export", "nb.md", "--html", ""],
            ["--completions", "tcsh"], ["run", "nb.md", "--until", "-1"], ["nosuchcommand"],
        ] {
            let r = Self.run(args)
            #expect(r.code == 2, "\(args)")
            #expect(r.err.hasPrefix("werkbank: "), "\(args): \(r.err)")
        }
    }

    @Test func helpAndVersionGoToStdout() {
        let help = Self.run(["--help"])
        #expect(help.code == 0)
        #expect(help.err.isEmpty)
        for word in ["run", "present", "export", "--library", "--completions", "--man", "Exit status"] {
            #expect(help.out.contains(word), "\(word)")
        }
        // Each format with its help, from the one list.
        for f in OutputFormat.allCases { #expect(help.out.contains(f.help), "\(f)") }
        for args in [["run", "--help"], ["help", "run"], ["run", "-h"]] {
            let r = Self.run(args)
            #expect(r.code == 0, "\(args)")
            #expect(r.out.contains("--allow-write") && r.out.contains("--param"), "\(args): \(r.out)")
        }
        #expect(Self.run(["--version"]).out == "werkbank \(WerkbankVersion.current)\n")
    }

    @Test func completionScriptsAndManPageComeFromTheDeclaration() {
        for shell in ["bash", "zsh", "fish"] {
            let r = Self.run(["--completions", shell])
            #expect(r.code == 0)
            // Every subcommand, and --format's values from OutputFormat.
            for word in ["run", "present", "export", "allow-write", "jsonl", "markdown"] {
                #expect(r.out.contains(word), "\(shell): \(word)")
            }
        }
        let man = Self.run(["--man"]).out
        #expect(man.hasPrefix(".\\\" Generated by `werkbank --man`"))
        for word in [
            "\\fBrun\\fR", "\\fBpresent\\fR", "\\fBexport\\fR", "\\-\\-allow\\-write", "\\-\\-param", "\\-\\-html",
            ".SH STAGES", ".SH FILE FORMATS",
        ] {
            #expect(man.contains(word), "\(word)")
        }
        for f in OutputFormat.allCases { #expect(man.contains(f.help.replacingOccurrences(of: "-", with: "\\-")), "\(f)") }
    }

    @Test func setFormatReadsTheSameList() {
        let session = (try? NB.factory()())!
        var diagnostic: Diagnostic?
        _ = session.run("set format yaml") { if case .failure(let d) = $0.result { diagnostic = d } }
        #expect(diagnostic?.hint == "table, csv, json, jsonl or markdown")
        #expect(OutputFormat.spelledOut == "table, csv, json, jsonl or markdown")
        #expect(OutputFormat.alternatives == "table|csv|json|jsonl|markdown")
    }
}

/// README.md's command-line section says what the declaration declares.
@Suite struct CommandLineReadmeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    static func section() throws -> String {
        let readme = try String(contentsOfFile: root + "/README.md", encoding: .utf8)
        let start = try #require(readme.range(of: "## Command line\n"))
        let end = readme.range(of: "\n## ", range: start.upperBound..<readme.endIndex)?.lowerBound ?? readme.endIndex
        return String(readme[start.upperBound..<end])
    }

    @Test func everyOptionAndSubcommandIsInTheReadme() throws {
        let section = try Self.section()
        let tool = try #require(ToolDescription.werkbank())
        for o in tool.options { #expect(section.contains(o.names.last!), "\(o.names)") }
        for sub in tool.subcommands {
            #expect(section.contains("werkbank [--library <dir>] \(sub.name) <notebook>"), "\(sub.name)")
            for o in sub.options where !o.isBuiltIn { #expect(section.contains(o.names.last!), "\(sub.name) \(o.names)") }
        }
        for f in OutputFormat.allCases { #expect(section.contains("`\(f.rawValue)` (\(f.help))"), "\(f)") }
    }
}
