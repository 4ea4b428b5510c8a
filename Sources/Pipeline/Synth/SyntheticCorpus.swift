import Foundation
import Ingestion
import LeitbildCore
import Signals
import Themes
import ZIPFoundation

/// Builds a synthetic project of N interviews from a real one (the demo corpus), for scale tests
/// and the batch benchmark: `leitbild synth N --out DIR [--seed S]`.
///
/// The source project is read through `Ingestor`, so every format it holds contributes. Its
/// interviews are cut into exchanges (an interviewer turn and the respondent turns that answer
/// it); each synthetic interview takes the opening exchange of one source interview and 6 to 24
/// exchanges drawn from all interviews, so turns are shuffled across interviews. It is written
/// in one of eight formats (f4 plain text, MAXQDA-style named plain text, .docx, WebVTT with
/// Teams voice tags, SRT with Zoom-style names, TEI, EXMARaLDA, ELAN) with new speakers, and its
/// row in metadata.csv varies group, municipality, date, interviewer and id. The codebook (and
/// weights, if any) are copied. The same source, count and seed give byte-identical files.
public struct SyntheticCorpus: Sendable {
    /// An output format and its share of the corpus (in percent).
    public enum Format: String, Sendable, CaseIterable {
        case f4, named, docx, vtt, srt, tei, exb, eaf

        var share: Int {
            switch self {
            case .f4: 35
            case .named: 10
            case .docx, .vtt, .srt: 10
            case .tei, .exb, .eaf: 8 + (self == .tei ? 1 : 0)
            }
        }

        var fileExtension: String {
            switch self {
            case .f4, .named: "txt"
            case .docx: "docx"
            case .vtt: "vtt"
            case .srt: "srt"
            case .tei: "xml"
            case .exb: "exb"
            case .eaf: "eaf"
            }
        }
    }

    /// One turn of the pool.
    struct Turn: Sendable {
        var interviewer: Bool
        var text: String
    }

    /// Interviewer turn(s) and the respondent turns that follow.
    typealias Exchange = [Turn]

    var openings: [Exchange]
    var exchanges: [Exchange]
    var codebook: String
    var weights: String?

    /// What `write` produced.
    public struct Summary: Sendable {
        public var files: Int
        public var bytes: Int
        public var formats: [String: Int]
    }

    /// Reads the source project (transcripts, metadata, codebook).
    public init(source project: String) throws(PipelineError) {
        let files = try AnalysisPipeline.transcriptFiles(in: project)
        let metadata = ["metadata.csv", "metadata.tsv"].map { (project as NSString).appendingPathComponent($0) }
            .first { FileManager.default.fileExists(atPath: $0) }
        let ingested = Ingestor().ingest(IngestionInput(files: files, metadataFile: metadata))
        var openings: [Exchange] = []
        var exchanges: [Exchange] = []
        for transcript in ingested.transcripts {
            var current: Exchange = []
            var all: [Exchange] = []
            for turn in transcript.turns where turn.role != .unknown {
                let text = Self.oneParagraph(String(transcript.text(of: turn)))
                guard !text.isEmpty else { continue }
                let isInterviewer = turn.role == .interviewer
                if isInterviewer, current.contains(where: { !$0.interviewer }) {
                    all.append(current)
                    current = []
                }
                current.append(Turn(interviewer: isInterviewer, text: text))
            }
            if !current.isEmpty { all.append(current) }
            guard let first = all.first else { continue }
            openings.append(first)
            exchanges += all.dropFirst().filter { $0.contains { !$0.interviewer } }
        }
        guard !openings.isEmpty, !exchanges.isEmpty else { throw PipelineError.noTranscripts(project) }
        let codebookPath = (project as NSString).appendingPathComponent("codebook.yaml")
        guard let codebook = try? String(contentsOfFile: codebookPath, encoding: .utf8) else {
            throw PipelineError.codebook("\(codebookPath): cannot read the codebook to copy it into the synthetic project.")
        }
        self.openings = openings
        self.exchanges = exchanges
        self.codebook = codebook
        self.weights = try? String(contentsOfFile: (project as NSString).appendingPathComponent("weights.yaml"), encoding: .utf8)
    }

