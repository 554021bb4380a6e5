/// How series are told apart: the Okabe–Ito colours (safe for the common
/// kinds of colour blindness), and for greyscale print and terminals without
/// colour a second cue per series — a marker shape, a line dash, a bar fill.
enum ChartPalette {
    /// Okabe & Ito (2008), in an order whose neighbours also differ in lightness;
    /// the first is the colour of a chart with one series.
    static let colors = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
    static var count: Int { colors.count }

    /// ANSI 256-colour codes nearest to the Okabe–Ito colours.
    static let ansi = [25, 214, 36, 175, 74, 166, 227, 16]

    /// Terminal markers for scatter points and line ends.
    static let markers: [Character] = ["●", "■", "▲", "◆", "○", "□", "△", "◇"]

    /// Terminal bar fills: distinct without colour.
    static let fills: [Character] = ["█", "▓", "▒", "░", "▚", "▞", "▤", "▥"]

    /// SVG line dashes (empty: solid).
    static let dashes = ["", "6 3", "2 3", "8 3 2 3", "1 2", "12 4", "4 4", "8 2 2 2 2 2"]

    /// SVG marker shapes for scatter points, as path data around (0, 0).
    static let shapes = [
        "M -3.5 0 A 3.5 3.5 0 1 0 3.5 0 A 3.5 3.5 0 1 0 -3.5 0 Z",  // circle
        "M -3 -3 H 3 V 3 H -3 Z",  // square
        "M 0 -4 L 3.5 3 H -3.5 Z",  // triangle
        "M 0 -4 L 4 0 L 0 4 L -4 0 Z",  // diamond
        "M -3.5 -1 H -1 V -3.5 H 1 V -1 H 3.5 V 1 H 1 V 3.5 H -1 V 1 H -3.5 Z",  // plus
        "M -3 -3 L 3 3 M 3 -3 L -3 3",  // cross (stroked)
        "M 0 4 L 3.5 -3 H -3.5 Z",  // triangle down
        "M -4 0 H 4 M 0 -4 V 4",  // star of two lines (stroked)
    ]

    /// SVG fill patterns for bars of series 1…: hatchings over the colour.
    static let patterns = [
        "", "M 0 6 L 6 0", "M 0 0 L 6 6", "M 3 0 V 6", "M 0 3 H 6", "M 0 6 L 6 0 M 0 0 L 6 6", "M 3 0 V 6 M 0 3 H 6", "M 0 6 L 6 0",
    ]

    static func color(_ series: Int) -> String { colors[series % colors.count] }
}
