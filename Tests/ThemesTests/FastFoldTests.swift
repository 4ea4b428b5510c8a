import Foundation
import GermanText
import Testing
@testable import Themes

@Suite("FastFold gives exactly Folding.key")
struct FastFoldTests {
    @Test("on the Snowball German vocabulary, lower case and capitalised", .enabled(if: SharedData.present))
    func vocabulary() throws {
        let path = SharedData.path("snowball-german/classic_2009/voc.txt")
        let words = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(words.count > 30_000)
        var mismatches: [String] = []
        for word in words {
            for form in [word, word.prefix(1).uppercased() + word.dropFirst(), word.uppercased()] where FastFold.key(form) != Folding.key(form) {
                mismatches.append(form)
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
    }

    @Test("on words outside the fast path", arguments: ["Straße", "STRASSE", "ẞ", "Café", "naïve", "İstanbul", "Ǆemal", "Øresund", "E-Bike", "5G", "ÖPNV"])
    func others(_ word: String) {
        #expect(FastFold.key(word) == Folding.key(word))
    }
}
