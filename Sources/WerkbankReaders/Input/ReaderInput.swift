import WerkbankEngine

/// What a reader reads: a file by its path, or bytes already in memory (a
/// pipe read to its end, a test's text) with the name errors give them.
/// Every reader takes one of these; `withBytes` is the one way from a path
/// to the bytes (through `InputFile`).
public enum ReaderInput: Sendable {
    case file(path: String)
    case bytes([UInt8], name: String)

    /// How errors name the input.
    public var name: String {
        switch self {
        case .file(let path): path
        case .bytes(_, let name): name
        }
    }

    /// Calls `body` with all the bytes. A file is read into memory the
    /// reader owns (`InputFile`: devices are refused, a pipe is read to its
    /// end, a file that changes while it is read is an error, never a
    /// SIGBUS); with a progress bar, the bar follows the read, then shows
    /// "parsing".
    public func withBytes<R>(
        cancel: CancellationToken = .never, progress: LoadProgress? = nil,
        _ body: (UnsafeBufferPointer<UInt8>) throws(EngineError) -> R
    ) throws(EngineError) -> R {
        switch self {
        case .bytes(let bytes, _):
            return try bytes.withUnsafeBufferPointer { (buffer) throws(EngineError) -> R in try body(buffer) }
        case .file(let path):
            var advance: (@Sendable (Int) -> Void)?
            if let progress { advance = { done in progress.advance(to: done) } }
            return try InputFile(path: path).withContents(cancel: cancel, progress: advance) { (bytes) throws(EngineError) -> R in
                progress?.phase("parsing")
                return try body(bytes)
            }
        }
    }
}
