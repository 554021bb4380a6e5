import Foundation
import WerkbankCommandLine

// The command line is declared in WerkbankCommandLine (`werkbank --help`).
// Exit codes: 0 success, 1 a statement failed, 2 usage error.

AllocatorTuning.apply()
exit(Invocation.run(Array(CommandLine.arguments.dropFirst()), in: .process))
