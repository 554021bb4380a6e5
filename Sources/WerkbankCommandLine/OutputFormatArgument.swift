import ArgumentParser
import WerkbankRender

/// `--format`'s values, their help and their completions come from
/// `OutputFormat.allCases`, the one list of formats.
extension OutputFormat: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }

    public static var allValueDescriptions: [String: String] {
        Dictionary(uniqueKeysWithValues: allCases.map { ($0.rawValue, $0.help) })
    }
}
