import Foundation
import WerkbankEngine
import WerkbankLanguage
import WerkbankLibrary
import WerkbankRender

// The command line: `werkbank [-c STATEMENTS] [--format F] [--library DIR]`.
// Exit codes: 0 success, 1 a statement failed, 2 usage error.

AllocatorTuning.apply()
let invocation: Invocation
do {
    invocation = try Invocation.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("werkbank: \(error.message)\n\(Invocation.usage)".utf8))
    exit(2)
}
exit(Driver.run(invocation))
