import Foundation
@testable import Reporting
import Testing

@Suite("HTML escaping")
struct HTMLEscapeTests {
    @Test("markup characters in transcript text come out escaped", arguments: [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("Bus & Bahn", "Bus &amp; Bahn"),
        ("\"zitiert\" & 'so'", "&quot;zitiert&quot; &amp; &#39;so&#39;"),
    ])
    func escape(_ pair: (String, String)) {
        #expect(HTML.escape(pair.0) == pair.1)
    }

    @Test("JSON embedded in <script> cannot close it", arguments: [
        ("</script><script>alert(1)</script>", "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"),
        ("Bus & Bahn", "Bus \\u0026 Bahn"),
        ("<!-- x -->", "\\u003c!-- x --\\u003e"),
        ("a\u{2028}b\u{2029}c", "a\\u2028b\\u2029c"),
        // The neighbours of U+2028 and U+2029 (E2 80 A7, E2 80 AA) and other E2 sequences stay as they are.
        ("\u{2027}\u{202A}\u{20AC}€–„“\u{2028}", "\u{2027}\u{202A}\u{20AC}€–„“\\u2028"),
        ("Ärger mit dem Bus 🚌 & der Bahn\u{2029}", "Ärger mit dem Bus 🚌 \\u0026 der Bahn\\u2029"),
        ("\u{2028}", "\\u2028"),
        ("<", "\\u003c"),
    ])
    func scriptSafe(_ pair: (String, String)) throws {
        let json = try HTML.scriptSafeJSON([pair.0])
        #expect(json == "[\"" + pair.1 + "\"]")
        // Still valid JSON that decodes to the original text.
        #expect(try JSONDecoder().decode([String].self, from: Data(json.utf8)) == [pair.0])
    }
}

@Suite("report.html")
struct HTMLReportTests {
    static func page(_ options: ReportOptions = .init()) throws -> String {
        String(decoding: try HTMLReportRenderer().render(ReportFixture.input(options: options)).contents, as: UTF8.self)
    }

    @Test("a transcript with <script>, & and U+2028 comes out escaped everywhere")
    func transcriptMarkup() throws {
        let html = try Self.page()
        #expect(!html.contains("<script>alert(1)"))
        #expect(html.components(separatedBy: "<script").count == 3)  // the data block and the code, nothing else
        #expect(html.components(separatedBy: "</script>").count == 3)
        #expect(html.contains("\\u003c/script\\u003e\\u003cscript\\u003ealert(1)"))
        #expect(html.contains("Bahn \\u0026 Bus"))
        #expect(!html.contains("\u{2028}"))
    }

    @Test("the embedded data is valid JSON with the pseudonymised texts")
    func embeddedData() throws {
        let html = try Self.page()
        let start = try #require(html.range(of: "<script type=\"application/json\" id=\"leitbild-data\">"))
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        let json = try JSONSerialization.jsonObject(with: Data(html[start.upperBound..<end.lowerBound].utf8)) as? [String: Any]
        let contexts = try #require(json?["contexts"] as? [[String: Any]])
        let texts = contexts.compactMap { $0["x"] as? String }
        #expect(texts.contains { $0.contains("</script><script>alert(1)</script>") })
        #expect(!texts.contains { $0.contains("Zapf") || $0.contains("Hertel") })
        let segments = try #require(json?["segments"] as? [[String: Any]])
        #expect(segments.count == ReportFixture.input().transcripts.reduce(0) { $0 + $1.segments.count })
    }

    @Test("self-contained: no network references, a CSP that forbids fetching")
    func offline() throws {
        let html = try Self.page()
        #expect(html.contains("default-src 'none'"))
        for pattern in ["http://", "https://", "src=\"//", "@import", "url("] {
            let hits = html.components(separatedBy: pattern).count - 1
            // SVG namespace URIs are identifiers, not fetches.
            let allowed = pattern == "http://" ? html.components(separatedBy: "xmlns=\"http://www.w3.org/2000/svg\"").count - 1 : 0
            #expect(hits == allowed, "\(pattern) occurs \(hits) times")
        }
    }

    @Test("large projects: segments per code are capped with a note that counts what is left out")
    func cap() throws {
        let html = try Self.page(ReportOptions(htmlSegmentsPerCode: 1))
        #expect(html.contains("je Code 1 Textstellen ausgewählt"))
        let full = try Self.page()
        #expect(html.utf8.count < full.utf8.count)
        // What is left out of a code: its segments not embedded, also not through another code
        // (found in a review: the note said the list less the cap).
        let start = try #require(html.range(of: "<script type=\"application/json\" id=\"leitbild-data\">"))
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(html[start.upperBound..<end.lowerBound].utf8)) as? [String: Any])
        let codes = try #require(json["codes"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        let embedded = try #require(json["segments"] as? [[String: Any]]).map { (($0["k"] as? [[Int]]) ?? []).map { $0[0] } }
        let omitted = Dictionary(uniqueKeysWithValues: try #require(json["omitted"] as? [[String: Int]]).map { ($0["code"] ?? -1, $0["count"] ?? -1) })
        let input = ReportFixture.input()
        var checked = 0
        for (ci, id) in codes.enumerated() {
            let total = input.transcripts.reduce(0) { $0 + $1.segments.filter { $0.codes.contains { $0.codeID == id } }.count }
            let shown = embedded.filter { $0.contains(ci) }.count
            #expect((omitted[ci] ?? 0) == total - shown, "\(id)")
            if total - shown > 0 { checked += 1 }
        }
        #expect(checked > 0)
        // The case the old count got wrong: a code shown more often than the cap, through segments
        // chosen for other codes.
        #expect(codes.indices.contains { ci in embedded.filter { $0.contains(ci) }.count > 1 })
    }

    /// Found in a review: "1 Nennungen", "1 gemeinsame Textstellen" in the charts' tooltips.
    @Test("a count of one takes the singular", arguments: [
        (1, "1 Nennung"), (0, "0 Nennungen"), (2, "2 Nennungen"), (11, "11 Nennungen"),
    ])
    func singular(_ n: Int, _ text: String) throws {
        #expect(Format.count(n, "Nennung", "Nennungen") == text)
        let html = try Self.page()
        #expect(html.range(of: "(?<![0-9])1 (Nennungen|gemeinsame Textstellen)", options: .regularExpression) == nil)
    }

    @Test("accessibility basics: language, skip link, labelled charts, sortable headers are buttons")
    func accessibility() throws {
        let html = try Self.page()
        #expect(html.contains("<html lang=\"de\">"))
        #expect(html.contains("class=\"skip\""))
        #expect(html.contains("role=\"img\" aria-labelledby=\"ranking-title ranking-desc\""))
        #expect(html.contains("forced-colors: active"))
        #expect(html.contains("prefers-contrast: more"))
        #expect(html.contains("@media print"))
        #expect(!html.contains("<th scope=\"col\" data-type=\"num\">Rang"))
    }
}