    /// Writes `count` interviews into `directory` (transcripts/, metadata.csv, codebook.yaml).
    public func write(count: Int, seed: UInt64, to directory: String) throws(PipelineError) -> Summary {
        let transcripts = (directory as NSString).appendingPathComponent("transcripts")
        do { try FileManager.default.createDirectory(atPath: transcripts, withIntermediateDirectories: true) } catch {
            throw PipelineError.reporting("\(transcripts): cannot create the folder: \(error.reasonClause)")
        }
        var rng = Xoshiro256StarStar(seed: seed)
        var rows = [CSV.line(verbatim: ["interview_id", "file", "group", "municipality", "date", "interviewer", "respondent", "respondent_role", "stated_ranking"])]
        var summary = Summary(files: 0, bytes: 0, formats: [:])
        let digits = max(5, String(count).count)
        for n in 1...max(count, 1) where count > 0 {
            let format = Self.pickFormat(&rng)
            let id = "S" + String(repeating: "0", count: max(0, digits - String(n).count)) + String(n)
            let municipality = Self.municipalities[Int.random(in: 0..<Self.municipalities.count, using: &rng)]
            let group = Self.groups[Int.random(in: 0..<Self.groups.count, using: &rng)]
            let interviewer = Self.interviewers[Int.random(in: 0..<Self.interviewers.count, using: &rng)]
            let respondent = Self.firstNames[Int.random(in: 0..<Self.firstNames.count, using: &rng)] + " "
                + Self.lastNames[Int.random(in: 0..<Self.lastNames.count, using: &rng)]
            let date = String(format: "2026-%02d-%02d", Int.random(in: 2...9, using: &rng), Int.random(in: 1...28, using: &rng))
            let interview = compose(&rng)
            let name = "\(id)-\(Self.slug(municipality)).\(format.fileExtension)"
            let bytes = Self.render(interview, format: format, id: id, interviewer: interviewer, respondent: respondent, date: date, place: municipality)
            let path = (transcripts as NSString).appendingPathComponent(name)
            do { try Self.writeFile(bytes, format: format, to: path) } catch {
                throw PipelineError.reporting("\(path): cannot write: \(error.reasonClause)")
            }
            rows.append(CSV.line(verbatim: [id, name, group, municipality, date, interviewer, respondent, "", ""]))
            summary.files += 1
            summary.bytes += bytes.count
            summary.formats[format.rawValue, default: 0] += 1
        }
        var extras = [("metadata.csv", rows.joined()), ("codebook.yaml", codebook)]
        if let weights { extras.append(("weights.yaml", weights)) }
        for (name, text) in extras {
            let path = (directory as NSString).appendingPathComponent(name)
            do { try Data(text.utf8).write(to: URL(fileURLWithPath: path)) } catch {
                throw PipelineError.reporting("\(path): cannot write: \(error.reasonClause)")
            }
        }
        return summary
    }

    /// One interview: an opening, then 6 to 24 exchanges, none twice.
    func compose(_ rng: inout Xoshiro256StarStar) -> [Turn] {
        var turns = openings[Int.random(in: 0..<openings.count, using: &rng)]
        let k = min(exchanges.count, Int.random(in: 6...24, using: &rng))
        var chosen = Set<Int>()
        while chosen.count < k {
            let i = Int.random(in: 0..<exchanges.count, using: &rng)
            if chosen.insert(i).inserted { turns += exchanges[i] }
        }
        return turns
    }

    static func pickFormat(_ rng: inout Xoshiro256StarStar) -> Format {
        var roll = Int.random(in: 0..<Format.allCases.reduce(0) { $0 + $1.share }, using: &rng)
        for format in Format.allCases {
            if roll < format.share { return format }
            roll -= format.share
        }
        return .f4
    }

    // MARK: - Rendering

