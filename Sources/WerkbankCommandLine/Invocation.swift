import ArgumentParser

/// One run of the program: parses the arguments with the one declaration
/// (`Werkbank` and its subcommands), runs the command, and turns a parse
/// error into werkbank's own form and exit status.
public enum Invocation {
    /// Exit status: 0 success, 1 a statement failed or a check found a
    /// difference, 2 a usage error (README, DESIGN.md).
    public static func run(_ arguments: [String], in context: CommandContext) -> Int32 {
        let parsed: ParsableCommand
        do {
            parsed = try Werkbank.parseAsRoot(arguments)
        } catch {
            return report(error, context)
        }
        guard let command = parsed as? ContextualCommand else {
            // argument-parser's own `help SUBCOMMAND`: its run() throws the help to show.
            var builtIn = parsed
            do { try builtIn.run() } catch { return report(error, context) }
            return 0
        }
        return command.run(in: context)
    }

    /// Help, `--version` and the like go to stdout with status 0; an error
    /// to stderr as `werkbank: what`, then the usage and where help is, status 2.
    static func report(_ error: Error, _ context: CommandContext) -> Int32 {
        let full = Werkbank.fullMessage(for: error)
        guard Werkbank.exitCode(for: error) != .success else {
            context.out(full.hasSuffix("\n") ? full : full + "\n")
            return 0
        }
        let message = Werkbank.message(for: error)
        // argument-parser writes "Error: MESSAGE" and then the usage; the
        // usage is kept as the hint, the message goes into werkbank's form.
        let lead = "Error: " + message
        let hint = full.hasPrefix(lead) ? String(full.dropFirst(lead.count)) : ""
        context.err("werkbank: \(lowercasingFirstWord(message))\(hint)\n")
        return 2
    }

    /// "Unknown option '--x'" → "unknown option '--x'"; a message that starts
    /// with a name or a flag ("--check and …") is left alone.
    static func lowercasingFirstWord(_ message: String) -> String {
        guard let first = message.first, first.isUppercase,
            message.dropFirst().prefix(while: { $0.isLetter }).allSatisfy(\.isLowercase)
        else { return message }
        return first.lowercased() + message.dropFirst()
    }
}
