/// Compares outputs the way a reader would: line by line, ignoring trailing
/// spaces (editors strip them) and trailing blank lines. A `save` that a
/// replay skipped matches a recorded output that shows it written (the
/// replay knows, as a value, what it would have written).
enum OutputComparison {
    /// An output's lines as written in an output block.
    static func lines(_ s: String) -> [Substring] {
        var lines = NotebookDocument.splitLines(s).map { $0.text.trimmingTrailingWhitespace() }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    /// Equal, as shown or with skipped saves shown as written, after the
    /// notebook's sanitizers have rewritten both sides.
    static func same(recorded: String, now: NotebookOutput.CellOutput, sanitizers: [OutputSanitizer] = []) -> Bool {
        same(recorded: recorded, now: now.text, sanitizers: sanitizers)
            || (now.asWritten != now.text && same(recorded: recorded, now: now.asWritten, sanitizers: sanitizers))
    }

    static func same(recorded: String, now: String, sanitizers: [OutputSanitizer]) -> Bool {
        if lines(recorded) == lines(now) { return true }
        guard !sanitizers.isEmpty else { return false }
        return lines(OutputSanitizer.apply(sanitizers, to: recorded)) == lines(OutputSanitizer.apply(sanitizers, to: now))
    }

    /// The output to write on `--update`: as written when the recorded
    /// output shows every save the replay skipped as written (a recording
    /// made with writing allowed), else as shown.
    static func merged(recorded: String?, now: NotebookOutput.CellOutput) -> String {
        guard let recorded, now.asWritten != now.text else { return now.text }
        let recordedLines = Set(lines(recorded))
        return now.writtenLines.allSatisfy { recordedLines.contains(Substring($0)) } ? now.asWritten : now.text
    }
}
