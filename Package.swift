// swift-tools-version: 6.0
import PackageDescription

// The targets follow the path of a line (see ARCHITECTURE.md):
// Engine (typed columns, operators, readers) ← Render (tables as text) ←
// Language (lexer → parser → binder → plan → executor) ← Library / Notebook / Shell ← werkbank.
let package = Package(
    name: "werkbank",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "werkbank", targets: ["werkbank"]),
        .library(name: "WerkbankLanguage", targets: ["WerkbankLanguage"]),
    ],
    dependencies: [],
    targets: [
        .target(name: "WerkbankEngine"),
        .target(name: "WerkbankRender", dependencies: ["WerkbankEngine"]),
        .target(name: "WerkbankLanguage", dependencies: ["WerkbankEngine", "WerkbankRender"]),
        .target(
            name: "WerkbankLibrary",
            dependencies: ["WerkbankEngine", "WerkbankLanguage"],
            plugins: ["EmbedLibrary"]
        ),
        .executableTarget(name: "library-embed"),
        .plugin(name: "EmbedLibrary", capability: .buildTool(), dependencies: ["library-embed"]),
        .executableTarget(
            name: "werkbank",
            dependencies: ["WerkbankEngine", "WerkbankRender", "WerkbankLanguage", "WerkbankLibrary"]
        ),
        .testTarget(
            name: "WerkbankTests",
            dependencies: ["WerkbankEngine", "WerkbankRender", "WerkbankLanguage", "WerkbankLibrary"]
        ),
    ]
)
