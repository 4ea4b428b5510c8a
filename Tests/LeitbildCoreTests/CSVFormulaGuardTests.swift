import LeitbildCore
import Testing

/// Spreadsheet formula injection (OWASP "CSV Injection"): a text cell that begins with `=`, `+`,
/// `-`, `@`, a tab or a carriage return would be run as a formula by Excel or LibreOffice, so it
/// gets an apostrophe in front; number cells are written as they are.
@Suite("CSV: text cells guarded against spreadsheet formulas")
struct CSVFormulaGuardTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var field: CSV.Field
        /// The line for `,` and for `;`.
        var comma: String
        var semicolon: String
        var testDescription: String { "\(field)" }

        init(_ field: CSV.Field, _ comma: String, _ semicolon: String? = nil) {
            self.field = field
            self.comma = comma
            self.semicolon = semicolon ?? comma
        }
    }

    static func check(_ c: Case) {
        for (delimiter, expected) in [(Character(","), c.comma), (";", c.semicolon)] {
            #expect(CSV.line([c.field], delimiter: delimiter) == expected + "\r\n", "delimiter \(delimiter)")
            var bytes: [UInt8] = []
            CSV.appendLine([c.field], delimiter: delimiter.asciiValue!, to: &bytes)
            #expect(bytes == Array((expected + "\r\n").utf8), "appendLine, delimiter \(delimiter)")
        }
    }

    @Test("each trigger character at the start of a text cell gets an apostrophe", arguments: [
        Case(.text("=WLAN [exactForm]"), "'=WLAN [exactForm]"),
        Case(.text("=HYPERLINK(\"http://x.example\";\"klick\")"), "\"'=HYPERLINK(\"\"http://x.example\"\";\"\"klick\"\")\""),
        Case(.text("+49 9281 1234"), "'+49 9281 1234"),
        Case(.text("-3"), "'-3"),
        Case(.text("- Bus und Bahn"), "'- Bus und Bahn"),
        Case(.text("@SUMME(A1:A9)"), "'@SUMME(A1:A9)"),
        Case(.text("\tTabulator"), "'\tTabulator"),
        Case(.text("\rWagenrücklauf"), "\"'\rWagenrücklauf\""),
    ])
    func trigger(_ c: Case) { Self.check(c) }

    @Test("number cells are written as they are, negative ones too", arguments: [
        Case(.number("-0.25"), "-0.25"),
        Case(.number("-3"), "-3"),
        Case(.number("-17.6471"), "-17.6471"),
        Case(.number("-11,2500"), "\"-11,2500\"", "-11,2500"),
        Case(.number(""), ""),
    ])
    func number(_ c: Case) { Self.check(c) }

    @Test("a guarded cell that also needs quotes is quoted around the apostrophe", arguments: [
        Case(.text("=1+\"2\""), "\"'=1+\"\"2\"\"\""),
        Case(.text("-zwei\nZeilen"), "\"'-zwei\nZeilen\""),
        Case(.text("=A1,B1"), "\"'=A1,B1\"", "'=A1,B1"),
        Case(.text("@a;b"), "'@a;b", "\"'@a;b\""),
        Case(.text("+\r\n"), "\"'+\r\n\""),
    ])
    func quoted(_ c: Case) { Self.check(c) }

    @Test("a text cell that begins with an apostrophe gets another, so one always comes off", arguments: [
        Case(.text("'s Rathaus ist zu"), "''s Rathaus ist zu"),
        Case(.text("'=schon geschützt"), "''=schon geschützt"),
        Case(.text("'"), "''"),
    ])
    func apostrophe(_ c: Case) { Self.check(c) }

    @Test("other text cells are unchanged", arguments: [
        Case(.text(""), ""),
        Case(.text("Bus [word]; =WLAN [exactForm]"), "Bus [word]; =WLAN [exactForm]", "\"Bus [word]; =WLAN [exactForm]\""),
        Case(.text(" =1+1"), " =1+1"),
        Case(.text("3-4 Mal"), "3-4 Mal"),
        Case(.text("Über-Land"), "Über-Land"),
        Case(.text("„=“"), "„=“"),
        Case(.text("\nneue Zeile"), "\"\nneue Zeile\""),
    ])
    func unchanged(_ c: Case) { Self.check(c) }

    @Test("reading back and dropping one leading apostrophe gives the text exactly", arguments: [
        "=WLAN", "+1", "-3", "@x", "\tx", "\rx", "'", "''=x", "'s", "x'", "", "normal, mit Komma", "\"=zitiert\"",
    ])
    func reversible(_ text: String) throws {
        let line = CSV.line([.text(text), .number("-1")])
        let fields = try #require(try CSV.parse(line, delimiter: ",").first?.fields)
        // The parser turns a CR inside quotes into LF (RFC 4180 reading); compare the written cell.
        let expected = text.replacingOccurrences(of: "\r", with: "\n")
        let cell = fields[0].hasPrefix("'") ? String(fields[0].dropFirst()) : fields[0]
        #expect(cell == expected)
        #expect(fields[1] == "-1")
    }

    @Test("neutralized(_:) is the text cell before quoting", arguments: ["=a", "-3", "'x", "x", ""])
    func neutralized(_ text: String) {
        #expect(CSV.Field.text(text).cell == CSV.neutralized(text))
        #expect(CSV.Field.number(text).cell == text)
    }
}
