import Foundation
import GermanText
import LeitbildCore
import Testing

// Sentence boundaries, one suite per phenomenon. Expected sentences are joined by " || ",
// their tokens by " | ".

@Suite("Sentences: terminal punctuation")
struct SentenceTerminalTests {
    @Test(arguments: [
        SentenceCase("Der Bus fährt. Die Bahn nicht.", "Der | Bus | fährt | . || Die | Bahn | nicht | ."),
        SentenceCase("Wirklich? Ja! Gut.", "Wirklich | ? || Ja | ! || Gut | ."),
        SentenceCase("Sieben?! Unglaublich!!! Ja.", "Sieben | ?! || Unglaublich | !!! || Ja | ."),
        SentenceCase("Ohne Punkt am Ende", "Ohne | Punkt | am | Ende"),
        SentenceCase("Frau Dr. med.\nHölzel kommt. Gut.", "Frau | Dr. | med. | Hölzel | kommt | . || Gut | ."),
        // A period before a lower-case word is no sentence end (an unlisted abbreviation).
        SentenceCase("Er kam ungef. zehn Minuten später.", "Er | kam | ungef | . | zehn | Minuten | später | ."),
        SentenceCase("Das kostet 5 €. Die Bahn 3 €.", "Das | kostet | 5 | € | . || Die | Bahn | 3 | € | ."),
        // Chat-like text: an emoticon or emoji before a capitalised word closes a sentence.
        SentenceCase("Kann ich empfehlen ;-) So war es.", "Kann | ich | empfehlen | ;-) || So | war | es | ."),
        SentenceCase("Super 👍 Danke!", "Super | 👍 || Danke | !"),
        SentenceCase("Ich finde 👍 gut.", "Ich | finde | 👍 | gut | ."),
    ])
    func terminal(_ c: SentenceCase) { #expect(TokenizerCheck.sentences(c.text) == c.expected) }
}

@Suite("Sentences: abbreviations and ordinals")
struct SentenceAbbreviationTests {
    @Test(arguments: [
        SentenceCase("Das gilt z. B. für Busse. Und Bahnen.", "Das | gilt | z. B. | für | Busse | . || Und | Bahnen | ."),
        SentenceCase("Herr Dr. Seuß kam. Er ging.", "Herr | Dr. | Seuß | kam | . || Er | ging | ."),
        SentenceCase("Es gab Brot, Käse usw. Dann gingen wir.", "Es | gab | Brot | , | Käse | usw. || Dann | gingen | wir | ."),
        SentenceCase("Bus bzw. Bahn fahren.", "Bus | bzw. | Bahn | fahren | ."),
        SentenceCase("Am 3. Oktober ist Feiertag.", "Am | 3. | Oktober | ist | Feiertag | ."),
        SentenceCase("Im 6. Stock wohnt er.", "Im | 6. | Stock | wohnt | er | ."),
        SentenceCase("Das war 1990. Dann kam die Wende.", "Das | war | 1990 | . || Dann | kam | die | Wende | ."),
    ])
    func abbreviations(_ c: SentenceCase) { #expect(TokenizerCheck.sentences(c.text) == c.expected) }
}

@Suite("Sentences: quotes and brackets")
struct SentenceQuoteTests {
    @Test(arguments: [
        SentenceCase("Er sagte: „Das geht nicht.“ Dann ging er.", "Er | sagte | : | „ | Das | geht | nicht | . | “ || Dann | ging | er | ."),
        SentenceCase("»Komm!« Sie kam.", "» | Komm | ! | « || Sie | kam | ."),
        SentenceCase("Das ist gut. \"Wirklich?\" Ja.", "Das | ist | gut | . || \" | Wirklich | ? | \" || Ja | ."),
        SentenceCase("``Danke.'' Dann ging er.", "`` | Danke | . | '' || Dann | ging | er | ."),
        SentenceCase("(Das war gut.) Dann kam er.", "( | Das | war | gut | . | ) || Dann | kam | er | ."),
        SentenceCase("Gut so. (lacht) Aber ja.", "Gut | so | . || (lacht) | Aber | ja | ."),
        SentenceCase("Das reicht. #00:01:23-4# Weiter geht es.", "Das | reicht | . | #00:01:23-4# || Weiter | geht | es | ."),
    ])
    func quotes(_ c: SentenceCase) { #expect(TokenizerCheck.sentences(c.text) == c.expected) }
}

@Suite("Sentences: ellipses and enumerations")
struct SentenceEllipsisTests {
    @Test(arguments: [
        SentenceCase("Ich hatte mich gefreut... aber es kam anders.", "Ich | hatte | mich | gefreut | ... | aber | es | kam | anders | ."),
        SentenceCase("Ich weiß nicht... Vielleicht morgen.", "Ich | weiß | nicht | ... || Vielleicht | morgen | ."),
        SentenceCase("Naja … Gut.", "Naja | … || Gut | ."),
        SentenceCase("Zwei Punkte. 1. Die Busse. 2. Die Schulen.", "Zwei | Punkte | . || 1. | Die | Busse | . || 2. | Die | Schulen | ."),
        SentenceCase("Erstens Busse, zweitens Schulen.", "Erstens | Busse | , | zweitens | Schulen | ."),
    ])
    func ellipses(_ c: SentenceCase) { #expect(TokenizerCheck.sentences(c.text) == c.expected) }
}

@Suite("Sentences: paragraphs and colons")
struct SentenceParagraphTests {
    @Test(arguments: [
        SentenceCase("Ein Titel ohne Punkt\n\nDer Text beginnt.", "Ein | Titel | ohne | Punkt || Der | Text | beginnt | ."),
        SentenceCase("Eine Zeile\nund ihre Fortsetzung.", "Eine | Zeile | und | ihre | Fortsetzung | ."),
        // Standard conventions keep a colon inside the sentence (priority cues stay with their topic).
        SentenceCase("Das Wichtigste ist: Wir brauchen Busse.", "Das | Wichtigste | ist | : | Wir | brauchen | Busse | ."),
    ])
    func paragraphs(_ c: SentenceCase) { #expect(TokenizerCheck.sentences(c.text) == c.expected) }

    @Test("UD conventions end a sentence at a colon before a capitalised word or an opening quote", arguments: [
        SentenceCase("Er wurde konkret: Der Plan steht.", "Er | wurde | konkret | : || Der | Plan | steht | ."),
        SentenceCase("Er sagte: ``Wir bleiben.''", "Er | sagte | : || `` | Wir | bleiben | . | ''"),
        SentenceCase("Es geht um folgendes: die Busse.", "Es | geht | um | folgendes | : | die | Busse | ."),
    ])
    func udColon(_ c: SentenceCase) {
        #expect(TokenizerCheck.sentences(c.text, mode: .universalDependencies, conventions: .universalDependencies) == c.expected)
    }

    @Test("in UD mode the split-off period of an abbreviation does not end a sentence")
    func udAbbreviation() {
        let text = "Er kam ca. zehn Minuten später bzw. gar nicht. Dann ging er."
        #expect(TokenizerCheck.sentences(text, mode: .universalDependencies, conventions: .universalDependencies)
                == "Er | kam | ca | . | zehn | Minuten | später | bzw | . | gar | nicht | . || Dann | ging | er | .")
    }
}

@Suite("Sentences: transcripts")
struct SentenceTranscriptTests {
    /// A two-turn transcript built by hand (ingestion is another stage).
    static func transcript(_ turns: [String]) -> Transcript {
        var builder = TextBuilder()
        var ranges: [TextRange] = []
        for (k, turn) in turns.enumerated() {
            builder.append(k % 2 == 0 ? "I: " : "B: ")
            ranges.append(builder.append(turn))
            builder.append("\n\n")
        }
        let speakers = [Speaker(id: "I", label: "I", role: .interviewer, roleReason: "test"),
                        Speaker(id: "B", label: "B", role: .respondent, roleReason: "test")]
        let turnList = ranges.enumerated().map { k, r in
            Turn(index: k, speakerID: k % 2 == 0 ? "I" : "B", role: k % 2 == 0 ? .interviewer : .respondent,
                 range: r, sourceLine: 1 + 2 * k)
        }
        return Transcript(id: "t", source: SourceDocument(path: "t.txt", format: .plainText, encoding: "UTF-8",
                                                          byteCount: builder.utf8Count, textLinesAreSourceLines: true),
                          text: builder.text, speakers: speakers, turns: turnList, metadata: InterviewMetadata(interviewID: "t"))
    }

