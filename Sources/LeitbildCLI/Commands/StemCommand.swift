import ArgumentParser
import Foundation
import GermanText

/// `leitbild stem`: one word per line in, one stem per line out.
struct StemCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stem",
        abstract: "Stem German words: one word per line in (file or standard input), one stem per line out.",
        discussion: """
        snowball: Snowball German, classic 2009 algorithm (Debian's libstemmer 2.2.0); words are \
        lower-cased first. cistem: CISTEM (Weissweiler & Fraser 2017); give words in their written \
        case, since a capitalised word keeps a final "t". Stems are matching keys with umlauts \
        folded; do not show them to readers.
        """)

    @Option(name: .long, help: "snowball or cistem.")
    var algorithm: StemmingAlgorithm = .snowball

    @Argument(help: "File with one word per line (UTF-8). Reads standard input when omitted.")
    var file: String?

    func run() throws {
        let data = try readInput(file)
        guard var stemmer = LineStemmer(algorithm: algorithm) else {
            throw ValidationError("libstemmer has no German stemmer; install libstemmer-dev (scripts/setup-system.sh)")
        }
        var output: [UInt8] = []
        output.reserveCapacity(data.count + data.count / 8 + 16)
        data.withUnsafeBytes { raw in
            stemmer.stemLines(raw.bindMemory(to: UInt8.self), into: &output)
        }
        var out = StandardOutput()
        out.write(bytes: output)
        out.flush()
    }
}

extension StemmingAlgorithm: ExpressibleByArgument {}
