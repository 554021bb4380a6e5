import ArgumentParser
import WerkbankEngine
import WerkbankReaders

/// The command line as data, for the man page: argument-parser's own
/// description of the declaration (the JSON its `--experimental-dump-help`
/// prints, which its generate-manual plugin reads too), walked with the
/// engine's `JSONValue`. Hidden arguments are left out.
struct ToolDescription {
    struct Argument {
        /// `-f`, `--format`; empty for a positional argument.
        var names: [String]
        var valueName: String
        var abstract: String
        var discussion: String
        var isOptional: Bool
        /// The values it takes (`--format`), each with its help in `valueHelp`.
        var values: [String]
        var valueHelp: [String: String]

        var isRepeating: Bool

        var isPositional: Bool { names.isEmpty }
        /// argument-parser's `--help` and `--version`, which every subcommand repeats.
        var isBuiltIn: Bool { names.contains("--help") || names.contains("--version") }
    }

    struct Command {
        var name: String
        var abstract: String
        var discussion: String
        /// The usage lines the declaration gives, if any.
        var usage: String
        var arguments: [Argument]
        var subcommands: [Command]

        var options: [Argument] { arguments.filter { !$0.isPositional } }
    }

    /// werkbank's declaration; nil only if argument-parser's JSON could not be read.
    static func werkbank() -> Command? {
        let dump: String
        do {
            _ = try Werkbank.parseAsRoot(["--experimental-dump-help"])
            return nil
        } catch {
            dump = Werkbank.fullMessage(for: error)
        }
        guard let json = try? JSONValue.parse(dump, name: "--experimental-dump-help"), let root = json["command"] else { return nil }
        var command = self.command(root)
        command.usage = Werkbank.configuration.usage ?? ""
        return command
    }

    static func command(_ json: JSONValue) -> Command {
        let arguments = (json["arguments"]?.array ?? []).compactMap(argument)
        // argument-parser's built-in `help` command is not one of werkbank's.
        let subcommands = (json["subcommands"]?.array ?? []).filter { $0["commandName"]?.string != "help" }.map(command)
        return Command(
            name: json["commandName"]?.string ?? "", abstract: json["abstract"]?.string ?? "",
            discussion: json["discussion"]?.string ?? "", usage: "", arguments: arguments, subcommands: subcommands)
    }

    static func argument(_ json: JSONValue) -> Argument? {
        if case .bool(false) = json["shouldDisplay"] { return nil }
        let names = (json["names"]?.array ?? []).compactMap { name -> String? in
            guard let text = name["name"]?.string else { return nil }
            return (name["kind"]?.string == "long" ? "--" : "-") + text
        }
        var valueHelp: [String: String] = [:]
        if case .object(let members) = json["allValueDescriptions"] {
            for (value, help) in members { valueHelp[value] = help.string }
        }
        let isFlag = json["kind"]?.string == "flag"
        return Argument(
            names: json["kind"]?.string == "positional" ? [] : names,
            valueName: isFlag ? "" : json["valueName"]?.string ?? "",
            abstract: json["abstract"]?.string ?? "", discussion: json["discussion"]?.string ?? "",
            isOptional: json["isOptional"] == .bool(true),
            values: json["allValues"]?.array?.compactMap(\.string) ?? [], valueHelp: valueHelp,
            isRepeating: json["isRepeating"] == .bool(true))
    }
}
