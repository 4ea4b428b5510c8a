// swift-tools-version:6.1
// libFuzzer targets for Leitbild's readers and tokenizer. A separate package so that the
// fuzzer sanitizer never touches the `leitbild` executables: build it with
//     cd Fuzz && swift build -c debug --sanitize=fuzzer --sanitize=address
// or use `Fuzz/run.sh` (see docs/fuzzing.md).
import Foundation
import PackageDescription

/// SwiftPM names a path dependency after its folder (`main`, `wt-fuzz`, CI's clone), not after
/// the `name:` in its manifest, so the product references look the folder up.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

/// One libFuzzer executable per input format, plus the REFI-QDA codebook reader, the tokenizer,
/// the metadata sheet and (below) the signals stage (`FuzzSignals`) and the pseudonymiser with the
/// pseudonym list (`FuzzPseudonymizer`).
/// Each has a `main.swift` that only defines `LLVMFuzzerTestOneInput`.
let targets = [
    "FuzzPlainText", "FuzzRTF", "FuzzVTT", "FuzzSRT", "FuzzTEI", "FuzzEXMARaLDA", "FuzzELAN",
    "FuzzDocx", "FuzzDocxXML", "FuzzQDPX", "FuzzQDE", "FuzzQDC", "FuzzCSV", "FuzzMetadata", "FuzzTokenizer",
]

let package = Package(
    name: "LeitbildFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // The checks every target shares: reader and tokenizer invariants, clean errors.
        .target(
            name: "FuzzSupport",
            dependencies: [
                .product(name: "LeitbildCore", package: root),
                .product(name: "Ingestion", package: root),
                .product(name: "GermanText", package: root),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // The signals stage (with German text analysis and coding before it) on hostile transcripts.
        .executableTarget(
            name: "FuzzSignals",
            dependencies: [
                .product(name: "LeitbildCore", package: root), .product(name: "Ingestion", package: root),
                .product(name: "GermanText", package: root), .product(name: "Themes", package: root),
                .product(name: "Signals", package: root),
            ]
        ),
        // Learning names from hostile text and replacing them: every transcript's text goes through it.
        .executableTarget(
            name: "FuzzPseudonymizer",
            dependencies: [.product(name: "LeitbildCore", package: root), .product(name: "Reporting", package: root)]
        ),
    ] + targets.map { .executableTarget(name: $0, dependencies: ["FuzzSupport"]) },
    swiftLanguageModes: [.v6]
)
