import Foundation
import LeitbildCore
import Testing

/// `PathName` against what it stands in for: `NSString`'s `lastPathComponent` and, of that,
/// `deletingPathExtension` (the metadata sheet's join depends on both being the same).
@Suite("Path names as NSString gives them")
struct PathNameTests {
    @Test("file name and stem equal NSString's", arguments: [
        // Slashes: alone, doubled, trailing, leading.
        "", "/", "//", "///", "a", "a/", "a//", "/a", "//a", "a/b", "a//b", "a/b/", "a/b//", "/a/b.txt/",
        // Dots: a name that starts with one, "." and "..", several, one at the end, none.
        ".txt", "a/.txt", ".", "./", "..", "../", "a/.", "a/..", "...", "a..", "a.", "..txt", "a/..b", ".hidden.txt",
        "a.b.c", "a.b.c/", "x/a.b.c", "a.tar.gz", "noext", "dir.d/noext", "dir.d/", "transcripts/01-rehau.txt",
        // Blanks, backslashes and a tilde are ordinary characters on Linux.
        " .txt", "a/ .txt", "a. b", "a.txt ", "a b.t x t", "a\\b.txt", "C:\\x\\y.txt", "~/a.txt", "~", "a\r\n.txt",
        // Beyond ASCII: NSString looks at characters, so a combining mark joined to a dot or a
        // slash makes it no separator.
        "ü.txt", "Interview Müller.docx", "e\u{301}.txt", "\u{301}.txt", "a.\u{301}b", ".\u{301}txt", "a/b.\u{301}",
        "a/\u{301}b", "a/\u{301}", "/\u{301}", "\u{301}/", "ö/", "ö//a.b", "😀.t😀", "\u{600}/a.txt", "\u{600}.txt",
    ])
    func matchesNSString(_ path: String) {
        let name = (path as NSString).lastPathComponent
        #expect(PathName.lastComponent(path) == name)
        #expect(PathName.stem(path) == (name as NSString).deletingPathExtension)
    }

    @Test("every short path of slashes, dots, letters and combining marks gives NSString's answer")
    func shortPaths() {
        let pieces = ["/", ".", "a", "\u{301}", "é", "\r"]
        var paths = [""]
        var last = [""]
        for _ in 1...4 {
            last = last.flatMap { prefix in pieces.map { prefix + $0 } }
            paths += last
        }
        var mismatches: [String] = []
        // Doubled slashes with more after them are in the table above: NSString traps on some.
        for path in paths where !zip(path.utf8, path.utf8.dropFirst()).contains(where: { $0 == 47 && $1 == 47 }) {
            let name = (path as NSString).lastPathComponent
            if PathName.lastComponent(path) != name || PathName.stem(path) != (name as NSString).deletingPathExtension {
                mismatches.append(path.debugDescription)
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20))")
    }

    /// NSString's slash compression goes on with an index into the string before it was shortened,
    /// so a doubled slash can leave it inside a character or before a trailing slash, and it traps
    /// (a metadata cell "a///b//" would stop the run). These give the name after the last slash.
    @Test("paths that NSString traps on have the name after the last slash", arguments: [
        ("//é", "é", "é"), ("a//é", "é", "é"), ("a///b//", "b", "b"),
    ])
    func pathsNSStringTrapsOn(_ c: (path: String, name: String, stem: String)) {
        #expect(PathName.lastComponent(c.path) == c.name)
        #expect(PathName.stem(c.path) == c.stem)
    }
}
