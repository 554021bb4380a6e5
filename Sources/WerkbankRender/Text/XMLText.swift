/// Escaping for XML and HTML text: the one place SVG charts and the HTML
/// export make text safe.
public enum XMLText {
    /// Text for an element's content: `& < >` escaped; control characters
    /// (which XML forbids) shown as U+FFFD.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\n", "\t": out.unicodeScalars.append(u)
            case "\r": break
            default:
                if u.value < 0x20 || u.value == 0xFFFE || u.value == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out
    }

    /// Text for an attribute value in double quotes.
    public static func escapeAttribute(_ s: String) -> String {
        var out = ""
        for c in escape(s) {
            switch c {
            case "\"": out += "&quot;"
            case "\n": out += "&#10;"
            case "\t": out += "&#9;"
            default: out.append(c)
            }
        }
        return out
    }
}
