import GermanText
import LeitbildCore
import Testing

// German tokenization, one suite per phenomenon (after SoMaJo's test classes). Each case gives
// the text, the tokens joined by " | ", and the kinds of the tokens the case is about. Every
// case also checks that tokens plus whitespace rebuild the text.

@Suite("Abbreviations")
struct AbbreviationTests {
    @Test(arguments: [
        TokenCase("Das gilt z. B. für Busse.", "Das | gilt | z. B. | für | Busse | .", ["z. B.": .abbreviation]),
        TokenCase("Das gilt z.B. für Busse.", "Das | gilt | z.B. | für | Busse | .", ["z.B.": .abbreviation]),
        TokenCase("Z. B. der Bus.", "Z. B. | der | Bus | .", ["Z. B.": .abbreviation]),
        TokenCase("Schulen u. a. in Naila", "Schulen | u. a. | in | Naila", ["u. a.": .abbreviation]),
        TokenCase("Busse bzw. Bahnen", "Busse | bzw. | Bahnen", ["bzw.": .abbreviation]),
        TokenCase("Dr. Seuß hat aufgehört.", "Dr. | Seuß | hat | aufgehört | .", ["Dr.": .abbreviation]),
        TokenCase("Frau Dr. med. Hölzel und Dr. rer. nat. Kunz", "Frau | Dr. | med. | Hölzel | und | Dr. | rer. | nat. | Kunz",
                  ["med.": .abbreviation, "rer.": .abbreviation, "nat.": .abbreviation]),
        TokenCase("Bahnhofstraße Nr. 14", "Bahnhofstraße | Nr. | 14", ["Nr.": .abbreviation]),
        TokenCase("nach § 3 Abs. 2", "nach | § | 3 | Abs. | 2", ["Abs.": .abbreviation]),
        TokenCase("ggf. auch evtl. später", "ggf. | auch | evtl. | später"),
        TokenCase("ca. 20 Leute", "ca. | 20 | Leute", ["ca.": .abbreviation]),
        TokenCase("Ca. 20 Leute", "Ca. | 20 | Leute", ["Ca.": .abbreviation]),
        TokenCase("Läden o. Ä. fehlen", "Läden | o. Ä. | fehlen"),
        TokenCase("das ist i. d. R. so", "das | ist | i. d. R. | so"),
        TokenCase("in den U.S.A. auch", "in | den | U.S.A. | auch", ["U.S.A.": .abbreviation]),
        TokenCase("Peter M. Schulz kommt", "Peter | M. | Schulz | kommt", ["M.": .abbreviation]),
        TokenCase("Anna B. Öztürk kam", "Anna | B. | Öztürk | kam", ["B.": .abbreviation]),
        // Before a word that starts sentences (sentence-starters.txt), a capital with a period ends one.
        TokenCase("Wir haben Plan B. Dann geht es", "Wir | haben | Plan | B | . | Dann | geht | es"),
        TokenCase("Das war Variante A. Die ist teurer", "Das | war | Variante | A | . | Die | ist | teurer"),
        TokenCase("Herr B. Über alles", "Herr | B | . | Über | alles"),
        TokenCase("Brot, Käse usw. Dann", "Brot | , | Käse | usw. | Dann"),
        // Words that are no abbreviations keep their period apart.
        TokenCase("Das ist so. Eine Art.", "Das | ist | so | . | Eine | Art | ."),
        TokenCase("am Ende.", "am | Ende | ."),
    ])
    func abbreviations(_ c: TokenCase) { TokenizerCheck.run(c) }
}

