import WerkbankEngine

/// Everything a renderer may depend on besides the table. Renderers read no
/// globals and query no terminal: the caller decides the width and colour.
public struct RenderOptions: Sendable, Equatable {
    /// `set rows N`: the most rows the table and card modes show.
    public var maxRows: Int = 40
    /// Decimals shown for floats in table, card and markdown modes (then
    /// trailing zeros are trimmed).
    public var decimals: Int = 4
    /// Terminal width in cells (100 when not a terminal, and in notebooks).
    public var width: Int = 100
    /// ANSI styling (header bold, null dimmed); only on a colour terminal.
    public var color: Bool = false
    /// Table mode: a text wider than its column wraps onto more lines of its
    /// row instead of being cut with `…` (notebooks, where a reader of the
    /// Markdown file must see every value).
    public var wrap: Bool = false

    public init() {}

    public init(maxRows: Int = 40, decimals: Int = 4, width: Int = 100, color: Bool = false, wrap: Bool = false) {
        self.maxRows = maxRows
        self.decimals = decimals
        self.width = width
        self.color = color
        self.wrap = wrap
    }
}
