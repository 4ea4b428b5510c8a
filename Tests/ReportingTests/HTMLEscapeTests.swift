import Reporting
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
}
