import WerkbankEngine
import WerkbankLanguage

/// The datasets a session has read, with the sha256 of each at first use.
struct DatasetTracker {
    /// The Library's tables and how to hash them, taken when the session was
    /// fresh (a `let` may later hide a Library name).
    let library: [String: @Sendable () -> String?]
    private var tablesSeen = 0
    private var filesSeen = 0
    private(set) var pins: [DatasetPin] = []
    private var files: [DatasetPin] = []
    /// Files the notebook itself writes (resolved, standardized): never pinned.
    var written: Set<String> = []

    init(session: Session) {
        var library: [String: @Sendable () -> String?] = [:]
        for name in session.catalog.names {
            guard let entry = session.catalog.entry(name), case .library = entry.origin, let hash = entry.contentHash else { continue }
            library[name] = hash
        }
        self.library = library
    }

    /// Takes in the tables and files the session read since the last call.
    mutating func update(_ session: Session) {
        let tables = session.tablesUsed
        for name in tables.dropFirst(tablesSeen) {
            guard let hash = library[name] else { continue }
            // A name that now stands for a loaded file is pinned as that file.
            if let entry = session.catalog.entry(name), case .file = entry.origin { continue }
            if pins.contains(where: { $0.kind == .table && $0.name == name }) { continue }
            if let h = hash() { pins.append(DatasetPin(kind: .table, name: name, sha256: h)) }
        }
        tablesSeen = tables.count
        let read = session.filesRead
        for file in read.dropFirst(filesSeen) {
            if files.contains(where: { $0.name == file.written }) { continue }
            if written.contains(NotebookPaths.standardized(file.resolved)) { continue }
            if let h = SHA256.hexOfFile(file.resolved) { files.append(DatasetPin(kind: .file, name: file.written, sha256: h)) }
        }
        filesSeen = read.count
    }

    /// Library tables first, then files, each in order of first use.
    var all: [DatasetPin] { pins + files }

    /// The sha256 of a pinned dataset as it is now.
    func currentHash(_ pin: DatasetPin, baseDirectory: String) -> String? {
        switch pin.kind {
        case .table: return library[pin.name].flatMap { $0() }
        case .file: return SHA256.hexOfFile(NotebookOutput.resolve(pin.name, base: baseDirectory))
        }
    }
}