@Suite("Ordinals and dates")
struct OrdinalAndDateTests {
    @Test(arguments: [
        TokenCase("am 3. Oktober 2024", "am | 3. | Oktober | 2024", ["3.": .ordinal, "2024": .number]),
        TokenCase("am 3. Okt. 2024", "am | 3. | Okt. | 2024", ["3.": .ordinal]),
        TokenCase("am 03.10.2024 um", "am | 03.10.2024 | um", ["03.10.2024": .date]),
        TokenCase("am 3.10.24 um", "am | 3.10.24 | um", ["3.10.24": .date]),
        TokenCase("seit 2024-10-03 gilt", "seit | 2024-10-03 | gilt", ["2024-10-03": .date]),
        TokenCase("vom 3.10. bis zum 5.10.", "vom | 3.10. | bis | zum | 5.10 | .", ["3.10.": .date]),
        TokenCase("im 6. Stock", "im | 6. | Stock", ["6.": .ordinal]),
        TokenCase("die 35. Tagung", "die | 35. | Tagung", ["35.": .ordinal]),
        TokenCase("zum 67. meines Vaters", "zum | 67. | meines | Vaters", ["67.": .ordinal]),
        // A number before a sentence end keeps the period apart.
        TokenCase("Das war 1990. Dann kam", "Das | war | 1990 | . | Dann | kam"),
        TokenCase("Er kam auf Platz 3. Der Trainer", "Er | kam | auf | Platz | 3 | . | Der | Trainer"),
        TokenCase("in der Bahnhofstraße Nr. 14. Wir sind", "in | der | Bahnhofstraße | Nr. | 14 | . | Wir | sind"),
        TokenCase("142. Davon 11 Azubis.", "142 | . | Davon | 11 | Azubis | ."),
        // Enumerations after a sentence end.
        TokenCase("Das steht fest. 2. Soziale Bewegung", "Das | steht | fest | . | 2. | Soziale | Bewegung", ["2.": .ordinal]),
        TokenCase("1. Mobilität", "1. | Mobilität", ["1.": .ordinal]),
    ])
    func ordinalsAndDates(_ c: TokenCase) { TokenizerCheck.run(c) }
}

@Suite("Times and timestamps")
struct TimeTests {
    @Test(arguments: [
        TokenCase("um 20:15 Uhr", "um | 20:15 | Uhr", ["20:15": .time]),
        TokenCase("um 20.00 Uhr", "um | 20.00 | Uhr", ["20.00": .time]),
        TokenCase("gegen 8.30 h", "gegen | 8.30 | h", ["8.30": .time]),
        TokenCase("um 14 Uhr", "um | 14 | Uhr", ["14": .number]),
        TokenCase("bei 00:01:23 sagt sie", "bei | 00:01:23 | sagt | sie", ["00:01:23": .timestamp]),
        TokenCase("Gut so. #00:01:23-4#", "Gut | so | . | #00:01:23-4#", ["#00:01:23-4#": .timestamp]),
        TokenCase("[00:12:05] Weiter", "[00:12:05] | Weiter", ["[00:12:05]": .timestamp]),
        // A score is no time.
        TokenCase("3:1 gewonnen", "3 | : | 1 | gewonnen"),
    ])
    func times(_ c: TokenCase) { TokenizerCheck.run(c) }
}

@Suite("Numbers")
struct NumberTests {
    @Test(arguments: [
        TokenCase("3,5 Prozent", "3,5 | Prozent", ["3,5": .number]),
        TokenCase("1.000 Einwohner", "1.000 | Einwohner", ["1.000": .number]),
        TokenCase("2.000,50 Euro", "2.000,50 | Euro", ["2.000,50": .number]),
        TokenCase("2,5 Mio. € Förderung", "2,5 | Mio. | € | Förderung", ["Mio.": .abbreviation, "€": .symbol]),
        TokenCase("30 % mehr", "30 | % | mehr", ["%": .symbol]),
        TokenCase("30% mehr", "30 | % | mehr"),
        TokenCase("für 14,-- Euro", "für | 14,-- | Euro", ["14,--": .number]),
        TokenCase("von 1990-1995", "von | 1990-1995", ["1990-1995": .number]),
        TokenCase("24/7 erreichbar", "24/7 | erreichbar"),
        TokenCase("die 70er Jahre", "die | 70er | Jahre", ["70er": .word]),
        TokenCase("250g Mehl", "250g | Mehl"),
        TokenCase("ein 3D-Drucker und 5G", "ein | 3D-Drucker | und | 5G"),
        TokenCase("−5 Grad", "− | 5 | Grad"),
    ])
    func numbers(_ c: TokenCase) { TokenizerCheck.run(c) }
}

