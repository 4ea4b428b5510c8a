import Foundation
import LeitbildCore
@testable import Reporting
import Testing

/// `NameTokens.scan` reads UTF-8 bytes; these cases hold it to the scalar-by-scalar definition
/// (runs of letters, joined by one `-` between letters) on the scripts and edges it decodes by hand.
@Suite("Name words: byte scan against the scalar definition")
struct NameTokensTests {
    /// The definition, over Unicode scalars.
    static func reference(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var words: [String] = []
        var current = String.UnicodeScalarView()
        var previousWasHyphen = false
        for (i, s) in scalars.enumerated() {
            if NameTokens.isWordScalar(s) {
                current.append(s)
                previousWasHyphen = false
            } else if s == "-", !current.isEmpty, !previousWasHyphen, i + 1 < scalars.count, NameTokens.isWordScalar(scalars[i + 1]) {
                current.append(s)
                previousWasHyphen = true
            } else if !current.isEmpty {
                words.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }

    @Test("the same words as the scalar definition", arguments: [
        "", "-", "a", "Anna", "Hans-Peter Müller-Lüdenscheidt", "-Anna-", "Anna-", "a--b", "A-Ü", "1-A", "x-1",
        "Ölschläger, Şahin und Zoë", "Zoe\u{0308}", "ǅemal", "Αθήνα und Москва", "日本語テキスト", "Anna 😀 Roth", "😀-Anna",
        "Straße\u{00A0}Hof", "ªº µ", "×÷", "Anna\u{2028}Roth", "e\u{0301}", "Ende.", "\u{10400}\u{10428}",
    ])
    func sameAsDefinition(_ text: String) {
        let words = NameTokens.scan(text).map { String(text.slice(utf8: $0)) }
        #expect(words == Self.reference(text))
    }
}

/// `NameTokens.trimmingWhitespace` stands in for Foundation's `trimmingCharacters(in: .whitespaces)`
/// in the pseudonymiser's set-up; these cases hold it to Foundation's answer.
@Suite("Name trimming: Foundation's whitespace")
struct NameTrimmingTests {
    @Test("the same text as trimmingCharacters(in: .whitespaces)", arguments: [
        "", " ", "\t", "Anna Roth", " Anna Roth ", "\tAnna\t", "  Anna  Roth  ", "\u{A0}Anna\u{A0}", "\u{2003}Anna\u{3000}",
        "Anna\u{200B}", "\u{202F}Anna\u{205F}", "\u{1680}Anna", "\u{FEFF}Anna", "Anna\u{180E}", "\nAnna\n", "\rAnna",
        // Foundation trims scalar by scalar: a space that a combining mark follows goes, the mark stays.
        " \u{301}Anna", "Anna \u{301}", "Anna\u{301} ", " \u{A0}\u{301} ", "e\u{301}", "\u{1F600} ", " Zoë Şahin ",
    ])
    func sameAsFoundation(_ text: String) {
        let part = Substring(text)
        #expect(NameTokens.trimmingWhitespace(part) == part.trimmingCharacters(in: .whitespaces))
    }

    @Test("every scalar of the Basic Multilingual Plane is trimmed or kept as Foundation does")
    func everyScalar() {
        var mismatches: [String] = []
        for value in UInt32(0)...0xFFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            var text = String(scalar)
            text += "a"
            text.unicodeScalars.append(scalar)
            let part = Substring(text)
            if NameTokens.trimmingWhitespace(part) != part.trimmingCharacters(in: .whitespaces) {
                mismatches.append(String(value, radix: 16))
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20))")
    }
}
