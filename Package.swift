// swift-tools-version:6.1
// Leitbild: German stakeholder-interview transcripts -> theme and priority reports.
// One module per pipeline stage; see ARCHITECTURE.md.
import PackageDescription

let package = Package(
    name: "Leitbild",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "leitbild", targets: ["LeitbildCLI"]),
        .executable(name: "leitbild-bench", targets: ["LeitbildBench"]),
        // Library products so that the separate fuzzing package (Fuzz/) can depend on these stages
        // (`Reporting` for its pseudonymiser target).
        .library(name: "LeitbildCore", targets: ["LeitbildCore"]),
        .library(name: "Ingestion", targets: ["Ingestion"]),
        .library(name: "GermanText", targets: ["GermanText"]),
        .library(name: "Themes", targets: ["Themes"]),
        .library(name: "Signals", targets: ["Signals"]),
        .library(name: "Reporting", targets: ["Reporting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // Shared value types: Transcript, Speaker, Turn, Segment, SourceSpan, metadata, diagnostics; SHA-256 digests.
        .target(name: "LeitbildCore", dependencies: ["CLibCrypto", "CLinux"]),

        // libxml2 (system library). Only `Ingestion` imports it.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // Snowball stemmers from Debian's libstemmer (classic 2009 German algorithm). Only `GermanText` imports it.
        .systemLibrary(
            name: "CLibStemmer",
            providers: [.apt(["libstemmer-dev"])]
        ),

        // Digests from OpenSSL's libcrypto (system library): SHA-256 (`LeitbildCore.Digest`: cache keys, analysis.sqlite's
        // snapshot), SHA-1 GUIDs (`Reporting`).
        .systemLibrary(
            name: "CLibCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),

        // zlib (system library): raw deflate and CRC-32 for the entries of project.qdpx. Only `Reporting` imports it.
        .systemLibrary(
            name: "CLibZ",
            providers: [.apt(["zlib1g-dev"])]
        ),

        // statfs(2) and mallopt(3) from the C library (Linux; Swift's Glibc module leaves them out): the output
        // folder's file system type (`Reporting`) and the allocator's top pad (`LeitbildCore`'s `MemoryTuning`).
        .systemLibrary(name: "CLinux"),

        // Stage 1: files -> normalised transcripts.
        .target(
            name: "Ingestion",
            dependencies: [
                "LeitbildCore", "CLibXML2",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // Stage 2: transcripts -> sentences and tokens with exact offsets; stemming, folding, compounds.
        .target(
            name: "GermanText",
            dependencies: ["LeitbildCore", "CLibStemmer"],
            resources: [.copy("Resources")]
        ),
        // Stage 3: codebook + analysed transcripts -> coded segments that explain every hit.
        .target(
            name: "Themes",
            dependencies: [
                "LeitbildCore", "GermanText",
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("Resources")]
        ),
        // Stage 4: coded segments -> priority signals and aggregates with uncertainty.
        .target(
            name: "Signals",
            dependencies: [
                "LeitbildCore", "GermanText", "Themes",
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("Resources")]
        ),
        // Stage 5: analysis -> summary.md, report.html, CSV, JSON, SQLite, REFI-QDA.
        .target(
            name: "Reporting",
            dependencies: [
                "LeitbildCore", "GermanText", "Themes", "Signals", "CLibCrypto", "CLibZ", "CLinux",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            resources: [.copy("Resources")]
        ),
        // Runs the stages over a project: batching, concurrency, caching, atomic outputs.
        .target(
            name: "Pipeline",
            dependencies: [
                "LeitbildCore", "Ingestion", "GermanText", "Themes", "Signals", "Reporting", "CLibCrypto", "CLibZ",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // The thin `leitbild` command line.
        .executableTarget(
            name: "LeitbildCLI",
            dependencies: [
                "LeitbildCore", "Ingestion", "GermanText", "Themes", "Signals", "Reporting", "Pipeline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks that print figures (release build): `swift run -c release leitbild-bench --help`.
        .executableTarget(
            name: "LeitbildBench",
            dependencies: [
                "LeitbildCore", "Ingestion", "GermanText", "Themes", "Signals", "Reporting", "Pipeline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(name: "LeitbildCoreTests", dependencies: ["LeitbildCore"]),
        // The scratch-folder trait the test targets share (Tests/TestSupport).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "IngestionTests", dependencies: ["Ingestion", "LeitbildCore", "TestSupport"], exclude: ["Regressions"], resources: [.copy("Fixtures")]),
        .testTarget(name: "GermanTextTests", dependencies: ["GermanText", "LeitbildCore"], exclude: ["Regressions"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ThemesTests", dependencies: [
            "Themes", "GermanText", "LeitbildCore",
            // The .qdc/.qdpx round trips read files back through Ingestion's readers.
            "Ingestion", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ], exclude: ["Snapshots"]),  // golden files, read by path
        .testTarget(name: "SignalsTests", dependencies: ["Signals", "Themes", "GermanText", "LeitbildCore"]),
        .testTarget(name: "ReportingTests", dependencies: [
            "Reporting", "Signals", "Themes", "Ingestion", "GermanText", "LeitbildCore", "TestSupport",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"), .product(name: "GRDB", package: "GRDB.swift"),
        ], resources: [.copy("Snapshots"), .copy("Fixtures")]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "Reporting", "LeitbildCore", "Ingestion", "TestSupport"], resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v6]
)
