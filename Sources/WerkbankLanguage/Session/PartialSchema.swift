import Foundation
import WerkbankEngine
import WerkbankReaders

/// Schemas of half-typed pipelines, for the shell's completion: binding only,
/// never executing a stage, never reading rows.
extension Session {
    /// The columns that a stage typed after `prefix` would see: `prefix` is the
    /// start of a statement up to (not including) the `|` before that stage,
    /// e.g. `cases | derive x = 1` or `let t = load "f.csv" | select a`.
    ///
    /// The planner's completion plan: the source is resolved (a Library table
    /// loads on first use; a `load "PATH"` source reads only the first 64 KiB
    /// of a CSV file), then every stage is bound. When a stage does not bind,
    /// the schema before it is the answer (the best guess for a line that is
    /// still being typed); nil when the prefix is not a pipeline or its
    /// source is unknown.
    /// - Complexity: the cost of binding; no stage runs.
    public func schemaBeforeStage(_ prefix: String) -> Schema? {
        let lexed = Lexer.tokenize(prefix)
        guard lexed.errors.isEmpty else { return nil }
        let statements = StatementSplitter.split(lexed.tokens)
        guard let last = statements.last else { return nil }
        var parser = Parser(last)
        guard let pipeline = (try? parser.parseStatement())?.pipeline else { return nil }
        return try? Planner(session: self, purpose: .completion).plan(pipeline, text: prefix).output
    }

    /// The schema of a `load` source from the start of the file only.
    func headerSchema(_ node: LoadNode) -> Schema? {
        let path = ExecutionContext(cancel: .never, baseDirectory: baseDirectory, allowWrite: false).resolve(node.path)
        guard let request = try? FileLoader.request(node) else { return nil }
        // Regular files only: opening a FIFO or a terminal would block the prompt.
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
              let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let limit = 64 * 1024
        guard let data = try? handle.read(upToCount: limit), !data.isEmpty else { return nil }
        if request.format != CSVFormat.format {
            // A whole small file only (JSON, a workbook); a cut one would not parse.
            guard data.count < limit, let t = try? FileLoader.load(request, node, columns: nil, context:
                    ExecutionContext(cancel: .never, baseDirectory: baseDirectory, allowWrite: false)) else { return nil }
            return t.table.fields
        } else {
            var bytes = [UInt8](data)
            if bytes.count == limit, let lastNewline = bytes.lastIndex(of: 0x0A) {
                bytes.removeSubrange((lastNewline + 1)...)
            }
            // Title lines above the table (CBS exports) are left out, as a load does.
            return try? CSVFile.schema(.bytes(bytes, name: path), options: request.options.csv,
                                       skip: request.options.skip, cancel: .never)
        }
    }
}
