import WerkbankRender

/// The options `set` changes.
public struct Settings: Sendable {
    public var format: OutputFormat = .table
    public var rows = 40
    public var decimals = 4
    public var color = false
    /// `set color auto` follows the terminal (decided by the front end).
    public var colorAuto = true
    public var timer = false
    public var width = 100
    /// Table cells wrap instead of being cut (set by notebooks, not by `set`).
    public var wrapCells = false

    public init() {}

    public var renderOptions: RenderOptions {
        var o = RenderOptions()
        o.maxRows = rows
        o.decimals = decimals
        o.width = width
        o.color = color
        o.wrap = wrapCells
        return o
    }

    /// The names `set` takes, from its declarations.
    public static var optionNames: [String] { SetStatement.settings.map(\.declaration.name) }
}
