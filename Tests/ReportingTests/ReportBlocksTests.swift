import Foundation
import LeitbildCore
@testable import Reporting
import Signals
import Testing

/// analysis.json (each interview's priority row up to its weight, and its segment rows) and
/// segments.csv copy each interview's rows from the last run's file when nothing they are made
/// of changed (`ReportBlocks`): the files equal files written without the
/// last run's, whatever changed in between, and rows are copied exactly where nothing changed.
@Suite("Reports' interview blocks from the last run's file")
struct ReportBlocksTests {
    static let renderers: [any ReportRenderer] = [JSONRenderer(), SegmentsCSVRenderer()]
    static let names = ["analysis.json", "segments.csv"]

    /// The fixture's input, with an identity per interview as the pipeline gives them (its
    /// file's coded cache key): the interview id and a version, which a test bumps for an edit.
    static func input(_ interviews: [ReportFixture.Interview] = ReportFixture.interviews, options: ReportOptions = .init(),
                      settings: PrioritySettings = .standard, edited: Set<String> = [], blocks directory: String?) -> ReportInput {
        var input = ReportFixture.input(options: options, interviews: interviews, settings: settings)
        if let directory {
            input.reportBlocks = ReportBlocks.Setup(directory: directory, tool: Digest.of("tool"), identities: interviews.map { interview in
                Digest.of("\(interview.id) \(edited.contains(interview.id) ? 2 : 1)")
            })
        }
        input.renderNotes = RenderNotes()
        return input
    }

    static func write(_ input: ReportInput, to folder: String) throws -> [String: Data] {
        _ = try ReportWriter(renderers: renderers, concurrency: 1).write(input, to: folder)
        return try Dictionary(uniqueKeysWithValues: names.map { ($0, try Data(contentsOf: URL(fileURLWithPath: folder + "/" + $0))) })
    }

    static func temporary(_ name: String) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("leitbild-\(name)-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    enum Change: String, CaseIterable, CustomTestStringConvertible {
        case nothing
        /// One interview's transcript or coding changed (its identity).
        case edited
        /// A name made known by a new list entry: one answer's pseudonymised form changes, its identity does not.
        case pseudonymInOneText
        /// An interview added before the others: the first block no longer opens the JSON array.
        case addedFirst
        case addedLast
        case removedFirst
        /// A code renamed: every row of segments.csv names it.
        case codeRenamed
        case dialect
        /// Another weight of a priority component: every interview's index changes.
        case weights
        var testDescription: String { rawValue }

        var settings: PrioritySettings {
            var settings = PrioritySettings.standard
            if self == .weights { settings.weights[PriorityComponent.intensity.rawValue] = 5 }
            return settings
        }

        /// The interviews, options and edited ids after the change.
        func apply() -> ([ReportFixture.Interview], ReportOptions, Set<String>) {
            let base = ReportFixture.interviews
            // No names: the pseudonyms of the others stay as they are.
            let extra = ReportFixture.Interview(id: "F00", file: "00-neu.txt", group: "Vereine", municipality: "Naila", interviewer: "-",
                                                respondent: "-", turns: [("I", .interviewer, "Was fehlt?", nil), ("B", .respondent, "Ein Bus am Abend.", nil)])
            var options = ReportOptions()
            switch self {
            case .nothing: return (base, options, [])
            case .edited: return (base, options, ["F03"])
            case .pseudonymInOneText:
                options.pseudonymList = [PseudonymEntry(kind: .place, name: "Naila", origin: "pseudonyms.txt:1")]
                return (base, options, [])
            case .addedFirst: return ([extra] + base, options, [])
            case .addedLast:
                var last = extra
                last.id = "F09"
                return (base + [last], options, [])
            case .removedFirst: return (Array(base.dropFirst()), options, [])
            case .codeRenamed: return (base, options, [])
            case .dialect:
                options.csvDialect = .excelDE
                return (base, options, [])
            case .weights: return (base, options, [])
            }
        }

        /// Blocks written anew in each file (the rest are copied). analysis.json has two per
        /// interview: its priority row up to the weight, and its segment rows.
        var written: [String: Int] {
            switch self {
            case .nothing: ["analysis.json": 0, "segments.csv": 0]
            case .edited, .pseudonymInOneText, .addedLast: ["analysis.json": 2, "segments.csv": 1]
            // The old first interview's blocks now follow another's, and the new one's are new.
            case .addedFirst: ["analysis.json": 4, "segments.csv": 1]
            // The removed interview named the first person: every pseudonym letter moves.
            case .removedFirst: ["analysis.json": 6, "segments.csv": 3]
            case .codeRenamed: ["analysis.json": 0, "segments.csv": 4]
            case .dialect: ["analysis.json": 0, "segments.csv": 4]
            case .weights: ["analysis.json": 4, "segments.csv": 0]
            }
        }
    }

