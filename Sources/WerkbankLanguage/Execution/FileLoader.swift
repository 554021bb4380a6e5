import Foundation
import WerkbankEngine
import WerkbankReaders

/// `load "PATH" [OPTIONS]`: the statement's format (by the file's name) and
/// its options, parsed once into typed values with errors that point at the
/// option; then `LoadFormats.load` reads the file.
enum FileLoader {
    struct Loaded {
        var table: Table
        /// What the reader decided, e.g. `';', decimal ',', Windows-1252`.
        var decisions: String
        var path: String
    }

    /// A `load` statement checked before anything is read.
    struct Request {
        var format: LoadFormat
        var options: LoadOptions
    }

    /// The format its file name says and the parsed options: an unknown
    /// option, one of another format, or a value of the wrong kind is an
    /// error under that option (the key, or its value), with the format's
    /// options as the hint.
    static func request(_ node: LoadNode) throws(Diagnostic) -> Request {
        let format: LoadFormat
        do throws(UnreadableFormat) {
            format = try LoadFormats.named(node.path)
        } catch {
            throw Diagnostic(error.message, at: node.pathSpan, hint: error.hint)
        }
        do throws(LoadOptionError) {
            return Request(format: format, options: try format.parse(node.options.map { ($0.key, $0.value.text) }))
        } catch {
            let option = node.options[error.index]
            throw Diagnostic(
                error.message, at: error.part == .key ? option.span : option.value.span,
                hint: DidYouMean.hint(option.key, among: error.candidates) ?? error.hint)
        }
    }

    static func load(_ request: Request, _ node: LoadNode, columns: Set<String>?, context: ExecutionContext) throws(EngineError) -> Loaded {
        let path = context.resolve(node.path)
        let (table, decisions) = try LoadFormats.load(
            path: path, label: node.path, as: request.format, options: request.options,
            columns: columns, cancel: context.cancel)
        HeapRelease.afterRead()
        return Loaded(table: table, decisions: decisions, path: path)
    }
}
