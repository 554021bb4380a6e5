import Foundation
import PackagePlugin

/// A copy of the main package's EmbedLibrary plugin (tool names must be unique
/// across the package graph). Embeds the top-level `Library/` folder (CSV files and the manifest) into
/// the WerkbankLibrary module as Swift source, so the binary carries the
/// Library wherever it is run from. `Library/` stays the one source of truth.
@main
struct FuzzEmbedLibrary: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        let library = context.package.directoryURL.appending(path: "Library")
        let files = try FileManager.default.contentsOfDirectory(atPath: library.path)
            .filter { $0.hasSuffix(".csv") || $0 == "library.json" }
            .sorted()
            .map { library.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "BundledLibrary.swift")
        return [.buildCommand(
            displayName: "Embedding Library/ (\(files.count) files)",
            executable: try context.tool(named: "fuzz-library-embed").url,
            arguments: [output.path] + files.map(\.path),
            inputFiles: files,
            outputFiles: [output])]
    }
}