    /// A turn's start and end in seconds: about 2.5 words a second, with a pause between turns.
    static func timeline(_ turns: [Turn]) -> [(start: Double, end: Double)] {
        var t = 2.0
        return turns.map { turn in
            let words = turn.text.split(separator: " ").count
            let start = t
            let end = start + max(1.0, Double(words) / 2.5)
            t = end + 0.6
            return (start, end)
        }
    }

    static func render(_ turns: [Turn], format: Format, id: String, interviewer: String, respondent: String, date: String, place: String) -> [UInt8] {
        let times = timeline(turns)
        var out = ""
        switch format {
        case .f4:
            for (turn, time) in zip(turns, times) {
                out += "\(turn.interviewer ? "I" : "B"): \(turn.text) #\(f4Time(time.end))#\n\n"
            }
        case .named, .docx:
            for turn in turns { out += "\(turn.interviewer ? interviewer : respondent): \(turn.text)\n\n" }
            if format == .docx { return Array(docxDocument(out).utf8) }
        case .vtt, .srt:
            out = format == .vtt ? "WEBVTT\n\n" : ""
            var cue = 0
            for (turn, time) in zip(turns, times) {
                // Subtitle tools cut long turns into cues of a few seconds; ingestion merges them again.
                let chunks = chunked(turn.text, words: 14)
                let step = (time.end - time.start) / Double(chunks.count)
                for (k, chunk) in chunks.enumerated() {
                    cue += 1
                    let a = time.start + Double(k) * step, b = a + step - 0.04
                    let speaker = turn.interviewer ? interviewer : respondent
                    if format == .vtt {
                        out += "\(cue)\n\(clock(a, ".")) --> \(clock(b, "."))\n<v \(speaker)>\(chunk)</v>\n\n"
                    } else {
                        out += "\(cue)\n\(clock(a, ",")) --> \(clock(b, ","))\n\(speaker): \(chunk)\n\n"
                    }
                }
            }
        case .tei:
            out += """
            <?xml version="1.0" encoding="UTF-8"?>
            <TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="de">
              <teiHeader>
                <fileDesc>
                  <titleStmt><title>Stakeholderinterview \(id) (synthetisch)</title></titleStmt>
                  <publicationStmt><p>Synthetisch erzeugt aus dem Demokorpus.</p></publicationStmt>
                  <sourceDesc><recordingStmt><recording type="audio"><date when="\(date)"/></recording></recordingStmt></sourceDesc>
                </fileDesc>
                <profileDesc>
                  <particDesc>
                    <listPerson>
                      <person xml:id="SPK0" n="I"><persName>\(XMLEscape.attribute(interviewer))</persName></person>
                      <person xml:id="SPK1" n="B"><persName>\(XMLEscape.attribute(respondent))</persName></person>
                    </listPerson>
                  </particDesc>
                  <settingDesc><setting><name type="place">\(XMLEscape.attribute(place))</name></setting></settingDesc>
                </profileDesc>
              </teiHeader>
              <text>
                <timeline unit="s" origin="#T0">
                  <when xml:id="T0"/>

            """
            for (i, time) in times.enumerated() {
                out += "      <when xml:id=\"T\(2 * i + 1)\" interval=\"\(seconds(time.start))\" since=\"#T0\"/>\n"
                out += "      <when xml:id=\"T\(2 * i + 2)\" interval=\"\(seconds(time.end))\" since=\"#T0\"/>\n"
            }
            out += "    </timeline>\n    <body>\n"
            for (i, turn) in turns.enumerated() {
                let a = "T\(2 * i + 1)", b = "T\(2 * i + 2)"
                out += "      <annotationBlock who=\"#SPK\(turn.interviewer ? 0 : 1)\" start=\"#\(a)\" end=\"#\(b)\">\n"
                out += "        <u><anchor synch=\"#\(a)\"/>\(XMLEscape.attribute(turn.text)) <anchor synch=\"#\(b)\"/></u>\n      </annotationBlock>\n"
            }
            out += "    </body>\n  </text>\n</TEI>\n"
        case .exb:
            out += """
            <?xml version="1.0" encoding="UTF-8"?>
            <basic-transcription>
              <head>
                <meta-information>
                  <project-name>Synthetisches Korpus</project-name>
                  <transcription-name>\(id)</transcription-name>
                  <referenced-file url=""/>
                  <ud-meta-information><ud-information attribute-name="Datum">\(date)</ud-information></ud-meta-information>
                  <comment/>
                  <transcription-convention/>
                </meta-information>
                <speakertable>

            """
            for (n, (abbreviation, name)) in [("I", interviewer), ("B", respondent)].enumerated() {
                out += "      <speaker id=\"SPK\(n)\"><abbreviation>\(abbreviation)</abbreviation><sex value=\"u\"/><languages-used/><l1/><l2/>"
                out += "<ud-speaker-information><ud-information attribute-name=\"Name\">\(XMLEscape.attribute(name))</ud-information></ud-speaker-information><comment/></speaker>\n"
            }
            out += "    </speakertable>\n  </head>\n  <basic-body>\n    <common-timeline>\n"
            for (i, time) in times.enumerated() {
                out += "      <tli id=\"T\(2 * i)\" time=\"\(seconds(time.start))\"/>\n      <tli id=\"T\(2 * i + 1)\" time=\"\(seconds(time.end))\"/>\n"
            }
            out += "    </common-timeline>\n"
            for (n, abbreviation) in ["I", "B"].enumerated() {
                out += "    <tier id=\"TIE\(n)\" speaker=\"SPK\(n)\" category=\"v\" type=\"t\" display-name=\"\(abbreviation) [v]\">\n"
                for (i, turn) in turns.enumerated() where turn.interviewer == (n == 0) {
                    out += "      <event start=\"T\(2 * i)\" end=\"T\(2 * i + 1)\">\(XMLEscape.attribute(turn.text)) </event>\n"
                }
                out += "    </tier>\n"
            }
            out += "  </basic-body>\n</basic-transcription>\n"
        case .eaf:
            out += """
            <?xml version="1.0" encoding="UTF-8"?>
            <ANNOTATION_DOCUMENT AUTHOR="\(XMLEscape.attribute(interviewer))" DATE="\(date)T10:00:00+02:00" FORMAT="3.0" VERSION="3.0">
                <HEADER MEDIA_FILE="" TIME_UNITS="milliseconds"/>
                <TIME_ORDER>

            """
            for (i, time) in times.enumerated() {
                out += "        <TIME_SLOT TIME_SLOT_ID=\"ts\(2 * i + 1)\" TIME_VALUE=\"\(Int(time.start * 1000))\"/>\n"
                out += "        <TIME_SLOT TIME_SLOT_ID=\"ts\(2 * i + 2)\" TIME_VALUE=\"\(Int(time.end * 1000))\"/>\n"
            }
            out += "    </TIME_ORDER>\n"
            for (n, (tier, name)) in [("Interviewer", interviewer), ("Befragte Person", respondent)].enumerated() {
                out += "    <TIER LINGUISTIC_TYPE_REF=\"default-lt\" PARTICIPANT=\"\(XMLEscape.attribute(name))\" TIER_ID=\"\(tier)\">\n"
                for (i, turn) in turns.enumerated() where turn.interviewer == (n == 0) {
                    out += "        <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a\(i + 1)\" TIME_SLOT_REF1=\"ts\(2 * i + 1)\" TIME_SLOT_REF2=\"ts\(2 * i + 2)\">"
                    out += "<ANNOTATION_VALUE>\(XMLEscape.attribute(turn.text))</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>\n"
                }
                out += "    </TIER>\n"
            }
            out += "    <LINGUISTIC_TYPE LINGUISTIC_TYPE_ID=\"default-lt\" TIME_ALIGNABLE=\"true\"/>\n</ANNOTATION_DOCUMENT>\n"
        }
        return Array(out.utf8)
    }

