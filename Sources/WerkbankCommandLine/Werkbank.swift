import ArgumentParser
import WerkbankEngine
import WerkbankReaders
import WerkbankLanguage
import WerkbankRender

/// The command line, declared once: argument-parser parses it and writes
/// `--help`, the completion scripts (`--completions`) and the data the man
/// page is drawn from (`--man`, `ManPage`). Without a subcommand werkbank is
/// the shell, or runs statements from `-c` or stdin.
struct Werkbank: ContextualCommand {
    static let configuration = CommandConfiguration(
        commandName: "werkbank",
        abstract: "A data shell: pipelines over tables from CSV, JSON, GeoJSON and xlsx files.",
        usage: """
            werkbank [--format <format>] [--library <dir>]
            werkbank -c <statements> [--format <format>] [--library <dir>]
            werkbank [--library <dir>] <subcommand> <notebook> ...
            """,
        discussion: """
            werkbank reads tables from files and runs pipelines over them: SOURCE | STAGE | STAGE ... \
            With stdin and stdout on a terminal it is an interactive shell (help shows the overview, help TOPIC \
            one stage, function or table); otherwise it runs the statements from -c or from stdin and exits:
              werkbank -c 'cases | count'
              echo 'datasets' | werkbank --format csv

            Exit status: 0 success; 1 a statement failed, or a notebook replay found a failing cell or (with \
            --check) a difference; 2 a usage error, or a notebook that cannot be read.
            """,
        version: "werkbank \(WerkbankVersion.current)",
        subcommands: [RunCommand.self, PresentCommand.self, ExportCommand.self])

    @Option(
        name: [.customShort("c"), .customLong("command")],
        help: ArgumentHelp("Run the statements and exit.", valueName: "statements"))
    var statements: String?

    @Option(name: [.short, .long], help: ArgumentHelp("The output format of results (default table).", valueName: "format"))
    var format: OutputFormat?

    @OptionGroup var global: GlobalOptions

    @Option(
        name: .customLong("completions"),
        help: ArgumentHelp(
            "Print the completion script for \(Self.shells.dropLast().joined(separator: ", ")) or \(Self.shells.last!).",
            valueName: "shell"),
        completion: .list(Self.shells))
    var completionShell: String?

    @Flag(name: .customLong("man"), help: "Print the man page (roff).")
    var manPage = false

    /// The shells argument-parser writes completion scripts for.
    static let shells = ["bash", "zsh", "fish"].filter { CompletionShell(rawValue: $0) != nil }

    mutating func validate() throws {
        if let shell = completionShell, CompletionShell(rawValue: shell.lowercased()) == nil {
            throw ValidationError("unknown shell \"\(shell)\" (\(Self.shells.joined(separator: ", ")))")
        }
    }

    /// Options that make no sense with a notebook command (which has its own
    /// output and reads no statements); nil when there are none.
    var rootOnlyOptionGiven: String? {
        if statements != nil { return "-c" }
        if format != nil { return "--format" }
        if completionShell != nil { return "--completions" }
        if manPage { return "--man" }
        return nil
    }

    func run(in context: CommandContext) -> Int32 {
        if let shell = completionShell.flatMap({ CompletionShell(rawValue: $0.lowercased()) }) {
            context.out(Self.completionScript(for: shell))
            return 0
        }
        if manPage {
            context.out(ManPage.render())
            return 0
        }
        // Off unless asked for (a global: a test's context leaves it alone).
        if context.showsLoadProgress { LoadProgress.isEnabled = true }
        let session: Session
        do {
            session = try context.makeSession(global.library)
        } catch {
            context.err("werkbank: \(error.message)\n")
            return 2
        }
        if let format { session.settings.format = format }
        if let statements { return Batch.run(statements, session, context) }
        if context.isInteractive { return ShellCommand.run(session) }
        // Statements from stdin (a pipe or a file), read whole.
        return Batch.run(context.readInput(), session, context)
    }
}

extension Werkbank {
    /// A notebook command given a root-only option (`werkbank -c x run nb.md`)
    /// is a usage error rather than an option silently ignored.
    func rejectRootOnlyOptions(in subcommand: String) throws {
        if let option = rootOnlyOptionGiven {
            throw ValidationError("\(option) does not go with \(subcommand) (only the shell and batch mode read it)")
        }
    }
}
