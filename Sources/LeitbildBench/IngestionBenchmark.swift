import ArgumentParser
import Foundation
import Ingestion
import LeitbildCore

/// `leitbild-bench ingest`: ingestion throughput on one core, per format.
///
/// Builds a folder of synthetic interviews from real transcripts (the demo corpus and the twins
/// fixtures): interview k takes the turns of source interview k mod S, rotated by k, so that
/// files differ while reading like real ones. Each format gets the same interviews, written as
/// f4 plain text, TEI (ISO 24624), EXMARaLDA, ELAN and WebVTT. Then every folder is ingested
/// single-threaded (`Ingestor.ingest`, including reading the files). Reported per format, best of
/// the runs, in MB/s (10^6 bytes of input per second): by wall-clock time, and by the thread's CPU
/// time, which is the throughput of one core even when other processes compete for it.
struct IngestionBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Ingestion throughput (MB/s, one core) over generated folders of transcripts per format.")

    @Option(help: "Interviews generated per format.")
    var count = 1000

    @Option(help: "Timed runs per format; the best and the median are printed.")
    var runs = 3

    @Option(help: "Folders or files with source transcripts (any format Leitbild reads).")
    var source: [String] = ["corpus/transcripts", "Tests/IngestionTests/Fixtures/twins"]

    @Option(help: "Formats to measure: txt, tei, exb, eaf, vtt.")
    var formats: [String] = ["txt", "tei", "exb", "eaf", "vtt"]

    @Flag(help: "Keep the generated folder (its path is printed).")
    var keep = false

    func run() throws {
        let interviews = try loadSources()
        guard !interviews.isEmpty else {
            throw ValidationError("no source transcripts found in \(source.joined(separator: ", ")); run from the repository root or pass --source")
        }
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("leitbild-bench-ingest-\(UUID().uuidString)")
        defer { if !keep { try? FileManager.default.removeItem(at: root) } }
        print("sources: \(interviews.count) interviews, \(interviews.reduce(0) { $0 + $1.turns.count }) turns; generating \(count) per format in \(root.path)")
        print("format  files   MB      wall s   CPU s    MB/s wall  median wall  MB/s CPU  transcripts/s")
        for format in formats.flatMap({ $0.split(separator: ",").map(String.init) }) {
            guard let writer = Self.writers[format] else { throw ValidationError("unknown format '\(format)'") }
            let folder = root.appendingPathComponent(format)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            var files: [String] = []
            var bytes = 0
            for k in 0..<count {
                let interview = interviews[k % interviews.count].rotated(by: k)
                let data = Data(writer.write(interview, k).utf8)
                let path = folder.appendingPathComponent(String(format: "i%05d.%@", k, writer.ext)).path
                try data.write(to: URL(fileURLWithPath: path))
                files.append(path)
                bytes += data.count
            }
            var wall: [Double] = []
            var cpu: [Double] = []
            var transcripts = 0
            for _ in 0..<max(runs, 1) {
                let clock = ContinuousClock()
                var output: IngestionOutput?
                let cpuStart = Self.threadCPUSeconds()
                let elapsed = clock.measure { output = Ingestor().ingest(IngestionInput(files: files)) }
                cpu.append(Self.threadCPUSeconds() - cpuStart)
                guard let output, output.failures.isEmpty else {
                    throw ValidationError("ingestion failed: \(output?.failures.first?.error ?? "?")")
                }
                transcripts = output.transcripts.count
                wall.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            }
            wall.sort()
            cpu.sort()
            let mb = Double(bytes) / 1e6
            print(String(format: "%-6@  %5d  %6.2f  %7.3f  %7.3f  %9.1f  %11.1f  %10.1f  %13.0f",
                         format as NSString, files.count, mb, wall[0], cpu[0], mb / wall[0], mb / wall[wall.count / 2], mb / cpu[0],
                         Double(transcripts) / wall[0]))
        }
        if keep { print("kept: \(root.path)") }
    }

    /// CPU time of the calling thread: the time it ran on a core, whatever else the machine does.
    static func threadCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    // MARK: - Sources

    /// A source interview: labelled turns in order.
    struct Interview: Sendable {
        struct Turn: Sendable {
            var label: String
            var text: String
        }
        var turns: [Turn]

        /// The same interview starting at another turn, so that generated files differ.
        func rotated(by k: Int) -> Interview {
            guard turns.count > 1 else { return self }
            let shift = k % turns.count
            return Interview(turns: Array(turns[shift...] + turns[..<shift]))
        }
    }

    func loadSources() throws -> [Interview] {
        var files: [String] = []
        for path in source {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                let names = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
                files += names.filter { SourceFormat.transcriptExtensions.contains(($0 as NSString).pathExtension.lowercased()) }
                    .map { (path as NSString).appendingPathComponent($0) }
            } else {
                files.append(path)
            }
        }
        let output = Ingestor().ingest(IngestionInput(files: files))
        return output.transcripts.map { t in
            Interview(turns: t.turns.map { turn in
                let label = t.speaker(id: turn.speakerID)?.label ?? ""
                // Structured formats below write one line per turn; paragraph breaks become spaces.
                let text = String(t.text(of: turn)).replacingOccurrences(of: "\n", with: " ")
                return Interview.Turn(label: label.isEmpty ? (turn.role == .interviewer ? "I" : "B") : label, text: text)
            })
        }
    }

    // MARK: - Writers

    struct Writer: Sendable {
        var ext: String
        var write: @Sendable (Interview, Int) -> String
    }

    static let writers: [String: Writer] = [
        "txt": Writer(ext: "txt", write: f4),
        "tei": Writer(ext: "xml", write: tei),
        "exb": Writer(ext: "exb", write: exmaralda),
        "eaf": Writer(ext: "eaf", write: elan),
        "vtt": Writer(ext: "vtt", write: webVTT),
    ]

    /// Seconds per turn: about 2.5 words per second of speech.
    static func times(_ interview: Interview) -> [(Double, Double)] {
        var t = 0.0
        return interview.turns.map { turn in
            let duration = max(1.0, Double(turn.text.split(separator: " ").count) / 2.5)
            defer { t += duration }
            return (t, t + duration)
        }
    }

    static func f4Stamp(_ seconds: Double) -> String {
        let tenths = Int((seconds * 10).rounded())
        let s = tenths / 10
        return String(format: "#%02d:%02d:%02d-%d#", s / 3600, s / 60 % 60, s % 60, tenths % 10)
    }

    static func f4(_ interview: Interview, _ k: Int) -> String {
        let spans = times(interview)
        var out = ""
        for (turn, span) in zip(interview.turns, spans) {
            out += "\(turn.label): \(turn.text) \(f4Stamp(span.1))\n\n"
        }
        return out
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func speakers(_ interview: Interview) -> [String] {
        var labels: [String] = []
        for turn in interview.turns where !labels.contains(turn.label) { labels.append(turn.label) }
        return labels
    }

    static func tei(_ interview: Interview, _ k: Int) -> String {
        let spans = times(interview)
        let labels = speakers(interview)
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">\n<teiHeader><fileDesc><titleStmt><title>Interview \(k)</title></titleStmt></fileDesc>\n<profileDesc><particDesc>\n"
        for (i, label) in labels.enumerated() { out += "  <person xml:id=\"SPK\(i)\" n=\"\(escape(label))\"/>\n" }
        out += "</particDesc></profileDesc></teiHeader>\n<text>\n<timeline unit=\"s\" origin=\"#T0\">\n<when xml:id=\"T0\"/>\n"
        for (i, span) in spans.enumerated() { out += "<when xml:id=\"T\(i + 1)\" interval=\"\(String(format: "%.1f", span.1))\" since=\"#T0\"/>\n" }
        out += "</timeline>\n<body>\n"
        for (i, turn) in interview.turns.enumerated() {
            let who = labels.firstIndex(of: turn.label) ?? 0
            out += "<annotationBlock who=\"#SPK\(who)\" start=\"#T\(i)\" end=\"#T\(i + 1)\">\n  <u><anchor synch=\"#T\(i)\"/>\(escape(turn.text))<anchor synch=\"#T\(i + 1)\"/></u>\n</annotationBlock>\n"
        }
        return out + "</body>\n</text>\n</TEI>\n"
    }

    static func exmaralda(_ interview: Interview, _ k: Int) -> String {
        let spans = times(interview)
        let labels = speakers(interview)
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<basic-transcription>\n<head><meta-information><project-name>bench</project-name><transcription-name>Interview \(k)</transcription-name></meta-information>\n<speakertable>\n"
        for (i, label) in labels.enumerated() { out += "<speaker id=\"SPK\(i)\"><abbreviation>\(escape(label))</abbreviation><sex value=\"u\"/></speaker>\n" }
        // Each turn is split into two events at its middle word, as EXMARaLDA users segment;
        // the midpoint is a timeline point without a time.
        out += "</speakertable></head>\n<basic-body>\n<common-timeline>\n<tli id=\"T0\" time=\"0.0\"/>\n"
        for (i, span) in spans.enumerated() {
            out += "<tli id=\"T\(i)m\"/>\n<tli id=\"T\(i + 1)\" time=\"\(String(format: "%.1f", span.1))\"/>\n"
        }
        out += "</common-timeline>\n"
        for (s, label) in labels.enumerated() {
            out += "<tier id=\"TIE\(s)\" speaker=\"SPK\(s)\" category=\"v\" type=\"t\" display-name=\"\(escape(label)) [v]\">\n"
            for (i, turn) in interview.turns.enumerated() where turn.label == label {
                let words = turn.text.split(separator: " ")
                let half = max(words.count / 2, 1)
                out += "<event start=\"T\(i)\" end=\"T\(i)m\">\(escape(words.prefix(half).joined(separator: " "))) </event>\n"
                if half < words.count {
                    out += "<event start=\"T\(i)m\" end=\"T\(i + 1)\">\(escape(words[half...].joined(separator: " "))) </event>\n"
                }
            }
            out += "</tier>\n"
        }
        return out + "</basic-body>\n</basic-transcription>\n"
    }

    static func elan(_ interview: Interview, _ k: Int) -> String {
        let spans = times(interview)
        let labels = speakers(interview)
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ANNOTATION_DOCUMENT AUTHOR=\"bench\" FORMAT=\"3.0\" VERSION=\"3.0\">\n<HEADER MEDIA_FILE=\"\" TIME_UNITS=\"milliseconds\"/>\n<TIME_ORDER>\n"
        out += "<TIME_SLOT TIME_SLOT_ID=\"ts0\" TIME_VALUE=\"0\"/>\n"
        for (i, span) in spans.enumerated() { out += "<TIME_SLOT TIME_SLOT_ID=\"ts\(i + 1)\" TIME_VALUE=\"\(Int(span.1 * 1000))\"/>\n" }
        out += "</TIME_ORDER>\n"
        var id = 0
        for label in labels {
            out += "<TIER LINGUISTIC_TYPE_REF=\"default-lt\" PARTICIPANT=\"\(escape(label))\" TIER_ID=\"\(escape(label))\">\n"
            for (i, turn) in interview.turns.enumerated() where turn.label == label {
                id += 1
                out += "<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a\(id)\" TIME_SLOT_REF1=\"ts\(i)\" TIME_SLOT_REF2=\"ts\(i + 1)\"><ANNOTATION_VALUE>\(escape(turn.text))</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>\n"
            }
            out += "</TIER>\n"
        }
        return out + "<LINGUISTIC_TYPE GRAPHIC_REFERENCES=\"false\" LINGUISTIC_TYPE_ID=\"default-lt\" TIME_ALIGNABLE=\"true\"/>\n</ANNOTATION_DOCUMENT>\n"
    }

    static func webVTT(_ interview: Interview, _ k: Int) -> String {
        func clock(_ s: Double) -> String {
            let ms = Int((s * 1000).rounded())
            return String(format: "%02d:%02d:%02d.%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000)
        }
        var out = "WEBVTT\n\n"
        for (i, (turn, span)) in zip(interview.turns, times(interview)).enumerated() {
            out += "\(i + 1)\n\(clock(span.0)) --> \(clock(span.1))\n<v \(turn.label)>\(escape(turn.text))</v>\n\n"
        }
        return out
    }
}
