import ArgumentParser
import WerkbankEngine
import WerkbankNotebook

/// `werkbank present NOTEBOOK.md`: slides (see `NotebookPresenter`).
struct PresentCommand: ContextualCommand {
    static let configuration = CommandConfiguration(
        commandName: "present",
        abstract: "Step through a notebook cell by cell, as slides.",
        discussion: """
            Space runs a cell and goes on, ← goes back, a number and Enter jumps, e edits a cell, : asks a \
            question, ? lists the keys, q quits. The notebook is never written.
            """)

    @OptionGroup var global: GlobalOptions
    @ParentCommand var root: Werkbank

    @Argument(help: "The notebook (Markdown).", completion: .file(extensions: ["md"]))
    var notebook: String

    func validate() throws {
        try root.rejectRootOnlyOptions(in: Self.configuration.commandName!)
    }

    func run(in context: CommandContext) -> Int32 {
        NotebookCommands.present(
            notebook,
            makeSession: { () throws(EngineError) in
                try context.makeSession(global.library)
            }, io: context.notebookIO(true))
    }
}
