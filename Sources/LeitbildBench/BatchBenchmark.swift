import ArgumentParser
import Foundation
import Pipeline
import Signals

/// `leitbild-bench batch`: end-to-end `leitbild analyze` on synthetic projects of growing size.
///
/// For each size N it builds a project of N + 1 interviews from the demo corpus (`leitbild synth`,
/// fixed seed), holds the last one back, and runs the real executable as a child process:
/// a full run into an empty output folder (cold cache), then the same project with the held-back
/// interview added (the incremental run), then once more unchanged (which the report manifest
/// tells by the files' stat), then once more with every transcript touched (unchanged, but told
/// by content: every file read and hashed, no cache entry decoded), then once more after a
/// codebook edit (a term added: every file re-coded from its cached transcript, none read
/// again). Wall time is measured around the child; peak memory is the child's maximum resident
/// set size from `wait4`.
struct BatchBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "leitbild analyze on 100, 1,000 and 5,000 synthetic interviews: wall time, MB/s, peak memory, incremental re-run (release build).")

    @Option(name: .long, parsing: .upToNextOption, help: "Project sizes (interviews).")
    var sizes: [Int] = [100, 1000, 5000]

    @Option(name: .long, help: "The leitbild executable. Default: the one beside leitbild-bench.")
    var leitbild: String?

    @Option(name: .long, help: "Source project for the synthetic interviews.")
    var from: String = "corpus"

    @Option(name: .long, help: "Work folder (projects and outputs). Default: a new temporary folder, removed afterwards.")
    var work: String?

    @Option(name: .long, help: "Extra arguments for every analyze run, e.g. --args=--jobs=1.")
    var args: [String] = []

    @Option(name: .long, help: "Seed of the synthetic corpus.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Measure each size this many times (full, +1 file, unchanged, touched, codebook edit each time) and print the medians and ranges.")
    var `repeat`: Int = 1

    func validate() throws {
        if `repeat` < 1 { throw ValidationError("--repeat must be at least 1 (got \(`repeat`)).") }
    }

    struct Run {
        var seconds: Double
        var maxRSSKiB: Int
        var status: Int32
    }

    func run() throws {
        let executable = leitbild ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("leitbild").path
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw ValidationError("\(executable): no leitbild executable; build it with `swift build -c release --product leitbild` or pass --leitbild")
        }
        let root = work ?? (NSTemporaryDirectory() + "leitbild-bench-batch-\(getpid())")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        // Outputs are removed only at the end: ext4 skips inodes freed in the last minutes when it
        // looks for a free one, so deleting 10,000 cache files right before a full run makes that
        // run create its own cache entries several CPU-seconds slower (docs/batch.md, "Benchmark").
        defer { if work == nil { try? FileManager.default.removeItem(atPath: root) } }
        let corpus = try SyntheticCorpus(source: from)
        print("leitbild analyze on synthetic projects (\(executable), \(ProcessInfo.processInfo.activeProcessorCount) cores)\(args.isEmpty ? "" : ", args: \(args.joined(separator: " "))")")
        print("interviews      MB   full s    MB/s  peak MB | +1 file s  % of full  peak MB | unchanged s  touched s  codebook s")
        var fullTimes: [(Int, Double)] = []
        for n in sizes {
            let project = "\(root)/project-\(n)", side = "\(root)/held-back-\(n)"
            for path in [project, side] { try? FileManager.default.removeItem(atPath: path) }
            _ = try corpus.write(count: n + 1, seed: seed, to: project)
            // Hold the last interview (file and metadata row) back for the incremental run.
            let transcripts = "\(project)/transcripts"
            let names = try FileManager.default.contentsOfDirectory(atPath: transcripts).sorted()
            guard let last = names.last else { throw ValidationError("no synthetic transcripts in \(transcripts)") }
            let sheet = try String(contentsOfFile: "\(project)/metadata.csv", encoding: .utf8)
            var rows = sheet.components(separatedBy: "\r\n")
            if rows.last == "" { rows.removeLast() }
            let bytes = names.dropLast().reduce(0) { total, name in
                total + ((try? FileManager.default.attributesOfItem(atPath: "\(transcripts)/\(name)")[.size] as? Int) ?? 0)
            }
            let heldBackSheet = rows.dropLast().joined(separator: "\r\n") + "\r\n"
            var fulls: [Run] = [], incrementals: [Run] = [], unchangeds: [Run] = [], toucheds: [Run] = [], recodeds: [Run] = []
            let codebookPath = "\(project)/codebook.yaml"
            let codebook = try String(contentsOfFile: codebookPath, encoding: .utf8)
            let editedCodebook = try Self.addingTerm(to: codebook, path: codebookPath)
            for round in 1...`repeat` {
                // Hold the last interview (file and metadata row) back; a full run starts with no
                // output folder and no cache: a new folder each round, never one emptied just
                // before (see above), also in a `--work` folder used before.
                var out = "\(root)/out-\(n)-\(round)"
                while FileManager.default.fileExists(atPath: out) { out += "+" }
                let analyze = [executable, "analyze", project, "--out", out, "--quiet"] + args
                try FileManager.default.createDirectory(atPath: side, withIntermediateDirectories: true)
                try FileManager.default.moveItem(atPath: "\(transcripts)/\(last)", toPath: "\(side)/\(last)")
                try Data(heldBackSheet.utf8).write(to: URL(fileURLWithPath: "\(project)/metadata.csv"))
                let full = try Self.spawn(analyze)
                try FileManager.default.moveItem(atPath: "\(side)/\(last)", toPath: "\(transcripts)/\(last)")
                try Data(sheet.utf8).write(to: URL(fileURLWithPath: "\(project)/metadata.csv"))
                let incremental = try Self.spawn(analyze)
                let unchanged = try Self.spawn(analyze)
                // Modification times of now: too fresh for the stat check, so compared by content.
                for name in names where utimensat(AT_FDCWD, "\(transcripts)/\(name)", nil, 0) != 0 {
                    throw ValidationError("\(transcripts)/\(name): cannot touch it")
                }
                let touched = try Self.spawn(analyze)
                try Data(editedCodebook.utf8).write(to: URL(fileURLWithPath: codebookPath))
                let recoded = try Self.spawn(analyze)
                try Data(codebook.utf8).write(to: URL(fileURLWithPath: codebookPath))
                for r in [full, incremental, unchanged, touched, recoded] where r.status != 0 {
                    throw ValidationError("leitbild analyze exited with \(r.status) on \(project)")
                }
                fulls.append(full)
                incrementals.append(incremental)
                unchangeds.append(unchanged)
                toucheds.append(touched)
                recodeds.append(recoded)
            }
            let (full, incremental, unchanged, touched, recoded) = (Self.median(fulls), Self.median(incrementals), Self.median(unchangeds),
                                                                    Self.median(toucheds), Self.median(recodeds))
            let mb = Double(bytes) / 1e6
            print(String(format: "%10d %7.1f %8.2f %7.2f %8.0f | %9.2f %9.1f %8.0f | %11.2f %10.2f %11.2f",
                         n, mb, full.seconds, mb / full.seconds, Double(full.maxRSSKiB) / 1024,
                         incremental.seconds, 100 * incremental.seconds / full.seconds, Double(incremental.maxRSSKiB) / 1024,
                         unchanged.seconds, touched.seconds, recoded.seconds))
            if `repeat` > 1 {
                let ratios = zip(incrementals, fulls).map { 100 * $0.seconds / $1.seconds }
                func range(_ runs: [Run]) -> String {
                    String(format: "%.2f–%.2f", runs.map(\.seconds).min() ?? 0, runs.map(\.seconds).max() ?? 0)
                }
                let shares = String(format: "%.1f–%.1f", ratios.min() ?? 0, ratios.max() ?? 0)
                print("           ranges over \(`repeat`) runs: full \(range(fulls)) s, +1 file \(range(incrementals)) s "
                      + "(\(shares) % of its full run), unchanged \(range(unchangeds)) s, touched \(range(toucheds)) s, "
                      + "codebook edit \(range(recodeds)) s")
            }
            fullTimes.append((n, full.seconds))
        }
        for (a, b) in zip(fullTimes, fullTimes.dropFirst()) {
            let inputRatio = Double(b.0) / Double(a.0)
            print(String(format: "scaling: %d -> %d interviews (%.0fx input): time x%.2f (linear: x%.2f; 10x input -> x%.2f)",
                         a.0, b.0, inputRatio, b.1 / a.1, inputRatio, 10 * (b.1 / a.1) / inputRatio))
        }
        print("targets: >= 20 MB/s end to end, peak < 1024 MB at 5,000, 10x input <= 11x time, +1 file < 10 % of a full run")
    }

    /// The codebook with one term more in the first code that has terms ("Bürgerbus", at the
    /// indentation of that code's first term): a real edit, so every file is re-coded.
    static func addingTerm(to codebook: String, path: String) throws -> String {
        var lines = codebook.components(separatedBy: "\n")
        guard let terms = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "terms:" }), terms + 1 < lines.count,
              let dash = lines[terms + 1].firstIndex(of: "-"), lines[terms + 1][..<dash].allSatisfy({ $0 == " " })
        else { throw ValidationError("\(path): no 'terms:' list with one term per line ('- Wort') to add a term to") }
        lines.insert(String(lines[terms + 1][..<dash]) + "- Bürgerbus", at: terms + 1)
        return lines.joined(separator: "\n")
    }

    /// The median time of some runs, with their highest peak memory.
    static func median(_ runs: [Run]) -> Run {
        Run(seconds: median(runs.map(\.seconds)), maxRSSKiB: runs.map(\.maxRSSKiB).max() ?? 0, status: 0)
    }

    /// The median (the mean of the middle two for an even count).
    static func median(_ values: [Double]) -> Double { Statistics.quantile(sorted: values.sorted(), 0.5) }

    /// Runs a command as a child process; returns its wall time, peak memory and exit status.
    static func spawn(_ argv: [String]) throws -> Run {
        var pid: pid_t = 0
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // The child's output is not part of the measurement.
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        // The previous run's output (hundreds of MB at 5,000 interviews) is written back first, so
        // that its writeback does not compete with this run's own writes and fsyncs.
        sync()
        let started = DispatchTime.now().uptimeNanoseconds
        let rc = posix_spawn(&pid, argv[0], &actions, nil, &cArgs, environ)
        guard rc == 0 else { throw ValidationError("cannot start \(argv[0]): \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw ValidationError("wait4: \(String(cString: strerror(errno)))") }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        // WIFEXITED/WEXITSTATUS by hand (macros are not imported).
        let exitStatus: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Run(seconds: seconds, maxRSSKiB: Int(usage.ru_maxrss), status: exitStatus)
    }
}
