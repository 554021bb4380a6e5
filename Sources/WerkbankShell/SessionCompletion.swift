import Foundation
import Synchronization
import WerkbankEngine
import WerkbankLanguage

extension CompletionEnvironment {
    /// Completion over a session's tables and folder. Partial pipelines are
    /// bound (`Session.schemaBeforeStage`), never run.
    public static func session(
        _ session: Session,
        previousPipeline: @escaping @Sendable () -> String? = { nil }
    ) -> CompletionEnvironment {
        CompletionEnvironment(
            tableNames: { session.catalog.names + session.remoteTableNames },
            columnsOfTable: { name in
                guard let table = (try? session.catalog.table(name)) ?? session.remoteStandIn(name) else { return nil }
                return table.fields.map(\.name)
            },
            columnsBeforeStage: { prefix in session.schemaBeforeStage(prefix)?.map(\.name) },
            listDirectory: { folder in listDirectory(folder, base: session.baseDirectory) },
            previousPipeline: previousPipeline)
    }

    /// Entries of `folder` as written in a path (relative to `base`, or
    /// absolute, or starting with `~/`); at most 5,000 so a huge folder
    /// cannot stall the prompt.
    public static func listDirectory(_ folder: String, base: String) -> [(name: String, isDirectory: Bool)] {
        var resolved: String
        if folder.hasPrefix("/") {
            resolved = folder
        } else if folder == "~/" || folder.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] {
            resolved = home + String(folder.dropFirst())
        } else if base.isEmpty || base == "." {
            resolved = folder.isEmpty ? "." : folder
        } else {
            resolved = base + "/" + folder
        }
        if resolved.isEmpty { resolved = "." }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: resolved) else { return [] }
        return names.prefix(5000).map { name in
            var isDirectory: ObjCBool = false
            let path = resolved.hasSuffix("/") ? resolved + name : resolved + "/" + name
            _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            return (name, isDirectory.boolValue)
        }
    }
}

/// A string the shell updates and completion reads.
final class SharedString: Sendable {
    private let value = Mutex<String?>(nil)
    func get() -> String? { value.withLock { $0 } }
    func set(_ s: String?) { value.withLock { $0 = s } }
}
