import ArgumentParser
import Foundation
import GermanText
import LeitbildCore

struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Tokenize German text: one token per line; with --sentences an empty line after each sentence.")

    @Argument(help: "Text file (UTF-8). Reads standard input when omitted.")
    var file: String?

    @Flag(name: .long, help: "Print an empty line after each sentence.")
    var sentences = false

    func run() throws {
        let data = try readInput(file)
        let text = String(decoding: data, as: UTF8.self).normalizedForLeitbild
        let tokens = Tokenizer().tokenize(text)
        var out = StandardOutput()
        if sentences {
            var split: [Sentence] = []
            // Paragraphs (blank lines) are hard boundaries, like turn ends.
            SentenceSplitter().split(text: text, tokens: tokens, range: 0..<tokens.count, into: &split)
            for s in split {
                for i in s.tokens { out.write(tokens[i].text(in: text)); out.write("\n") }
                out.write("\n")
            }
        } else {
            for t in tokens { out.write(t.text(in: text)); out.write("\n") }
        }
        out.flush()
    }
}
