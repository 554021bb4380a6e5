// swift-tools-version: 6.0
import PackageDescription

// The targets follow the path of a line (see ARCHITECTURE.md):
// Engine (typed columns, kernels, operators) ← Readers (file formats → tables) and Render (tables as text) ←
// Language (lexer → parser → binder → plan → executor) ← Library / Notebook / Shell ← CommandLine ← werkbank.
let package = Package(
    name: "werkbank",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "werkbank", targets: ["werkbank"]),
        // For the fuzzers in Fuzz/ (a package of their own).
        .library(name: "WerkbankLanguage", targets: ["WerkbankLanguage"]),
        .library(name: "WerkbankReaders", targets: ["WerkbankReaders"]),
        .library(name: "WerkbankLibrary", targets: ["WerkbankLibrary"]),
        .library(name: "WerkbankNotebook", targets: ["WerkbankNotebook"]),
    ],
    dependencies: [
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
        // xlsx workbooks are zip archives, unpacked by ZIPFoundation; their XML is read by the readers' own XMLScanner.
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // The command line: one declaration gives the parser, help, completion scripts and the man page.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // SHA-256 of the datasets a notebook pins, with the CPU's SHA instructions.
        .package(url: "https://github.com/apple/swift-crypto", from: "4.0.0"),
    ],
    targets: [
        .target(name: "WerkbankEngine", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .target(
            name: "WerkbankReaders", dependencies: ["WerkbankEngine", "CMemmem", "CByteScan", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        // save "x.xlsx" writes a zip archive too.
        .target(name: "WerkbankRender", dependencies: ["WerkbankEngine", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .target(name: "WerkbankLanguage", dependencies: ["WerkbankEngine", "WerkbankReaders", "WerkbankRender", "CMalloc"]),
        .target(
            name: "WerkbankLibrary",
            dependencies: ["WerkbankEngine", "WerkbankReaders", "WerkbankLanguage"],
            plugins: ["EmbedLibrary"]
        ),
        .executableTarget(name: "library-embed"),
        .plugin(name: "EmbedLibrary", capability: .buildTool(), dependencies: ["library-embed"]),
        .target(
            name: "WerkbankNotebook",
            dependencies: ["WerkbankEngine", "WerkbankRender", "WerkbankLanguage", .product(name: "Ink", package: "Ink")]
        ),
        .systemLibrary(name: "CReadline", providers: [.apt(["libreadline-dev"])]),
        .systemLibrary(name: "CMalloc"),
        .systemLibrary(name: "CMemmem"),
        .systemLibrary(name: "CByteScan"),
        .target(name: "WerkbankShell", dependencies: ["WerkbankEngine", "WerkbankRender", "WerkbankLanguage", "CReadline"]),
        .target(
            name: "WerkbankCommandLine",
            dependencies: ["WerkbankEngine", "WerkbankReaders", "WerkbankRender", "WerkbankLanguage", "WerkbankLibrary", "WerkbankNotebook",
                           "WerkbankShell", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(name: "werkbank", dependencies: ["WerkbankCommandLine", "CMalloc"]),
        .testTarget(
            name: "WerkbankTests",
            dependencies: ["WerkbankEngine", "WerkbankReaders", "WerkbankRender", "WerkbankLanguage", "WerkbankLibrary", "WerkbankNotebook",
                           "WerkbankShell", "WerkbankCommandLine", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
    ]
)
