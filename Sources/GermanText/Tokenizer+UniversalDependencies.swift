/// Pass 13, UD mode only, after a token has been scanned: splits it the way Universal
/// Dependencies German GSD does, so that accuracy against the treebank measures the tokenizer
/// rather than a difference of convention. GSD splits hyphenated compounds
/// (`Smart - City - Strategie`, `Rad -`), the period of most abbreviations (`ca .`, but keeps
/// `Dr.`, `z.B.`, `etc.`: `abbreviations-ud.txt`), runs of `!`/`?` (`! ! !`) and clitic `'s`.
extension TokenEmitter {
    mutating func emitUniversalDependencies(_ kind: TokenKind, _ s: Int, _ e: Int, _ flags: TokenFlags) {
        if kind == .abbreviation {
            splitAbbreviation(s, e)
        } else if flags.contains(.exclamationRun) {
            for k in s..<e { append(.punctuation, k, k + 1) }
        } else if !flags.intersection([.innerHyphen, .trailingHyphen]).isEmpty
                    && (kind == .word || kind == .number || kind == .genderForm) {
            splitHyphens(kind, s, e)
        } else if flags.contains(.clitic), kind == .word {
            splitClitic(kind, s, e)
        } else {
            append(kind, s, e)
        }
    }

    /// `ca.` -> `ca` `.`; `z. B.` -> `z.` `B.`; listed ones stay whole.
    private mutating func splitAbbreviation(_ s: Int, _ e: Int) {
        var parts: [Range<Int>] = []
        var a = s
        var k = s
        while k < e {
            let c = scanner.char(at: k)
            if c.cls == .space {
                parts.append(a..<k)
                a = k + c.length
            }
            k += c.length
        }
        parts.append(a..<e)
        if parts.count > 1 {
            for part in parts { append(.abbreviation, part.lowerBound, part.upperBound) }
            return
        }
        if scanner.lookup(scanner.lexicon.udAbbreviationSet, s..<e, lowercasingFirst: true) || e - s < 2 || scanner.p[e - 1] != UInt8(ascii: ".") {
            append(.abbreviation, s, e)
        } else {
            append(.abbreviation, s, e - 1)
            append(.punctuation, e - 1, e)
        }
    }

    /// `Smart-City-Strategie` -> `Smart` `-` `City` `-` `Strategie`; `Rad-` -> `Rad` `-`.
    /// Hyphens next to a slash (`Lehrer/-innen`) stay.
    private mutating func splitHyphens(_ kind: TokenKind, _ s: Int, _ e: Int) {
        // GSD keeps a compound with a truncated part before a slash whole (`Spa-/Wellness-Bereich`).
        if (s..<(e - 1)).contains(where: { scanner.p[$0] == UInt8(ascii: "-") && scanner.p[$0 + 1] == UInt8(ascii: "/") }) {
            append(kind, s, e)
            return
        }
        var a = s
        var k = s
        while k < e {
            let c = scanner.char(at: k)
            if c.cls == .hyphen, k > s, scanner.p[k - 1] != UInt8(ascii: "/"), scanner.byte(k + c.length) != UInt8(ascii: "/") {
                if k > a { append(pieceKind(kind, a, k), a, k) }
                append(.punctuation, k, k + c.length)
                a = k + c.length
            }
            k += c.length
        }
        if a < e { append(pieceKind(kind, a, e), a, e) }
    }

    private func pieceKind(_ kind: TokenKind, _ a: Int, _ b: Int) -> TokenKind {
        (a..<b).allSatisfy { scanner.isDigit($0) } ? .number : (kind == .number ? .word : kind)
    }

    /// `Schuchmann's` -> `Schuchmann` `'s`.
    private mutating func splitClitic(_ kind: TokenKind, _ s: Int, _ e: Int) {
        var k = e - 1
        while k > s, scanner.p[k] & 0xC0 == 0x80 { k -= 1 }
        // k is at the final "s"; the apostrophe is the scalar before it.
        let apostrophe = scanner.previousScalarStart(k)
        guard apostrophe > s else { append(kind, s, e); return }
        append(kind, s, apostrophe)
        append(.word, apostrophe, e)
    }
}
