import WerkbankEngine
import WerkbankLanguage

/// The first lines of a shell: the version, the Library's tables with their
/// row counts (Library tables are small; counting loads them), and a hint.
public enum Banner {
    public static let example = "cases | select name, city, founded | sort founded"

    public static func text(session: Session, width: Int, color: Bool) -> String {
        let bold = color ? "\u{1B}[1m" : "", dim = color ? "\u{1B}[2m" : "", reset = color ? "\u{1B}[0m" : ""
        var out = "\(bold)werkbank \(WerkbankVersion.current)\(reset) — pipelines over tables on work space in Dutch cities\n"
        var items: [String] = []
        for name in session.catalog.names {
            guard case .library = session.catalog.entry(name)?.origin else { continue }
            if let table = try? session.catalog.table(name) {
                items.append("\(name) (\(table.rowCount))")
            } else {
                items.append(name)
            }
        }
        if !items.isEmpty {
            out += wrap("Library: ", items, width: max(width, 40))
        }
        let hint = "Type help for the commands, Tab to complete, Ctrl-D to leave."
        let tryIt = "Try: "
        if hint.count + 1 + tryIt.count + example.count <= width {
            out += "\(dim)\(hint) \(tryIt)\(reset)\(example)\n"
        } else {
            out += "\(dim)\(hint)\n\(tryIt)\(reset)\(example)\n"
        }
        return out
    }

    /// `label item, item, …` wrapped at `width`, continuation lines indented.
    static func wrap(_ label: String, _ items: [String], width: Int) -> String {
        var out = "", line = label
        let indent = String(repeating: " ", count: label.count)
        for (i, item) in items.enumerated() {
            let piece = item + (i < items.count - 1 ? "," : "")
            if line.count + piece.count + 1 > width, line != label, line != indent {
                out += line + "\n"
                line = indent
            }
            line += (line == label || line == indent ? "" : " ") + piece
        }
        return out + line + "\n"
    }
}
