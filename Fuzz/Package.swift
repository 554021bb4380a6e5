// swift-tools-version: 6.0
import Foundation
import PackageDescription

// libFuzzer fuzzers for werkbank, kept out of the main package: build and run
// them with `.ci/fuzz` (see the README's "Reliability" section).
//
// The main package exports only the WerkbankLanguage library (which brings
// WerkbankEngine and WerkbankRender); the Library and Notebook modules are
// compiled here from the main package's own sources through symlinks
// (Sources/WerkbankLibrary, Sources/WerkbankNotebook, Sources/library-embed,
// Library), so nothing in the main package changes.

// A path dependency is known by its folder's name, whatever the checkout is called.
let root = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent()
let rootIdentity = root.lastPathComponent.lowercased()
let language = Target.Dependency.product(name: "WerkbankLanguage", package: rootIdentity)

let package = Package(
    name: "werkbank-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
    ],
    targets: [
        .systemLibrary(name: "CFuzzer"),
        .target(name: "FuzzSupport", dependencies: ["CFuzzer"]),

        // The main package's modules that it does not export, under other names
        // (target names must be unique across the package graph).
        .executableTarget(name: "fuzz-library-embed", path: "Sources/library-embed"),
        .plugin(name: "FuzzEmbedLibrary", capability: .buildTool(), dependencies: ["fuzz-library-embed"]),
        .target(name: "FuzzedLibrary", dependencies: [language], path: "Sources/WerkbankLibrary", plugins: ["FuzzEmbedLibrary"]),
        .target(name: "FuzzedNotebook", dependencies: [language, .product(name: "Ink", package: "Ink")], path: "Sources/WerkbankNotebook"),

        // The fuzzers.
        .executableTarget(name: "fuzz-language", dependencies: ["FuzzSupport", language, "FuzzedLibrary"]),
        .executableTarget(name: "fuzz-csv", dependencies: ["FuzzSupport", language]),
        .executableTarget(name: "fuzz-json", dependencies: ["FuzzSupport", language]),
        .executableTarget(name: "fuzz-notebook", dependencies: ["FuzzSupport", language, "FuzzedNotebook"]),
    ]
)