    @Test("the same files as written without the last run's, rows copied where nothing changed", arguments: Change.allCases)
    func sameFiles(_ change: Change) throws {
        let out = Self.temporary("blocks-out"), cache = Self.temporary("blocks-cache"), fresh = Self.temporary("blocks-ref")
        defer { for folder in [out, cache, fresh] { try? FileManager.default.removeItem(atPath: folder) } }
        _ = try Self.write(Self.input(blocks: cache), to: out)
        let (interviews, options, edited) = change.apply()
        var input = Self.input(interviews, options: options, settings: change.settings, edited: edited, blocks: cache)
        var reference = Self.input(interviews, options: options, settings: change.settings, edited: edited, blocks: nil)
        if change == .codeRenamed {
            for i in input.codebook.codes.indices where input.codebook.codes[i].id == "mobilitaet" {
                input.codebook.codes[i].name = "Mobilität und Verkehr"
                reference.codebook.codes[i].name = "Mobilität und Verkehr"
            }
        }
        let files = try Self.write(input, to: out)
        let expected = try Self.write(reference, to: fresh)
        for name in Self.names { #expect(files[name] == expected[name], "\(name) differs from one written anew") }
        let notes = Dictionary(uniqueKeysWithValues: (input.renderNotes?.all(order: Self.names) ?? []).map { ($0.file, $0.note) })
        for name in Self.names {
            let count = interviews.count * (name == "analysis.json" ? 2 : 1), copied = count - (change.written[name] ?? -1)
            #expect(notes[name] == "\(copied) of \(count) interview blocks copied from the last run's file", "\(name)")
        }
    }

    /// The last run's file is let go of from the page cache once its rows are copied
    /// (`ReportBlocks.save`; long runs of rows already while copying): that file is being replaced. Checked on the package's disk
    /// (`PageReleaseTests.folder`), with the last file's inode held across its replacement.
    @Test("the copied rows' cached pages of the last run's file are let go of")
    func copiedPagesReleased() throws {
        let out = try PageReleaseTests.folder(), cache = Self.temporary("blocks-cache")
        defer { for folder in [out, cache] { try? FileManager.default.removeItem(atPath: folder) } }
        let many = (0..<60).flatMap { n in ReportFixture.interviews.map { interview in
            var copy = interview
            copy.id += "-\(n)"
            return copy
        } }
        _ = try Self.write(Self.input(many, blocks: cache), to: out)
        var resident: [String: (before: Int, after: Int)] = [:]
        let old = Self.names.map { open(out + "/" + $0, O_RDONLY) }
        defer { for fd in old { close(fd) } }
        for (name, fd) in zip(Self.names, old) { resident[name] = (PageReleaseTests.residentPages(fd), 0) }
        let input = Self.input(many, blocks: cache)
        _ = try Self.write(input, to: out)
        for (name, fd) in zip(Self.names, old) { resident[name]?.after = PageReleaseTests.residentPages(fd) }
        for name in Self.names {
            let pages = try #require(resident[name])
            #expect(pages.before > 8, "\(name): \(pages)")
            #expect(pages.after == 0, "\(name): \(pages)")
        }
        let notes = input.renderNotes?.all(order: Self.names).map(\.note) ?? []
        #expect(notes.allSatisfy { $0.hasPrefix("\(many.count * 1)") || $0.hasPrefix("\(many.count * 2)") }, "\(notes)")
    }

    enum Damage: String, CaseIterable, CustomTestStringConvertible {
        /// The report edited in place (same size, another modification time).
        case reportTouched
        /// The report replaced by a copy of itself (another inode).
        case reportReplaced
        case reportRemoved
        /// A byte of the report changed in place and its modification time put back (`touch -r`,
        /// `rsync -t --inplace`, a bit flipped on the disk): size, inode and modification time
        /// are the recorded ones, only the status change time tells.
        case reportEditedTimeRestored
        /// The run was killed after the rename, before the stamp of the report in place was kept.
        case placedStampMissing
        case recordGarbage
        /// A record of another tool: its layout differs.
        case otherTool
        var testDescription: String { rawValue }
    }

    @Test("a report or record that is not the one recorded is never copied from", arguments: Damage.allCases)
    func damaged(_ damage: Damage) throws {
        let out = Self.temporary("blocks-out"), cache = Self.temporary("blocks-cache")
        defer { for folder in [out, cache] { try? FileManager.default.removeItem(atPath: folder) } }
        let first = try Self.write(Self.input(blocks: cache), to: out)
        let json = out + "/analysis.json"
        var tool = Digest.of("tool")
        switch damage {
        case .reportTouched:
            // The same bytes, but written again: a copy from it could hold anything.
            try first["analysis.json"]!.write(to: URL(fileURLWithPath: json))
        case .reportReplaced:
            try FileManager.default.copyItem(atPath: json, toPath: json + ".copy")
            try FileManager.default.removeItem(atPath: json)
            try FileManager.default.moveItem(atPath: json + ".copy", toPath: json)
        case .reportRemoved: try FileManager.default.removeItem(atPath: json)
        case .reportEditedTimeRestored:
            var before = stat()
            #expect(lstat(json, &before) == 0)
            let fd = open(json, O_WRONLY)
            #expect(fd >= 0)
            var byte = UInt8(ascii: "#")
            #expect(pwrite(fd, &byte, 1, off_t(before.st_size / 2)) == 1)
            close(fd)
            var times = [before.st_atim, before.st_mtim]
            #expect(utimensat(AT_FDCWD, json, &times, 0) == 0)
            var after = stat()
            #expect(lstat(json, &after) == 0)
            #expect(after.st_mtim.tv_sec == before.st_mtim.tv_sec && after.st_mtim.tv_nsec == before.st_mtim.tv_nsec
                    && after.st_ino == before.st_ino && after.st_size == before.st_size)
        case .placedStampMissing: try FileManager.default.removeItem(atPath: cache + "/analysis.json.placed")
        case .recordGarbage: try Data("{\"layout\": 1".utf8).write(to: URL(fileURLWithPath: cache + "/analysis.json.json"))
        case .otherTool: tool = Digest.of("another tool")
        }
        var input = Self.input(blocks: cache)
        input.reportBlocks?.tool = tool
        let files = try Self.write(input, to: out)
        #expect(files["analysis.json"] == first["analysis.json"])
        let note = input.renderNotes?.all(order: Self.names).first { $0.file == "analysis.json" }?.note
        #expect(note == "0 of 8 interview blocks copied from the last run's file")
        // The run recorded its own file: the next one copies from it.
        var next = Self.input(blocks: cache)
        next.reportBlocks?.tool = tool
        _ = try Self.write(next, to: out)
        #expect(next.renderNotes?.all(order: Self.names).first { $0.file == "analysis.json" }?.note
                == "8 of 8 interview blocks copied from the last run's file")
    }

    @Test("without the run cache, or into memory, nothing is recorded")
    func nothingRecorded() throws {
        let out = Self.temporary("blocks-out"), cache = Self.temporary("blocks-cache")
        defer { for folder in [out, cache] { try? FileManager.default.removeItem(atPath: folder) } }
        let input = Self.input(blocks: nil)
        _ = try Self.write(input, to: out)
        #expect(input.renderNotes?.all(order: Self.names).isEmpty == true)
        var inMemory = Self.input(blocks: cache)
        inMemory.renderNotes = RenderNotes()
        let rendered = try JSONRenderer().render(inMemory)
        #expect(rendered.contents == (try JSONRenderer().render(Self.input(blocks: nil))).contents)
        #expect(inMemory.renderNotes?.all(order: Self.names).isEmpty == true)
    }
}