@Suite("URLs and e-mail addresses")
struct LinkTests {
    @Test(arguments: [
        TokenCase("Siehe https://www.hoferland.digital/projekte?id=3.", "Siehe | https://www.hoferland.digital/projekte?id=3 | .",
                  ["https://www.hoferland.digital/projekte?id=3": .url]),
        TokenCase("auf www.landkreis-hof.de.", "auf | www.landkreis-hof.de | .", ["www.landkreis-hof.de": .url]),
        TokenCase("bei hoferLand.digital mitmachen", "bei | hoferLand.digital | mitmachen", ["hoferLand.digital": .url]),
        TokenCase("(siehe www.hof.de)", "( | siehe | www.hof.de | )"),
        TokenCase("an info@landkreis-hof.de schreiben", "an | info@landkreis-hof.de | schreiben", ["info@landkreis-hof.de": .email]),
        TokenCase("Mail: max.mustermann@hof.de, bitte", "Mail | : | max.mustermann@hof.de | , | bitte",
                  ["max.mustermann@hof.de": .email]),
        TokenCase("Das war gut.Dann", "Das | war | gut | . | Dann"),
    ])
    func links(_ c: TokenCase) { TokenizerCheck.run(c) }
}

@Suite("Hashtags and mentions")
struct HashtagTests {
    @Test(arguments: [
        TokenCase("Wir sind #Digitalisierung", "Wir | sind | #Digitalisierung", ["#Digitalisierung": .hashtag]),
        TokenCase("#SmartCity2030 jetzt", "#SmartCity2030 | jetzt", ["#SmartCity2030": .hashtag]),
        TokenCase("danke @LandkreisHof!", "danke | @LandkreisHof | !", ["@LandkreisHof": .mention]),
        TokenCase("Platz #1", "Platz | # | 1"),
    ])
    func hashtags(_ c: TokenCase) { TokenizerCheck.run(c) }
}

@Suite("Gender forms")
struct GenderFormTests {
    @Test(arguments: [
        TokenCase("Die Bürger:innen sagen", "Die | Bürger:innen | sagen", ["Bürger:innen": .genderForm]),
        TokenCase("Die Bürger*innen sagen", "Die | Bürger*innen | sagen", ["Bürger*innen": .genderForm]),
        TokenCase("Die Bürger_innen sagen", "Die | Bürger_innen | sagen", ["Bürger_innen": .genderForm]),
        TokenCase("Die BürgerInnen sagen", "Die | BürgerInnen | sagen", ["BürgerInnen": .genderForm]),
        TokenCase("alle Lehrer/-innen", "alle | Lehrer/-innen", ["Lehrer/-innen": .genderForm]),
        TokenCase("alle Lehrer/innen", "alle | Lehrer/innen", ["Lehrer/innen": .genderForm]),
        TokenCase("die Schüler(innen)", "die | Schüler(innen)", ["Schüler(innen)": .genderForm]),
        TokenCase("jede*r kann", "jede*r | kann", ["jede*r": .genderForm]),
        TokenCase("eine*n Ärzt*in", "eine*n | Ärzt*in", ["Ärzt*in": .genderForm]),
        TokenCase("die Bürger*innenbeteiligung", "die | Bürger*innenbeteiligung", ["Bürger*innenbeteiligung": .genderForm]),
        TokenCase("die Schüler:innen-Vertretung", "die | Schüler:innen-Vertretung"),
        TokenCase("die LehrerInnenzimmer", "die | LehrerInnenzimmer", ["LehrerInnenzimmer": .genderForm]),
        // Not gender forms.
        TokenCase("Bus und/oder Bahn", "Bus | und | / | oder | Bahn"),
        TokenCase("ein PlugIn", "ein | PlugIn", ["PlugIn": .word]),
        TokenCase("Fazit: innen hui", "Fazit | : | innen | hui"),
        TokenCase("mit 50 km/h fahren", "mit | 50 | km/h | fahren"),
    ])
    func genderForms(_ c: TokenCase) { TokenizerCheck.run(c) }
}