    /// `word/document.xml` with one paragraph per line of the text.
    static func docxDocument(_ text: String) -> String {
        var out = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
        """
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            out += "<w:p><w:r><w:t xml:space=\"preserve\">\(XMLEscape.attribute(String(line)))</w:t></w:r></w:p>"
        }
        return out + "</w:body></w:document>"
    }

    static let docxParts: [(String, String)] = [
        ("[Content_Types].xml", """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
        """),
        ("_rels/.rels", """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>
        """),
    ]

    /// Writes a rendered interview; a .docx becomes a zip with a fixed date, so it is byte-identical for a seed.
    static func writeFile(_ bytes: [UInt8], format: Format, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        guard format == .docx else { return try Data(bytes).write(to: url) }
        try? FileManager.default.removeItem(at: url)
        let archive = try Archive(url: url, accessMode: .create)
        let date = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01
        for (name, data) in docxParts.map({ ($0.0, Data($0.1.utf8)) }) + [("word/document.xml", Data(bytes))] {
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), modificationDate: date,
                                 compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
    }

    // MARK: - Small helpers

    static func oneParagraph(_ text: String) -> String {
        text.split(whereSeparator: { $0 == "\n" }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    static func chunked(_ text: String, words: Int) -> [String] {
        let all = text.split(separator: " ")
        return stride(from: 0, to: max(all.count, 1), by: words).map { all[$0..<min($0 + words, all.count)].joined(separator: " ") }
    }

    static func f4Time(_ t: Double) -> String {
        let tenths = Int((t * 10).rounded())
        return String(format: "%02d:%02d:%02d-%d", tenths / 36000, tenths / 600 % 60, tenths / 10 % 60, tenths % 10)
    }

    static func clock(_ t: Double, _ separator: String) -> String {
        let ms = Int((t * 1000).rounded())
        return String(format: "%02d:%02d:%02d%@%03d", ms / 3_600_000, ms / 60000 % 60, ms / 1000 % 60, separator, ms % 1000)
    }

    static func seconds(_ t: Double) -> String { String(format: "%.2f", t) }

    static func slug(_ text: String) -> String {
        let folded = text.lowercased().replacingOccurrences(of: "ä", with: "ae").replacingOccurrences(of: "ö", with: "oe")
            .replacingOccurrences(of: "ü", with: "ue").replacingOccurrences(of: "ß", with: "ss")
        return String(folded.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" })
    }

    // MARK: - Metadata pools (the county's 27 municipalities; stakeholder groups of the demo corpus)

    static let municipalities = [
        "Helmbrechts", "Lichtenberg", "Münchberg", "Naila", "Rehau", "Schauenstein", "Schwarzenbach am Wald",
        "Schwarzenbach an der Saale", "Selbitz", "Bad Steben", "Oberkotzau", "Sparneck", "Stammbach", "Zell im Fichtelgebirge",
        "Berg", "Döhlau", "Feilitzsch", "Gattendorf", "Geroldsgrün", "Issigau", "Köditz", "Konradsreuth", "Leupoldsgrün",
        "Regnitzlosau", "Töpen", "Trogen", "Weißdorf",
    ]
    static let groups = [
        "Verwaltung", "Politik", "Gesundheit & Pflege", "Senioren", "Wirtschaft", "Bildung", "Jugend", "Vereine & Ehrenamt",
    ]
    static let interviewers = ["Anna Roth", "Markus Lindner", "Katrin Schmidt", "Jan Weber", "Miriam Vogel"]
    static let firstNames = [
        "Andrea", "Bernd", "Claudia", "Dieter", "Elke", "Frank", "Gabi", "Heinz", "Ingrid", "Jürgen", "Karin", "Lukas",
        "Monika", "Norbert", "Petra", "Ralf", "Sabine", "Thomas", "Ursula", "Volker", "Waltraud", "Yvonne",
    ]
    static let lastNames = [
        "Bauer", "Dietel", "Ernstberger", "Fischer", "Gebhardt", "Hager", "Hertel", "Kießling", "Meier", "Neupert", "Pausch",
        "Rauh", "Rödel", "Schödel", "Schübel", "Ströbel", "Wolfrum", "Zeitler",
    ]
}
