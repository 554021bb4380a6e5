import WerkbankRender

/// The parsed command line.
struct Invocation {
    enum Mode {
        case statements(String)   // -c
        case stdinOrShell
        case help
        case version
        /// `--completions bash|zsh|fish`: print the completion script.
        case completions(String)
        /// `--man`: print the man page.
        case man
        /// `run`, `present` or `export` and their arguments (see NotebookCommands).
        case notebook([String])
    }

    var mode: Mode = .stdinOrShell
    var format: OutputFormat?
    var library: String?

    struct UsageError: Error { var message: String }

    static let usage = """
        usage: werkbank [-c STATEMENTS] [--format table|csv|json|jsonl|markdown] [--library DIR]
          werkbank                 the shell when stdin is a terminal; otherwise runs statements from stdin
          werkbank -c "cases | count"   runs the statements and exits
          werkbank run NOTEBOOK.md [--check | --update] [--until N] [--allow-write]
          werkbank present NOTEBOOK.md
          werkbank export NOTEBOOK.md --html OUT.html
          --format F               output format (default table)
          --library DIR            use the Library in DIR instead of the bundled one
          --completions SHELL      print the completion script for bash, zsh or fish
          --man                    print the man page
          --version, --help

        """

    static func parse(_ args: [String]) throws(UsageError) -> Invocation {
        var inv = Invocation()
        if let first = args.first, ["run", "present", "export"].contains(first) {
            var inv = Invocation()
            var rest: [String] = []
            var i = 0
            while i < args.count {
                if args[i] == "--library", i + 1 < args.count {
                    inv.library = args[i + 1]
                    i += 2
                    continue
                }
                rest.append(args[i])
                i += 1
            }
            inv.mode = .notebook(rest)
            return inv
        }
        var i = 0
        func value(_ flag: String) throws(UsageError) -> String {
            i += 1
            guard i < args.count else { throw UsageError(message: "\(flag) needs a value") }
            return args[i]
        }
        while i < args.count {
            let a = args[i]
            switch a {
            case "-c", "--command": inv.mode = .statements(try value(a))
            case "-f", "--format":
                let v = try value(a)
                guard let f = OutputFormat(rawValue: v.lowercased()) else {
                    throw UsageError(message: "unknown format \"\(v)\" (table, csv, json, jsonl, markdown)")
                }
                inv.format = f
            case "--library": inv.library = try value(a)
            case "-h", "--help": inv.mode = .help
            case "--version": inv.mode = .version
            case "--man": inv.mode = .man
            case "--completions":
                let v = try value(a)
                guard CommandLineSpec.shells.contains(v.lowercased()) else {
                    throw UsageError(message: "unknown shell \"\(v)\" (bash, zsh, fish)")
                }
                inv.mode = .completions(v.lowercased())
            default:
                if a.hasPrefix("--format=") {
                    let v = String(a.dropFirst("--format=".count))
                    guard let f = OutputFormat(rawValue: v.lowercased()) else { throw UsageError(message: "unknown format \"\(v)\"") }
                    inv.format = f
                } else if a.hasPrefix("--completions=") {
                    let v = String(a.dropFirst("--completions=".count)).lowercased()
                    guard CommandLineSpec.shells.contains(v) else { throw UsageError(message: "unknown shell \"\(v)\" (bash, zsh, fish)") }
                    inv.mode = .completions(v)
                } else if a.hasPrefix("--library=") {
                    inv.library = String(a.dropFirst("--library=".count))
                } else {
                    throw UsageError(message: "unknown argument \"\(a)\"")
                }
            }
            i += 1
        }
        return inv
    }
}
