import ArgumentParser
import WerkbankEngine
import WerkbankNotebook

/// `werkbank export NOTEBOOK.md --html OUT.html` (see `HTMLExporter`).
struct ExportCommand: ContextualCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a notebook as one self-contained HTML page.",
        discussion: "Tables become HTML tables and charts inline SVG; the page prints as a clean handout.")

    @OptionGroup var global: GlobalOptions
    @ParentCommand var root: Werkbank

    @Argument(help: "The notebook (Markdown).", completion: .file(extensions: ["md"]))
    var notebook: String

    @Option(
        help: ArgumentHelp("Write the page to <out.html> (- writes it to stdout).", valueName: "out.html"),
        completion: .file(extensions: ["html"]))
    var html: String

    func validate() throws {
        try root.rejectRootOnlyOptions(in: Self.configuration.commandName!)
        if html.isEmpty { throw ValidationError("export needs --html OUT.html") }
    }

    func run(in context: CommandContext) -> Int32 {
        NotebookCommands.export(
            notebook, html: html,
            makeSession: { () throws(EngineError) in
                try context.makeSession(global.library)
            }, io: context.notebookIO(false))
    }
}