@Suite("Compounds")
struct CompoundTests {
    @Test(arguments: [
        TokenCase("die Smart-City-Strategie", "die | Smart-City-Strategie", ["Smart-City-Strategie": .word]),
        TokenCase("per E-Mail", "per | E-Mail"),
        TokenCase("seit Covid-19", "seit | Covid-19"),
        TokenCase("Rad- und Fußwege", "Rad- | und | Fußwege", ["Rad-": .word]),
        TokenCase("Landes-, Bundes- und Europapolitik", "Landes- | , | Bundes- | und | Europapolitik"),
        // Truncations join the next word with a word of truncation-joiners.txt, "&" or "/".
        TokenCase("Ein- bzw. Ausstieg", "Ein- | bzw. | Ausstieg", ["Ein-": .word]),
        TokenCase("sowohl Kinder- als auch Jugendarbeit", "sowohl | Kinder- | als | auch | Jugendarbeit"),
        TokenCase("weder Bus- noch Bahnverkehr", "weder | Bus- | noch | Bahnverkehr"),
        TokenCase("Hin- & Rückfahrt", "Hin- | & | Rückfahrt"),
        TokenCase("Haupt- Und Nebenstraße", "Haupt- | Und | Nebenstraße"),
        // Before any other word a hyphen glued to a word is a dash or a break-off of speech.
        TokenCase("gut- sehr gut", "gut | - | sehr | gut"),
        TokenCase("wir wollen- wir müssen", "wir | wollen | - | wir | müssen"),
        TokenCase("Spa-/Wellness-Bereich", "Spa-/Wellness-Bereich"),
        TokenCase("die Open‑Data‑Plattform", "die | Open‑Data‑Plattform"),
        // A dash between spaces is punctuation.
        TokenCase("gut - sehr gut", "gut | - | sehr | gut"),
        TokenCase("gut – sehr gut", "gut | – | sehr | gut"),
    ])
    func compounds(_ c: TokenCase) { TokenizerCheck.run(c) }
}

@Suite("Quotes and apostrophes")
struct QuoteTests {
    @Test(arguments: [
        TokenCase("„Das ist gut“, sagte er.", "„ | Das | ist | gut | “ | , | sagte | er | ."),
        TokenCase("»Hallo« und ‚so‘", "» | Hallo | « | und | ‚ | so | ‘"),
        TokenCase("\"Test\" hier", "\" | Test | \" | hier"),
        TokenCase("``Wir wollen'' sagt", "`` | Wir | wollen | '' | sagt"),
        TokenCase(",,Hallo'' sagt", ",, | Hallo | '' | sagt"),
        TokenCase("gibt's hier, geht’s", "gibt's | hier | , | geht’s"),
        TokenCase("Klaus' Auto", "Klaus' | Auto"),
        TokenCase("des Virus''', gibt er zu", "des | Virus' | '' | , | gibt | er | zu"),
        TokenCase("das ``Haus'' steht", "das | `` | Haus | '' | steht"),
        TokenCase("das 'Wort' hier", "das | ' | Wort | ' | hier"),
        TokenCase("ich fand 's gut", "ich | fand | 's | gut"),
        TokenCase("auf'm Land", "auf'm | Land"),
    ])
    func quotes(_ c: TokenCase) { TokenizerCheck.run(c) }
}

@Suite("Ellipses and punctuation runs")
struct EllipsisTests {
    @Test(arguments: [
        TokenCase("Naja... gut", "Naja | ... | gut"),
        TokenCase("Naja … gut", "Naja | … | gut"),
        TokenCase("Naja….", "Naja | … | ."),
        TokenCase("empfehlen....", "empfehlen | ...."),
        TokenCase("Wirklich?! Ja!!!", "Wirklich | ?! | Ja | !!!"),
        TokenCase("Geld -- nie wieder", "Geld | -- | nie | wieder"),
    ])
    func ellipses(_ c: TokenCase) { TokenizerCheck.run(c) }
}

