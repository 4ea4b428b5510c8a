import GermanText
import Testing

@Suite("Folding: one key for ä/ae, ö/oe, ü/ue, ß/ss and case")
struct FoldingVariantTests {
    @Test("spelling variants meet on one key", arguments: [
        ("Mühle", "Muehle", "muehle"), ("Straße", "Strasse", "strasse"), ("ÖPNV", "OEPNV", "oepnv"),
        ("Ärztemangel", "Aerztemangel", "aerztemangel"), ("Bürger:innen", "BUERGER:INNEN", "buerger:innen"),
        ("GROẞ", "gross", "gross"), ("Fußgänger", "Fussgaenger", "fussgaenger"),
    ])
    func variants(_ c: (String, String, String)) {
        #expect(Folding.key(c.0) == c.2)
        #expect(Folding.key(c.1) == c.2)
    }

    @Test("a combining diaeresis folds like the precomposed letter")
    func decomposed() {
        #expect(Folding.key("Mu\u{0308}hle") == "muehle")
        #expect(Folding.key("A\u{0308}rzte") == "aerzte")
    }

    @Test("plain lower-case ASCII comes back unchanged; other accents are kept", arguments: [
        ("radweg", "radweg"), ("Café", "café"), ("", ""), ("e-mail", "e-mail"),
    ])
    func unchanged(_ c: (String, String)) {
        #expect(Folding.key(c.0) == c.1)
    }

    @Test("different words keep different keys", arguments: [("Rad", "Rat"), ("Mut", "Mütter"), ("Bar", "Bär")])
    func distinct(_ c: (String, String)) {
        #expect(Folding.key(c.0) != Folding.key(c.1))
    }

    @Test("by design, ß/ss folding merges the few pairs that differ only there (Masse, Maße)")
    func sharpSMerges() {
        #expect(Folding.key("Maße") == Folding.key("Masse"))
    }
}
