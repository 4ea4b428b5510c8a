import ArgumentParser
import Foundation
import GermanText
import Ingestion
import LeitbildCore
import Pipeline
import Signals
import Themes

/// `leitbild-bench signals`: speed of the signals stage. Detection throughput on a project's real
/// transcripts, then aggregation (with and without bootstrap) over that project's signalled
/// transcripts replicated to many interviews, with peak memory.
struct SignalsBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signals",
        abstract: "Signal detection throughput and aggregation/bootstrap time at many interviews (release build).")

    @Argument(help: "Project folder whose transcripts are measured (and replicated for aggregation).")
    var project: String = "corpus"

    @Option(name: .long, help: "Interviews to aggregate (the project's signalled transcripts, replicated).")
    var interviews: Int = 5000

    @Option(name: .long, help: "Bootstrap resamples.")
    var resamples: Int = 1000

    @Option(name: .long, help: "Detection passes over the project's transcripts.")
    var passes: Int = 20

    func run() throws {
        let files = try AnalysisPipeline.transcriptFiles(in: project)
        let codebook = try CodebookLoader.load(path: (project as NSString).appendingPathComponent("codebook.yaml"))
        let metadata = (project as NSString).appendingPathComponent("metadata.csv")
        let ingested = Ingestor().ingest(IngestionInput(files: files, metadataFile: FileManager.default.fileExists(atPath: metadata) ? metadata : nil))
        guard !ingested.transcripts.isEmpty else { throw ValidationError("no transcripts could be read in \(project)") }
        let analyzer = GermanAnalyzer(), coder = ThemeCoder(codebook: codebook)
        let prepared = ingested.transcripts.map { t -> (AnalyzedTranscript, CodedTranscript) in
            let a = analyzer.analyze(t)
            return (a, coder.code(a))
        }
        let bytes = ingested.transcripts.reduce(0) { $0 + $1.text.utf8.count }
        let detector = SignalDetector(reference: .german)
        let clock = ContinuousClock()

        var signals: [SignalledTranscript] = []
        let detection = clock.measure {
            for _ in 0..<passes { signals = prepared.map { detector.detect(analyzed: $0.0, coded: $0.1) } }
        }
        let detectSeconds = Self.seconds(detection)
        print("detection: \(prepared.count) transcripts, \(bytes) bytes × \(passes) passes in \(Self.format(detectSeconds)) s = "
              + "\(Self.format(Double(bytes * passes) / detectSeconds / 1e6)) MB/s (one core)")
        let encoder = JSONEncoder()
        let encoded = try signals.reduce(0) { $0 + (try encoder.encode($1)).count }
        print("signalled transcript size: \(encoded / signals.count) bytes per interview as JSON "
              + "(\(Self.format(100 * Double(encoded) / Double(bytes))) % of the text)")

        let groups = ["Verwaltung", "Politik", "Wirtschaft", "Bildung", "Jugend", "Senioren", "Gesundheit & Pflege", "Vereine & Ehrenamt"]
        let municipalities = (1...27).map { "Gemeinde \($0)" }
        let many = (0..<interviews).map { i -> SignalledTranscript in
            var s = signals[i % signals.count]
            // Deep copies, so that memory is measured as if every interview were different.
            s.segments = s.segments.map { segment in
                var segment = segment
                segment.codes = segment.codes.map { var c = $0; c.codeID = Self.copy(c.codeID); return c }
                segment.cues = segment.cues.map { var c = $0; c.codes = c.codes.map(Self.copy); c.cue = Self.copy(c.cue); return c }
                return segment
            }
            s.rankings = s.rankings.map { $0 }
            s.interviewID = String(format: "X%06d", i)
            s.file = s.interviewID + ".txt"
            s.group = groups[i % groups.count]
            s.municipality = municipalities[i % municipalities.count]
            return s
        }
        var settings = PrioritySettings.standard
        settings.bootstrap.resamples = 0
        let withoutBootstrap = clock.measure {
            _ = PriorityAggregator().aggregate(AggregationInput(transcripts: many, codebook: codebook, settings: settings))
        }
        settings.bootstrap.resamples = resamples
        var analysis: PriorityAnalysis? = nil
        let withBootstrap = clock.measure {
            analysis = PriorityAggregator().aggregate(AggregationInput(transcripts: many, codebook: codebook, settings: settings))
        }
        let codes = analysis?.codes.count ?? 0
        print("aggregation: \(interviews) interviews × \(codes) codes: \(Self.format(Self.seconds(withoutBootstrap))) s without bootstrap, "
              + "\(Self.format(Self.seconds(withBootstrap))) s with \(resamples) resamples and \(settings.consensus.permutations) permutations")
        print("peak memory (max RSS): \(Self.maxRSSMegabytes()) MB")
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    static func format(_ x: Double) -> String { String(format: "%.2f", x) }

    /// A string with its own storage (not shared with `text`).
    static func copy(_ text: String) -> String { String(decoding: Array(text.utf8), as: UTF8.self) }

    static func maxRSSMegabytes() -> Int {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss) / 1024
        #else
        getrusage(RUSAGE_SELF, &usage)
        return Int(usage.ru_maxrss) / (1024 * 1024)
        #endif
    }
}