@Suite("Soft hyphens and zero-width characters")
struct InvisibleCharacterTests {
    @Test(arguments: [
        TokenCase("Digi\u{AD}talisierung ist", "Digi\u{AD}talisierung | ist"),
        TokenCase("Haus\u{200B}boot", "Haus\u{200B}boot"),
        TokenCase("\u{FEFF}Das ist", "Das | ist"),
        TokenCase("Das \u{200B} ist", "Das | ist"),
        TokenCase("Mit\u{00A0}Abstand", "Mit | Abstand"),
        TokenCase("z.\u{00A0}B. so", "z.\u{00A0}B. | so"),
    ])
    func invisible(_ c: TokenCase) { TokenizerCheck.run(c) }
}

@Suite("Transcript marks")
struct TranscriptMarkTests {
    @Test(arguments: [
        TokenCase("Ja, freilich. (lacht) Also", "Ja | , | freilich | . | (lacht) | Also", ["(lacht)": .transcriptMark]),
        TokenCase("das (lacht kurz) war", "das | (lacht kurz) | war", ["(lacht kurz)": .transcriptMark]),
        TokenCase("der [unv.] Bus", "der | [unv.] | Bus", ["[unv.]": .transcriptMark]),
        TokenCase("der (unv.) Bus", "der | (unv.) | Bus", ["(unv.)": .transcriptMark]),
        TokenCase("und (...) dann", "und | (...) | dann", ["(...)": .transcriptMark]),
        TokenCase("und (.) dann", "und | (.) | dann"),
        TokenCase("und (3) dann", "und | (3) | dann", ["(3)": .transcriptMark]),
        TokenCase("und (3 Sek.) dann", "und | (3 Sek.) | dann"),
        TokenCase("ja ((räuspert sich)) also", "ja | ((räuspert sich)) | also", ["((räuspert sich))": .transcriptMark]),
        TokenCase("Frau [Name] sagt", "Frau | [Name] | sagt", ["[Name]": .transcriptMark]),
        TokenCase("[Telefon klingelt] Moment", "[Telefon klingelt] | Moment"),
        TokenCase("(Pause) Gut", "(Pause) | Gut"),
        TokenCase("(unv. 00:03:12-5) gesagt", "(unv. 00:03:12-5) | gesagt"),
        // Parentheses in prose stay punctuation.
        TokenCase("die Partei (CDU) sagt", "die | Partei | ( | CDU | ) | sagt"),
        TokenCase("(siehe unten)", "( | siehe | unten | )"),
    ])
    func marks(_ c: TokenCase) { TokenizerCheck.run(c) }
}

@Suite("Emoji and emoticons")
struct EmojiTests {
    @Test(arguments: [
        TokenCase("Super 👍🏽 gemacht", "Super | 👍🏽 | gemacht", ["👍🏽": .emoji]),
        TokenCase("🇩🇪🇫🇷", "🇩🇪 | 🇫🇷", ["🇩🇪": .emoji]),
        TokenCase("Familie 👨‍👩‍👧 da", "Familie | 👨‍👩‍👧 | da", ["👨‍👩‍👧": .emoji]),
        TokenCase("Danke ❤️!", "Danke | ❤️ | !", ["❤️": .emoji]),
        TokenCase("Toll :-) Wirklich ;)", "Toll | :-) | Wirklich | ;)", [":-)": .emoji, ";)": .emoji]),
        TokenCase("Super :D und ^^ und <3", "Super | :D | und | ^^ | und | <3"),
        TokenCase("lol xD", "lol | xD", ["xD": .emoji]),
        TokenCase("Platz 1️⃣", "Platz | 1️⃣", ["1️⃣": .emoji]),
        TokenCase("(super :-))", "( | super | :-) | )"),
        TokenCase("Hinweis:Das", "Hinweis | : | Das"),
    ])
    func emoji(_ c: TokenCase) { TokenizerCheck.run(c) }
}

@Suite("Token kinds")
struct TokenKindTests {
    @Test("word-like tokens are what theme coding reads")
    func wordLike() {
        let text = "Die Bürger:innen wollen z. B. #Radwege 3 (lacht) ."
        let wordLike = Tokenizer().tokenize(text).filter(\.isWordLike).map { String($0.text(in: text)) }
        #expect(wordLike == ["Die", "Bürger:innen", "wollen", "z. B.", "#Radwege"])
    }
}
