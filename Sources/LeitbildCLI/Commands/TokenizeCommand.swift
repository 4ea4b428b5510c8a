import ArgumentParser
import Foundation
import GermanText
import LeitbildCore

struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Tokenize German text: one token per line; with --sentences an empty line after each sentence.",
        discussion: """
        Reads UTF-8 text from FILE or standard input and writes SoMaJo's vertical format: one
        token per line, a token may contain a space (`z. B.`). A blank line in the input always
        ends a sentence. --ud follows Universal Dependencies German GSD's conventions (hyphenated
        compounds and most abbreviation periods split, no transcript marks); without it the
        tokens are Leitbild's (`Smart-City-Strategie`, `ca.`, `(lacht)` whole).
        """)

    @Argument(help: "Text file (UTF-8). Reads standard input when omitted or '-'.")
    var file: String?

    @Flag(name: .long, help: "Print an empty line after each sentence.")
    var sentences = false

    @Flag(name: .customLong("ud"), help: "Tokenize as UD German GSD does (for comparison with the treebank).")
    var universalDependencies = false

    @Flag(name: .long, help: "Print each token's kind after a tab (word, number, abbreviation, ...).")
    var kinds = false

    func run() throws {
        let data: Data
        do {
            data = try readInput(file)
        } catch {
            throw ValidationError("cannot read \(file ?? "standard input"): \(error.localizedDescription). Check the path.")
        }
        var text = String(decoding: data, as: UTF8.self)
        if text.utf8.contains(13) || !text.isKnownNFC { text = text.normalizedForLeitbild }

        let tokenizer = Tokenizer(mode: universalDependencies ? .universalDependencies : .standard)
        let tokens = tokenizer.tokenize(text)
        var sentenceList: [Sentence] = []
        if sentences {
            sentenceList.reserveCapacity(tokens.count / 12 + 1)
            SentenceSplitter(conventions: universalDependencies ? .universalDependencies : .standard)
                .split(text: text, tokens: tokens, range: 0..<tokens.count, into: &sentenceList)
        }
        let kinds = self.kinds
        text.withUTF8 { bytes in
            var out = [UInt8]()
            out.reserveCapacity(bytes.count + tokens.count * (kinds ? 12 : 2) + sentenceList.count + 16)
            func put(_ token: Token) {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[token.range.utf8]))
                if kinds {
                    out.append(9)
                    out.append(contentsOf: token.kind.rawValue.utf8)
                }
                out.append(10)
            }
            if sentences {
                for sentence in sentenceList {
                    for i in sentence.tokens { put(tokens[i]) }
                    out.append(10)
                }
            } else {
                for token in tokens { put(token) }
            }
            var output = StandardOutput()
            output.write(bytes: out)
            output.flush()
        }
    }
}
