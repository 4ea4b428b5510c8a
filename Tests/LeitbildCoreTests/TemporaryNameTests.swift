import Foundation
@testable import LeitbildCore
import Testing

/// The temporary names that reports, cache entries and the report manifest are written under
/// before their rename, and how a later run recognises a killed run's leftovers.
@Suite("Temporary names")
struct TemporaryNameTests {
    /// Entries and the report manifest (a hidden file) are written through a hidden temporary
    /// that a later run recognises as its own if this one is killed.
    @Test("one leading dot, the same folder, and the owner's process id",
          arguments: ["/out/.leitbild-reports.json", "/out/.cache/ab/cd.entry", "/out/analysis.sqlite", "report.html"])
    func names(path: String) throws {
        let temporary = TemporaryName.path(for: path)
        let name = PathName.lastComponent(temporary)
        #expect(PathName.folder(temporary) == PathName.folder(path))
        #expect(name.hasPrefix(".") && !name.hasPrefix(".."), "\(name)")
        #expect(name.hasPrefix(".\(PathName.lastComponent(path).drop { $0 == "." })"), "\(name)")
        #expect(TemporaryName.owner(name) == getpid())
        // SQLite's journal beside a staged analysis.sqlite keeps the owner.
        #expect(TemporaryName.owner(name + "-journal") == getpid())
    }

    @Test("the owner of names of this and earlier builds, and of names that are no temporary's", arguments: [
        (".a.txt.tmp-4711-3", Int32(4711)),
        (".a.txt.tmp-4711", 4711),  // earlier builds' report temporaries had no count
        (".analysis.sqlite.tmp-12-7-journal", 12),
        (".x.tmp-1.tmp-99-1", 99),  // the last marker counts
        ("a.txt", nil),
        (".a.txt.tmp-", nil),
        (".a.txt.tmp-x1", nil),
    ] as [(String, Int32?)])
    func owner(name: String, expected: Int32?) {
        #expect(TemporaryName.owner(name) == expected)
    }

    @Test("a path split into its folder (with the slash) and its name", arguments: [
        ("/out/.cache/ab/cd.bin", "/out/.cache/ab/", "cd.bin"),
        ("/out/.leitbild-reports.json", "/out/", ".leitbild-reports.json"),
        ("/file", "/", "file"),
        ("relative/dir/x", "relative/dir/", "x"),
        ("bare", "", "bare"),
        ("/out/Ordner mit Ümlaut/ä.bin", "/out/Ordner mit Ümlaut/", "ä.bin"),
    ])
    func pathSplit(path: String, folder: String, name: String) {
        let split = TemporaryName.split(path)
        #expect(String(split.folder) == folder)
        #expect(String(split.name) == name)
        let temporary = TemporaryName.path(for: path)
        #expect(temporary.hasPrefix(folder + (name.hasPrefix(".") ? name : "." + name) + ".tmp-\(getpid())-"), "\(temporary)")
    }

    /// Workers write entries at once, and renderers stage reports at once: no two temporary
    /// names of one process may meet.
    @Test("names differ, also when made on many threads at once")
    func distinct() async {
        let names = await withTaskGroup(of: [String].self) { group in
            for _ in 0..<8 {
                group.addTask { (0..<500).map { _ in TemporaryName.path(for: "/out/.cache/ab/cd.bin") } }
            }
            var all: [String] = []
            for await part in group { all += part }
            return all
        }
        #expect(names.count == 4_000)
        #expect(Set(names).count == names.count)
    }
}
