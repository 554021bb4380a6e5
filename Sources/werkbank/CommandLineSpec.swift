/// The command line in one table: the options and subcommands that the
/// shell completion scripts and the man page are generated from.
enum CommandLineSpec {
    enum Argument: Equatable {
        case none
        /// One of these words.
        case choice([String])
        /// A file (optionally with these extensions) or a folder.
        case file([String])
        case directory
        case text
        case number
    }

    struct Option {
        var long: String
        var short: String?
        var argument: Argument
        var metavar: String
        var help: String
    }

    struct Subcommand {
        var name: String
        /// The notebook argument's file extensions.
        var file: [String]
        var options: [Option]
        var help: String
    }

    static let formats = ["table", "csv", "json", "jsonl", "markdown"]
    static let shells = ["bash", "zsh", "fish"]

    static let options: [Option] = [
        Option(long: "command", short: "c", argument: .text, metavar: "STATEMENTS", help: "run the statements and exit"),
        Option(long: "format", short: "f", argument: .choice(formats), metavar: "FORMAT", help: "output format: table (default), csv, json, jsonl or markdown"),
        Option(long: "library", short: nil, argument: .directory, metavar: "DIR", help: "use the Library in DIR instead of the bundled one"),
        Option(long: "completions", short: nil, argument: .choice(shells), metavar: "SHELL", help: "print the completion script for bash, zsh or fish"),
        Option(long: "man", short: nil, argument: .none, metavar: "", help: "print the man page (roff)"),
        Option(long: "version", short: nil, argument: .none, metavar: "", help: "print the version"),
        Option(long: "help", short: "h", argument: .none, metavar: "", help: "print the usage"),
    ]

    static let subcommands: [Subcommand] = [
        Subcommand(name: "run", file: ["md"], options: [
            Option(long: "check", short: nil, argument: .none, metavar: "", help: "fail when an output differs from the notebook's"),
            Option(long: "update", short: nil, argument: .none, metavar: "", help: "write the new outputs into the notebook"),
            Option(long: "until", short: nil, argument: .number, metavar: "N", help: "run the first N cells only"),
            Option(long: "allow-write", short: nil, argument: .none, metavar: "", help: "let save statements write files"),
            Option(long: "library", short: nil, argument: .directory, metavar: "DIR", help: "use the Library in DIR"),
        ], help: "replay a notebook and show its outputs"),
        Subcommand(name: "present", file: ["md"], options: [
            Option(long: "library", short: nil, argument: .directory, metavar: "DIR", help: "use the Library in DIR"),
        ], help: "step through a notebook cell by cell"),
        Subcommand(name: "export", file: ["md"], options: [
            Option(long: "html", short: nil, argument: .file(["html"]), metavar: "OUT.html", help: "write the notebook as one HTML page"),
            Option(long: "library", short: nil, argument: .directory, metavar: "DIR", help: "use the Library in DIR"),
        ], help: "export a notebook to HTML"),
    ]
}
