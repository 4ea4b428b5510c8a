import Foundation
import LeitbildCore
import Testing

/// `PathName` against what it stands in for: `NSString`'s `lastPathComponent`, `pathExtension`,
/// `deletingLastPathComponent` and, of the name, `deletingPathExtension` (the metadata sheet's
/// join, the readers' choice of format and a codebook's default name depend on their being the
/// same). `NSString` is asked only where it does not trap; where it does, `PathName`'s own answer
/// is pinned below.
@Suite("Path names as NSString gives them")
struct PathNameTests {
    /// The answers of `PathName` that differ from `NSString`'s for `path`; the folder is left out
    /// where `NSString` traps on it or the path has a doubled slash (`folder` does not follow
    /// `NSString` there; "doubled slashes: the folder" pins its answers).
    static func differences(_ path: String) -> [String] {
        let ns = path as NSString
        let name = ns.lastPathComponent
        var differences: [String] = []
        if PathName.lastComponent(path) != name { differences.append("lastComponent") }
        if PathName.stem(path) != (name as NSString).deletingPathExtension { differences.append("stem") }
        if PathName.extension(path) != ns.pathExtension { differences.append("extension") }
        if !folderTraps(path), !path.contains("//"), PathName.folder(path) != ns.deletingLastPathComponent { differences.append("folder") }
        return differences
    }

    /// `deletingLastPathComponent` requires more than one UTF-16 unit once trailing slashes are
    /// gone ("a", "é", "a/", "\u{301}/" trap).
    static func folderTraps(_ path: String) -> Bool {
        var trimmed = Substring(path)
        while trimmed.last == "/" { trimmed.removeLast() }
        return trimmed.utf16.count == 1
    }

    @Test("slashes: alone, doubled, trailing, leading", arguments: [
        "", "/", "//", "///", "a//b", "/a", "//a", "a/b", "a/b/", "a/b//", "/a/b.txt/", "ab/", "ab//", "/ab//", "/a/", "a/b/c/",
    ])
    func slashes(_ path: String) {
        #expect(Self.differences(path) == [])
    }

    @Test("dots: a name that starts with one, \".\" and \"..\", several, one at the end, none", arguments: [
        ".txt", "a/.txt", "..", "../", "a/.", "a/..", "...", "a..", "a.", "..txt", "a/..b", ".hidden.txt", "/.", "/..", "../..", "./a",
        "a.b.c", "a.b.c/", "x/a.b.c", "a.tar.gz", "noext", "dir.d/noext", "dir.d/", "transcripts/01-rehau.txt", "/x.y/z",
    ])
    func dots(_ path: String) {
        #expect(Self.differences(path) == [])
    }

    @Test("blanks, backslashes, a tilde and CR LF are ordinary characters on Linux", arguments: [
        " .txt", "a/ .txt", "a. b", "a.txt ", "a b.t x t", "a\\b.txt", "C:\\x\\y.txt", "~/a.txt", "~/", "a\r\n.txt", "a\r\n", "/\r\n",
    ])
    func ordinaryCharacters(_ path: String) {
        #expect(Self.differences(path) == [])
    }

    /// `NSString` looks at characters, so a combining mark joined to a dot or a slash makes it no
    /// separator.
    @Test("beyond ASCII: umlauts, combining marks, emoji, a prepended mark", arguments: [
        "ü.txt", "Interview Müller.docx", "e\u{301}.txt", "\u{301}.txt", "a.\u{301}b", ".\u{301}txt", "a/b.\u{301}",
        "a/\u{301}b", "a/\u{301}", "/\u{301}", "öö/", "ö//a.b", "😀.t😀", "\u{600}/a.txt", "\u{600}.txt", "a//\u{301}", "/tmp/Ä/ö.tsv",
    ])
    func beyondASCII(_ path: String) {
        #expect(Self.differences(path) == [])
    }

    /// Name, stem and extension as `NSString` gives them (its folder is checked only without a
    /// doubled slash, see below). None of these traps.
    @Test("doubled slashes that NSString does not trap on", arguments: [
        "a///b//c", "a///b//c.txt", "a////b///c", "a//b//", "/a//b///c", "a//é.txt", "x//éa", "/tmp/a//é/x.txt", "é//ab", "a//bé",
        "a///é", "a//é/", "//é//a", "a//b/é", "Interviews//Müller.docx", "a/////é.csv", "é//é.txt", "//e\u{301}x", "a//\r\n//x",
        "\u{600}//a", "x//é.tar.gz", "a//.é", "a//é.", "////.//é", "/////é///é//", "aaéb///a///Müller", "///é//////é/Müller",
    ])
    func doubledSlashes(_ path: String) {
        #expect(Self.differences(path) == [])
    }

