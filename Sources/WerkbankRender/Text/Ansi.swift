/// ANSI SGR styling. Renderers apply it only when `RenderOptions.color` is
/// set, and always around text whose width was measured without it.
public enum Ansi {
    public static let bold = "\u{1B}[1m"
    public static let dim = "\u{1B}[2m"
    public static let reset = "\u{1B}[0m"

    public static func bold(_ s: String, when on: Bool = true) -> String {
        on ? bold + s + reset : s
    }

    public static func dim(_ s: String, when on: Bool = true) -> String {
        on ? dim + s + reset : s
    }
}
