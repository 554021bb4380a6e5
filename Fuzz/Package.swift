// swift-tools-version: 6.0
import Foundation
import PackageDescription

// libFuzzer fuzzers for werkbank, kept out of the main package: build and run
// them with `.ci/fuzz` (see the README's "Reliability" section).
//
// The main package exports the modules fuzzed here as library products
// (WerkbankLanguage brings WerkbankEngine, WerkbankReaders and WerkbankRender).

// A path dependency is known by its folder's name, whatever the checkout is called.
let root = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent()
let rootIdentity = root.lastPathComponent.lowercased()
let language = Target.Dependency.product(name: "WerkbankLanguage", package: rootIdentity)
let readers = Target.Dependency.product(name: "WerkbankReaders", package: rootIdentity)
let library = Target.Dependency.product(name: "WerkbankLibrary", package: rootIdentity)
let notebook = Target.Dependency.product(name: "WerkbankNotebook", package: rootIdentity)

let package = Package(
    name: "werkbank-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: "..")
    ],
    targets: [
        .systemLibrary(name: "CFuzzer"),
        .target(name: "FuzzSupport", dependencies: ["CFuzzer"]),

        // The fuzzers.
        .executableTarget(name: "fuzz-language", dependencies: ["FuzzSupport", language, library]),
        .executableTarget(name: "fuzz-csv", dependencies: ["FuzzSupport", language, readers]),
        .executableTarget(name: "fuzz-json", dependencies: ["FuzzSupport", language, readers]),
        .executableTarget(name: "fuzz-xml", dependencies: ["FuzzSupport", language, readers]),
        .executableTarget(name: "fuzz-notebook", dependencies: ["FuzzSupport", language, notebook]),
    ]
)
