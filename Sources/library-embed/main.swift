import Foundation

// Writes a Swift file holding each given file's text as a raw string literal:
//   library-embed OUTPUT FILE...
let arguments = CommandLine.arguments.dropFirst()
guard let output = arguments.first else {
    FileHandle.standardError.write(Data("usage: library-embed OUTPUT FILE...\n".utf8))
    exit(2)
}
var source = "// Generated from Library/ by the EmbedLibrary plugin. Do not edit.\n\n"
source += "enum BundledLibrary {\n    static let files: [String: String] = [\n"
for path in arguments.dropFirst() {
    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
        FileHandle.standardError.write(Data("library-embed: cannot read \(path) as UTF-8\n".utf8))
        exit(1)
    }
    // Enough #s that the text cannot close the raw literal early.
    var hashes = "#"
    while text.contains("\"" + hashes) { hashes += "#" }
    let name = URL(fileURLWithPath: path).lastPathComponent
    source += "        \"\(name)\": \(hashes)\"\"\"\n\(text)\n\"\"\"\(hashes),\n"
}
source += "    ]\n}\n"
do {
    try source.write(toFile: output, atomically: true, encoding: .utf8)
} catch {
    FileHandle.standardError.write(Data("library-embed: cannot write \(output): \(error)\n".utf8))
    exit(1)
}
