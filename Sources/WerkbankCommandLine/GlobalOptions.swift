import ArgumentParser

/// Options of every mode, accepted before the subcommand as well as after
/// it (`werkbank --library lib run nb.md`): the root command and each
/// subcommand hold this group, and argument-parser hands the subcommand the
/// values the root parsed.
struct GlobalOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp("Use the Library in <dir> instead of the bundled one.", valueName: "dir"),
        completion: .directory)
    var library: String?
}