    @Test("every short path of slashes, dots, letters and marks without a doubled slash gives NSString's answers")
    func shortPaths() {
        let pieces = ["/", ".", "a", "\u{301}", "é", "\r", "\u{600}"]
        var paths = [""]
        var last = [""]
        for _ in 1...5 {
            last = last.flatMap { prefix in pieces.map { prefix + $0 } }
            paths += last
        }
        var mismatches: [String] = []
        // Doubled slashes with more after them are in the tables: NSString traps on some.
        for path in paths where !zip(path.utf8, path.utf8.dropFirst()).contains(where: { $0 == 47 && $1 == 47 }) {
            if !Self.differences(path).isEmpty { mismatches.append(path.debugDescription) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20))")
    }

    /// In ASCII paths `NSString` traps only where a slash is left at the end after its own fixing,
    /// which needs two at the end; those are skipped (and the tables below have some).
    @Test("every ASCII path of up to 8 slashes, dots and letters gives NSString's answers, doubled slashes included")
    func asciiPaths() {
        var paths = [""]
        var last = [""]
        for _ in 1...8 {
            last = last.flatMap { prefix in ["/", ".", "a"].map { prefix + $0 } }
            paths += last
        }
        var mismatches: [String] = []
        for path in paths where !(path.hasSuffix("//") && path.contains { $0 != "/" }) {
            if !Self.differences(path).isEmpty { mismatches.append(path.debugDescription) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20))")
    }

    struct Trap: Sendable, CustomTestStringConvertible {
        var path: String
        var name: String
        var stem: String
        var `extension`: String
        var folder: String
        var testDescription: String { path.debugDescription }
    }

    /// Where `NSString` traps, a run of the batch would stop. `PathName` gives the name after the
    /// last slash, and the folder before it with each run of slashes made one (a one-character
    /// relative path has the folder "", as "ab" has). Each path was run through `NSString` in a
    /// separate process: it traps on all four answers of the doubled-slash paths, and on the
    /// folder of the one-character ones.
    @Test("where NSString traps: the name after the last slash, the folder before it", arguments: [
        Trap(path: "//é", name: "é", stem: "é", extension: "", folder: "/"),
        Trap(path: "a//é", name: "é", stem: "é", extension: "", folder: "a"),
        Trap(path: "/a//é", name: "é", stem: "é", extension: "", folder: "/a"),
        Trap(path: "abc//é", name: "é", stem: "é", extension: "", folder: "abc"),
        Trap(path: "/tmp/ns//é", name: "é", stem: "é", extension: "", folder: "/tmp/ns"),
        Trap(path: "..//é", name: "é", stem: "é", extension: "", folder: ".."),
        Trap(path: "a//ü", name: "ü", stem: "ü", extension: "", folder: "a"),
        Trap(path: "a//😀", name: "😀", stem: "😀", extension: "", folder: "a"),
        Trap(path: "a//e\u{301}", name: "e\u{301}", stem: "e\u{301}", extension: "", folder: "a"),
        Trap(path: "D//////é.csv", name: "é.csv", stem: "é", extension: "csv", folder: "D"),
        Trap(path: "a///b//", name: "b", stem: "b", extension: "", folder: "a"),
        Trap(path: "a", name: "a", stem: "a", extension: "", folder: ""),
        Trap(path: "a/", name: "a", stem: "a", extension: "", folder: ""),
        Trap(path: "a//", name: "a", stem: "a", extension: "", folder: ""),
        Trap(path: ".", name: ".", stem: ".", extension: "", folder: ""),
        Trap(path: "é", name: "é", stem: "é", extension: "", folder: ""),
        Trap(path: "\u{301}/", name: "\u{301}", stem: "\u{301}", extension: "", folder: ""),
    ])
    func whereNSStringTraps(_ c: Trap) {
        #expect(PathName.lastComponent(c.path) == c.name)
        #expect(PathName.stem(c.path) == c.stem)
        #expect(PathName.extension(c.path) == c.extension)
        #expect(PathName.folder(c.path) == c.folder)
    }

    /// With a doubled slash, `folder` makes every run of slashes one and takes what is before the
    /// last: after a run of n slashes `NSString` reads on n - 1 bytes too far, so a later run can
    /// stay in its answer (given after each path) or it traps ("a//é"); `folder` does not follow it.
    @Test("doubled slashes: the folder has every run of slashes made one", arguments: [
        ("a///b//c", "a/b"),          // NSString: "a/b/"
        ("a//b//", "a"),              // NSString: "a"
        ("////.//é", "/."),           // NSString: "/./"
        ("/////b///\r\n.😀.", "/b"),  // NSString: "/b//"
        ("/tmp/a//é/x.txt", "/tmp/a/é"),  // NSString: the same
        ("Interviews//Müller.docx", "Interviews"),  // NSString: the same
        ("//", "/"), ("///", "/"),    // NSString: "", though "/" for "/"
    ])
    func folderAfterDoubledSlashes(_ c: (String, String)) {
        #expect(PathName.folder(c.0) == c.1)
    }
}
