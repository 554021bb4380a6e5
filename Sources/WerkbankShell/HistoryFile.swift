import Foundation
import WerkbankLanguage

/// The shell's history on disk: one input a line (a multi-line input keeps
/// its newlines as `\n`, a backslash is `\\`), oldest first, at most `limit`
/// entries, never two equal entries in a row.
///
/// Each save merges with what is on disk (so two shells open at once both
/// keep their inputs) and writes a temporary file renamed over the old one,
/// so a crash never leaves a truncated history.
public struct HistoryFile: Sendable {
    public var path: String
    public var limit: Int

    public init(path: String, limit: Int = 5000) {
        self.path = path
        self.limit = limit
    }

    /// `$XDG_DATA_HOME/werkbank/history`, else `~/.local/share/werkbank/history`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            return xdg + "/werkbank/history"
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.local/share/werkbank/history"
    }

    /// The entries on disk; none when there is no file yet.
    public func load() -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        return Self.normalized(lines.map { Self.decode(String($0)) }, limit: limit)
    }

    /// Adds `entries` after those on disk and writes the file atomically.
    public func append(_ entries: [String]) throws(HistoryError) {
        guard !entries.isEmpty else { return }
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
        } catch {
            throw HistoryError(message: "cannot create \(folder): \(error.localizedDescription)")
        }
        let all = Self.normalized(load() + entries, limit: limit)
        let text = all.map(Self.encode).joined(separator: "\n") + "\n"
        do {
            try AtomicFile.write(Array(text.utf8), to: path)
        } catch {
            throw HistoryError(message: error.message)
        }
    }

    /// Without blank entries and consecutive repeats, the newest `limit` kept.
    static func normalized(_ entries: [String], limit: Int) -> [String] {
        var out: [String] = []
        for e in entries where !e.allSatisfy(\.isWhitespace) && out.last != e { out.append(e) }
        return Array(out.suffix(max(limit, 0)))
    }

    static func encode(_ entry: String) -> String {
        var out = ""
        for c in entry {
            switch c {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r\n": out += "\\n"
            case "\r": break
            default: out.append(c)
            }
        }
        return out
    }

    static func decode(_ line: String) -> String {
        var out = ""
        var escaped = false
        for c in line {
            if escaped {
                out += c == "n" ? "\n" : String(c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                out.append(c)
            }
        }
        if escaped { out += "\\" }
        return out
    }
}

/// A failure to write the history, as a message for the user.
public struct HistoryError: Error, Sendable {
    public var message: String
}
