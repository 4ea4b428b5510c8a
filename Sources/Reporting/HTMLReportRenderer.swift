import LeitbildCore
import Signals
import Themes

/// `report.html`: one self-contained page for analysts (no network). Every piece of transcript
/// text goes through `HTML.escape`.
public struct HTMLReportRenderer: ReportRenderer {
    public var fileName: String { "report.html" }
    public init() {}

    public func render(_ input: ReportInput) throws -> RenderedFile {
        let a = input.analysis
        var h = """
        <!DOCTYPE html>
        <html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Leitbild – \(HTML.escape(input.projectName))</title>
        <style>body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;line-height:1.45}
        table{border-collapse:collapse}td,th{border:1px solid #888;padding:.25rem .5rem;text-align:left}
        blockquote{border-left:4px solid #555;margin:.5rem 0;padding:.25rem .75rem}mark{background:#ffe08a}</style>
        </head><body>
        <h1>Interviewauswertung: \(HTML.escape(input.projectName))</h1>
        <p>\(a.interviewCount) Interviews, \(a.groupCount) Stakeholdergruppen.</p>
        <h2>Codes nach Priorität</h2>
        <table><thead><tr><th>Rang</th><th>Code</th><th>Art</th><th>Interviews</th><th>Gruppen</th><th>Nennungen</th></tr></thead><tbody>

        """
        for c in a.codes {
            h += "<tr><td>\(c.rank)</td><td><a href=\"#code-\(HTML.escape(c.codeID))\">\(HTML.escape(c.name))</a></td><td>\(c.kind.rawValue)</td>"
            h += "<td>\(c.interviews) von \(a.interviewCount)</td><td>\(c.groups) von \(a.groupCount)</td><td>\(c.segments)</td></tr>\n"
        }
        h += "</tbody></table>\n"
        for c in a.codes where c.segments > 0 {
            h += "<section id=\"code-\(HTML.escape(c.codeID))\"><h2>\(HTML.escape(c.name))</h2>\n"
            for coded in input.transcripts {
                for s in coded.segments {
                    guard let assignment = s.codes.first(where: { $0.codeID == c.codeID }) else { continue }
                    let text = coded.transcript.text
                    h += "<blockquote>" + HTML.highlight(text: text, range: s.segment.range, marks: assignment.matches.map(\.range))
                    h += "<br><small>\(HTML.escape(coded.transcript.id)), \(HTML.escape(coded.transcript.source.fileName)):\(s.segment.sourceLine)</small></blockquote>\n"
                }
            }
            h += "</section>\n"
        }
        h += "</body></html>\n"
        return RenderedFile(name: fileName, text: h)
    }
}

/// HTML escaping: every piece of transcript text passes through here.
public enum HTML {
    public static func escape(_ text: some StringProtocol) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// The text of `range` with the `marks` (sub-ranges) wrapped in `<mark>`, everything escaped.
    static func highlight(text: String, range: TextRange, marks: [TextRange]) -> String {
        var out = ""
        var position = range.utf8.lowerBound
        for m in marks.sorted(by: { $0.utf8.lowerBound < $1.utf8.lowerBound }) where m.utf8.lowerBound >= position && m.utf8.upperBound <= range.utf8.upperBound {
            out += escape(text.slice(utf8: position..<m.utf8.lowerBound))
            out += "<mark>" + escape(text.slice(utf8: m.utf8)) + "</mark>"
            position = m.utf8.upperBound
        }
        out += escape(text.slice(utf8: position..<range.utf8.upperBound))
        return out
    }
}
