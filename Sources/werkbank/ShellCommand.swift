import Foundation
import WerkbankLanguage

/// The interactive shell (the shell issue fills this in with readline).
enum ShellCommand {
    static func run(_ session: Session) -> Int32 {
        var failed = false
        while true {
            print("werkbank> ", terminator: "")
            guard let line = readLine() else { return failed ? 1 : 0 }
            for outcome in session.run(line) {
                let r = OutcomeRenderer.render(outcome, source: line, settings: session.settings, batch: false)
                print(r.stdout, terminator: "")
                StandardStreams.err(r.stderr)
                if case .failure = outcome.result { failed = true }
                if case .success(.exit) = outcome.result { return 0 }
            }
        }
    }
}
