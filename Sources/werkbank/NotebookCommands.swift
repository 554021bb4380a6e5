import Foundation
import WerkbankLanguage

/// `werkbank run | present | export NOTEBOOK ...` (the notebook issue fills this in).
enum NotebookCommands {
    static func run(_ arguments: [String], library: String?) -> Int32 {
        StandardStreams.err("werkbank: notebooks are not available yet\n")
        return 2
    }
}
