import Foundation
import WerkbankLanguage

/// Paths in recorded cells, moved from the folder they were written against
/// (the session's) to another (the notebook's, which is what a replay
/// resolves them against): `load "data/messy.csv"` in a session in `~/work`,
/// saved as `~/work/reports/sub.md`, becomes `load "../data/messy.csv"`.
enum NotebookPaths {
    struct Moved {
        var blocks: [NotebookBlock]
        /// One line per path that will not replay elsewhere (absolute, or
        /// outside the notebook's folder).
        var warnings: [String]
    }

    static func move(_ blocks: [NotebookBlock], from base: String, to folder: String) -> Moved {
        var warnings: [String] = []
        let from = absolute(base), to = absolute(folder)
        let result = blocks.map { block -> NotebookBlock in
            guard case .cell(let written, let recorded, let markers) = block else { return block }
            var code = written, output = recorded
            // Right to left, so that earlier spans stay valid while replacing.
            for use in StatementFiles.uses(in: code).reversed() {
                if use.path.hasPrefix("/") || use.path.hasPrefix("~") {
                    warn("\(use.path) is an absolute path: the notebook replays only where that file is", &warnings)
                    continue
                }
                let relative = Self.moved(use.path, from: from, to: to)
                if relative.hasPrefix("../") {
                    warn("\(relative) is outside the notebook's folder: keep the data beside the notebook to share it", &warnings)
                }
                guard relative != use.path else { continue }
                code = replacing(code, span: use.span, with: StatementFiles.literal(relative))
                if use.kind == .write { output = renamingSave(output, from: use.path, to: relative) }
            }
            return .cell(code: code, output: output, markers: markers)
        }
        return Moved(blocks: result, warnings: warnings)
    }

    /// A relative `path` written against the folder `from`, relative to the
    /// folder `to` instead (both absolute); absolute paths stay as they are.
    static func moved(_ path: String, from: String, to: String) -> String {
        if path.hasPrefix("/") || path.hasPrefix("~") { return path }
        return relativePath(from: to, to: standardized(from + "/" + path))
    }

    /// The pins of a notebook saved into `folder`: file paths moved as the
    /// cells' are, and no file that a cell writes (it is no input).
    static func pins(_ pins: [DatasetPin], of blocks: [NotebookBlock], from base: String, to folder: String) -> [DatasetPin] {
        let from = absolute(base), to = absolute(folder)
        var written: Set<String> = []
        for case .cell(let code, _, _) in blocks {
            for use in StatementFiles.uses(in: code) where use.kind == .write { written.insert(moved(use.path, from: from, to: to)) }
        }
        return pins.compactMap { pin in
            guard pin.kind == .file else { return pin }
            let path = moved(pin.name, from: from, to: to)
            if written.contains(path) { return nil }
            return DatasetPin(kind: .file, name: path, sha256: pin.sha256)
        }
    }

    static func warn(_ line: String, _ warnings: inout [String]) {
        let text = "warning: " + line
        if !warnings.contains(text) { warnings.append(text) }
    }

    /// `code` with the bytes of `span` replaced.
    static func replacing(_ code: String, span: SourceSpan, with text: String) -> String {
        let bytes = Array(code.utf8)
        guard span.start >= 0, span.end <= bytes.count, span.start <= span.end else { return code }
        return String(decoding: bytes[..<span.start] + Array(text.utf8) + bytes[span.end...], as: UTF8.self)
    }

    /// The `saved … to PATH` line of a recorded output, for the moved path.
    static func renamingSave(_ output: String, from old: String, to new: String) -> String {
        NotebookDocument.splitLines(output).map { line -> String in
            let text = String(line.text)
            if line.text.hasPrefix("saved "), text.hasSuffix(" to " + old) {
                return String(text.dropLast(old.utf8.count)) + new + String(line.raw.dropFirst(line.text.count))
            }
            return String(line.raw)
        }.joined()
    }

    static func absolute(_ path: String) -> String {
        standardized(path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path)
    }

    static func standardized(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// `target` relative to the folder `base` (both absolute and standardized).
    static func relativePath(from base: String, to target: String) -> String {
        let b = base.split(separator: "/"), t = target.split(separator: "/")
        var common = 0
        while common < b.count, common < t.count, b[common] == t[common] { common += 1 }
        let ups = Array(repeating: "..", count: b.count - common)
        return (ups + t[common...].map(String.init)).joined(separator: "/")
    }
}
