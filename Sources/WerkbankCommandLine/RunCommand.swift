import ArgumentParser
import Foundation
import WerkbankEngine
import WerkbankNotebook

/// `werkbank run NOTEBOOK.md`: a replay (see `NotebookReplayer`).
struct RunCommand: ContextualCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Replay every cell of a notebook in a fresh session and print the outputs.",
        discussion: """
            Paths in the notebook resolve against its folder. Every replay first says on stderr which pinned \
            inputs changed since recording.

            Exit status: 0 ok; 1 a cell failed (plain run) or an output differs (--check; a recorded error that \
            still matches is fine); 2 a usage error or an unreadable notebook.
            """)

    @OptionGroup var global: GlobalOptions
    @ParentCommand var root: Werkbank

    @Argument(help: "The notebook (Markdown).", completion: .file(extensions: ["md"]))
    var notebook: String

    @Flag(help: "Compare each output with the recorded one; exit 1 on any difference.")
    var check = false

    @Flag(help: "Rewrite the outputs and dataset hashes in the notebook (its prose is kept byte for byte).")
    var update = false

    @Option(help: ArgumentHelp("Stop after cell <n> (1 or more).", valueName: "n"))
    var until: Int?

    @Flag(
        help: """
            Let save stages write files (a replay writes nothing otherwise; a cell that reads a file an earlier cell \
            writes fails without it).
            """)
    var allowWrite = false

    @Option(
        name: .customLong("param"),
        help: ArgumentHelp(
            "Run the parameter cell <name> (```werkbank parameter) as let <name> = <pipeline>.",
            valueName: "name=pipeline"))
    var parameters: [String] = []

    /// The replay's options, checked (`validate` throws their errors).
    func options() throws -> NotebookReplayer.Options {
        var options = NotebookReplayer.Options(mode: check ? .check : update ? .update : .run, allowWrite: allowWrite)
        if check && update { throw ValidationError("--check and --update cannot go together") }
        if let until {
            guard until >= 1 else { throw ValidationError("--until needs a cell number (1 or more), not \"\(until)\"") }
            options.until = until
        }
        for parameter in parameters {
            guard let eq = parameter.firstIndex(of: "="), eq != parameter.startIndex else {
                throw ValidationError("--param needs NAME=PIPELINE, not \"\(parameter)\"")
            }
            let name = String(parameter[..<eq]), pipeline = String(parameter[parameter.index(after: eq)...])
            guard !pipeline.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ValidationError("--param \(name)= needs a pipeline after the =")
            }
            if options.parameters[name] != nil { throw ValidationError("--param \(name) given twice") }
            options.parameters[name] = pipeline
        }
        return options
    }

    func validate() throws {
        try root.rejectRootOnlyOptions(in: Self.configuration.commandName!)
        _ = try options()
    }

    func run(in context: CommandContext) -> Int32 {
        // validate() has thrown every error options() can throw.
        guard let options = try? options() else { return 2 }
        return NotebookCommands.run(
            notebook, options,
            makeSession: { () throws(EngineError) in
                try context.makeSession(global.library)
            }, io: context.notebookIO(false))
    }
}
