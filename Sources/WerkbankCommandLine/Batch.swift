import WerkbankLanguage

/// Batch mode (`-c`, or statements on stdin): runs the statements and
/// prints each result as it comes; exit 1 if any failed.
enum Batch {
    static func run(_ text: String, _ session: Session, _ context: CommandContext) -> Int32 {
        var failed = false
        _ = session.run(text) { outcome in
            let r = OutcomeRenderer.render(outcome, source: text, settings: session.settings, batch: true)
            if !r.stdout.isEmpty { context.out(r.stdout) }
            if !r.stderr.isEmpty { context.err(r.stderr) }
            if case .failure = outcome.result { failed = true }
        }
        return failed ? 1 : 0
    }
}
