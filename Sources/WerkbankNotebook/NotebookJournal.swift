import Foundation
import WerkbankEngine
import WerkbankLanguage

/// The shell's recording, kept on disk while it grows, so that a crash, a
/// `kill -9` or a closed terminal loses nothing: after every change the whole
/// notebook is written (atomically) to
/// `$XDG_STATE_HOME/werkbank/journal/session-PID-TIME.md` (default
/// `~/.local/state/werkbank/journal/`). A session that ends with everything
/// saved removes its journal; `notebook recover` in a later session reads the
/// newest journal whose process is gone.
struct NotebookJournal {
    let path: String

    /// The journal folder, or nil without a home (then nothing is journalled).
    static func folder(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/werkbank/journal" }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.local/state/werkbank/journal"
    }

    /// A journal for this process (the file appears at the first write).
    static func forThisSession(in folder: String?) -> NotebookJournal? {
        guard let folder else { return nil }
        let started = Int(Date().timeIntervalSince1970)
        return NotebookJournal(path: "\(folder)/session-\(getpid())-\(started).md")
    }

    func write(_ text: String) throws(EngineError) {
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .unwritable(path: folder, message: "cannot create the journal folder")
        }
        try AtomicFile.write(Array(text.utf8), to: path)
    }

    func remove() { unlink(path) }

    /// Journals in `folder` left by sessions whose process is gone, newest first.
    static func orphans(in folder: String?) -> [String] {
        guard let folder, let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var found: [(path: String, time: Int)] = []
        for name in names where name.hasPrefix("session-") && name.hasSuffix(".md") {
            let parts = name.dropFirst("session-".count).dropLast(".md".count).split(separator: "-")
            guard parts.count == 2, let pid = Int32(parts[0]), let time = Int(parts[1]) else { continue }
            if pid == getpid() || processIsAlive(pid) { continue }
            found.append((folder + "/" + name, time))
        }
        return found.sorted { $0.time > $1.time }.map(\.path)
    }

    static func processIsAlive(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
