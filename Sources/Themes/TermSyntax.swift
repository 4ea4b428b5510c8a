import GermanText
import LeitbildCore

/// One word of a codebook term, as the consultant wrote it.
public struct TermWord: Hashable, Sendable {
    /// How the word is compared with the text.
    public enum Kind: String, Hashable, Sendable {
        /// Inflected forms and spelling variants, as a whole word or as a compound part.
        case lexical
        /// `=Form`: this surface form exactly (case-sensitive), nothing else.
        case exact
        /// `Breitband*`: a word or compound part that starts with the text.
        case prefix
        /// `*versorgung`: a word or compound part that ends with the text.
        case suffix
        /// `*netz*`: the text anywhere inside a word (plain substring, like QDA tools).
        case infix
    }

    public var kind: Kind
    /// The word without `=` and `*`.
    public var text: String

    public init(kind: Kind, text: String) {
        self.kind = kind
        self.text = text
    }
}

/// A codebook term parsed into its words: one word, or a phrase whose words match in order.
public struct ParsedTerm: Hashable, Sendable {
    /// The term as written in the codebook.
    public var source: String
    public var words: [TermWord]
    /// `"Zug um Zug"` in double quotes: the words must follow each other directly.
    public var adjacent: Bool

    public var isPhrase: Bool { words.count > 1 }
}

/// Why a term cannot be used, with the fix to suggest.
public struct TermProblem: Error, Hashable, Sendable {
    public var message: String
    public var hint: String
}

/// The term syntax of `codebook.yaml` (see docs/codebook.md):
///
/// - `Arzt`: the word in all inflected forms and spellings, also as a compound part;
/// - `öffentlicher Nahverkehr`: a phrase, in order, up to a few words apart;
/// - `"Zug um Zug"`: a phrase whose words follow each other directly;
/// - `Breitband*`, `*versorgung`: globs on words or compound parts; `*netz*` anywhere in a word;
/// - `=WLAN`: exactly this form.
public enum TermSyntax {
    /// Parses one term. The tokenizer decides what a word is, so a term that the tokenizer
    /// would cut into punctuation and words is reported as one that can never match.
    public static func parse(_ raw: String, tokenizer: Tokenizer) -> Result<ParsedTerm, TermProblem> {
        var text = raw.trimmingWhitespace()
        guard !text.isEmpty else {
            return .failure(TermProblem(message: "empty term", hint: "remove the empty entry"))
        }
        var adjacent = false
        if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") {
            adjacent = true
            text = String(text.dropFirst().dropLast()).trimmingWhitespace()
            guard !text.isEmpty else {
                return .failure(TermProblem(message: "empty quoted phrase in term '\(raw)'", hint: "write the words between the quotes"))
            }
        } else if text.contains("\"") {
            return .failure(TermProblem(message: "stray double quote in term '\(raw)'",
                                        hint: "put the whole phrase in double quotes (\"Zug um Zug\") or remove the quote"))
        }
        let pieces = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        var words: [TermWord] = []
        for piece in pieces {
            switch parseWord(String(piece), in: raw, tokenizer: tokenizer) {
            case .success(let w): words.append(w)
            case .failure(let p): return .failure(p)
            }
        }
        if adjacent && words.count < 2 { adjacent = false }
        return .success(ParsedTerm(source: raw, words: words, adjacent: adjacent))
    }

    private static func parseWord(_ piece: String, in raw: String, tokenizer: Tokenizer) -> Result<TermWord, TermProblem> {
        var body = Substring(piece)
        var exact = false
        if body.hasPrefix("=") {
            exact = true
            body = body.dropFirst()
            if body.isEmpty {
                return .failure(TermProblem(message: "'=' without a form in term '\(raw)'", hint: "write the exact form right after '=', e.g. '=WLAN'"))
            }
        }
        let leading = body.hasPrefix("*"), trailing = body.hasSuffix("*") && body.count > 1
        var core = body
        if leading { core = core.dropFirst() }
        if trailing { core = core.dropLast() }
        if core.isEmpty || core.allSatisfy({ $0 == "*" }) {
            return .failure(TermProblem(message: "malformed glob '\(piece)' in term '\(raw)': '*' needs letters beside it",
                                        hint: "write e.g. 'Breitband*' or '*versorgung'"))
        }
        if core.contains("*") {
            // The example is made of the term's own parts ("*netz**" is not about buses).
            let parts = core.split(separator: "*", omittingEmptySubsequences: true)
            let example = parts.count >= 2 ? "'\(parts[0])*' and '*\(parts[parts.count - 1])'" : "'\(core.filter { $0 != "*" })*'"
            return .failure(TermProblem(message: "malformed glob '\(piece)' in term '\(raw)': '*' may only stand at the start or end of a word",
                                        hint: "write one '*' at the start or the end, or split it into two terms, e.g. \(example)"))
        }
        if exact && (leading || trailing) {
            return .failure(TermProblem(message: "malformed glob '\(piece)' in term '\(raw)': '=' (exact form) and '*' (glob) exclude each other",
                                        hint: "use either '=Form' or a glob"))
        }
        // The tokenizer must see the word as one word (or number); otherwise it can never match.
        let tokens = tokenizer.tokenize(String(core))
        guard tokens.count == 1, let token = tokens.first, token.isMatchable, token.range.scalars.length == core.unicodeScalars.count else {
            let stray = tokens.first { !$0.isMatchable }.map { String(String(core).slice(utf8: $0.range.utf8)) }
            let detail = stray.map { "'\($0)' is not part of a word" } ?? "the text is split into several words there"
            // A list or alternatives written into one term ("Rufbus, Anrufsammeltaxi", "(Bus|Bahn)")
            // are meant as terms of their own, not as a phrase that needs every word.
            let separators: Set<Character> = [",", ";", "|", "/", "(", ")"]
            let hint = stray.map { $0.contains(where: separators.contains) } ?? false
                ? "write each alternative as a term of its own, one '- term' per line (a list, not '\(stray ?? ",")' in one term)"
                : "write the words separated by spaces (a phrase) or leave out the punctuation"
            return .failure(TermProblem(message: "term '\(raw)' can never match: \(detail)", hint: hint))
        }
        let kind: TermWord.Kind
        switch (exact, leading, trailing) {
        case (true, _, _): kind = .exact
        case (false, true, true): kind = .infix
        case (false, true, false): kind = .suffix
        case (false, false, true): kind = .prefix
        case (false, false, false): kind = .lexical
        }
        return .success(TermWord(kind: kind, text: String(core)))
    }
}

extension Token {
    /// Tokens that terms can match: words and numbers ("alle 27 Gemeinden", "=5G").
    var isMatchable: Bool { isWordLike || kind == .number || kind == .ordinal }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}