    @Test("a turn end is a sentence end, even without a period")
    func turnEnd() {
        let t = Self.transcript(["Und die Busse", "Die fahren z. B. zu selten (lacht) und [unv.] die Bürger:innen merken das"])
        let analyzed = GermanAnalyzer().analyze(t)
        #expect(analyzed.turnSentences.count == 2)
        #expect(analyzed.turnSentences[0].count == 1)
        #expect(analyzed.turnSentences[1].count == 1)
        for (k, turn) in t.turns.enumerated() {
            for s in analyzed.sentences[analyzed.turnSentences[k]] {
                #expect(turn.range.scalars.contains(s.range.scalars))
            }
        }
        let words = analyzed.tokens.map { String($0.text(in: t.text)) }
        #expect(words.contains("z. B.") && words.contains("(lacht)") && words.contains("[unv.]") && words.contains("Bürger:innen"))
    }

    @Test("tokens keep offsets into the whole transcript")
    func offsets() {
        let t = Self.transcript(["Wie läuft’s?", "Gut. Über 2.000 Einwohner, äh, ca. 30 % Ältere. #00:01:23-4#"])
        let analyzed = GermanAnalyzer().analyze(t)
        let scalars = Array(t.text.unicodeScalars)
        for token in analyzed.tokens {
            let bySpan = String(String.UnicodeScalarView(scalars[token.span.start..<token.span.end]))
            #expect(bySpan == String(token.text(in: t.text)))
        }
        #expect(analyzed.sentences.count == 3)
    }
}
