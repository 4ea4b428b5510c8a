import LeitbildCore
import Testing

@Suite("CSV (RFC 4180)")
struct CSVTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var input: String
        var expected: [[String]]
        var testDescription: String { input.debugDescription }
    }

    @Test("parses quoting, doubled quotes, line breaks in fields and CRLF", arguments: [
        Case(input: "a,b\n1,2\n", expected: [["a", "b"], ["1", "2"]]),
        Case(input: "a,b\r\n1,2\r\n", expected: [["a", "b"], ["1", "2"]]),
        Case(input: "a,\"b, c\"\n", expected: [["a", "b, c"]]),
        Case(input: "\"say \"\"hi\"\"\",x\n", expected: [["say \"hi\"", "x"]]),
        Case(input: "\"line1\nline2\",x\n", expected: [["line1\nline2", "x"]]),
        Case(input: "a;b\n1;2", expected: [["a", "b"], ["1", "2"]]),
        Case(input: "a\tb\n1\t2", expected: [["a", "b"], ["1", "2"]]),
        Case(input: "a,,c\n", expected: [["a", "", "c"]]),
    ])
    func parse(_ c: Case) throws {
        #expect(try CSV.parse(c.input).map(\.fields) == c.expected)
    }

    @Test("records know the line they start on")
    func lines() throws {
        let records = try CSV.parse("h\n\"a\nb\"\nc\n")
        #expect(records.map(\.line) == [1, 2, 4])
    }

    @Test("an unclosed quote names the line where it opened")
    func unclosedQuote() {
        #expect(throws: CSV.ParseError(line: 2, message: "a quoted field opened here is never closed")) {
            try CSV.parse("a,b\n\"open,x\n1,2\n")
        }
    }

    @Test("writing and reading round-trips")
    func roundTrip() throws {
        let fields = ["plain", "with, comma", "with \"quote\"", "two\nlines", ""]
        #expect(try CSV.parse(CSV.line(fields.map(CSV.Field.text))).first?.fields == fields)
        #expect(try CSV.parse(CSV.line(verbatim: fields)).first?.fields == fields)
    }

    @Test("lines appended as bytes are the lines written as strings", arguments: [
        ["a", "b"], ["", ""], ["Komma, drin", "Semikolon; drin"], ["\"zitiert\"", "Zeile\nneu", "CR\rLF\r\n"],
        ["Straße „Nord“ – 7 €", "👩‍👩‍👧", "ünd"], [],
    ] as [[String]])
    func appendLine(_ fields: [String]) {
        for delimiter: Character in [",", ";"] {
            var bytes: [UInt8] = []
            CSV.appendLine(fields.map(CSV.Field.text), delimiter: delimiter.asciiValue!, to: &bytes)
            #expect(bytes == Array(CSV.line(fields.map(CSV.Field.text), delimiter: delimiter).utf8))
        }
    }
}
