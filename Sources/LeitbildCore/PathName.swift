/// A path's file name, stem, extension and folder as Foundation's `NSString` gives them, without
/// bridging to it: on Linux, `(path as NSString).lastPathComponent` and `deletingPathExtension`
/// convert the string on every call. The metadata sheet asks for each row and for each file of
/// every run (its parsing and join took 0.11 CPU-s of a +1 file run at 5,001 interviews, much of
/// it there).
///
/// The same answer as `NSString` (`PathNameTests` compares them), with its odd corners: "/" is
/// "/", "//" is "", trailing slashes are dropped, a name starting with a dot (".txt") or ".." has
/// no extension, and a "." or "/" that a combining mark joins to the next letter is no separator
/// (`NSString` looks at `Character`s; an ASCII path is looked at by byte).
///
/// `NSString` traps on some paths with a doubled slash ("a//é", "a///b//": after shortening a run
/// of slashes it reads on with an index into the string as it was before), and its
/// `deletingLastPathComponent` traps on a path of one character ("a", "a/"). A crash would stop
/// the whole batch, so where it traps this gives the name after the last slash and the folder
/// before it.
public enum PathName {
    /// `(path as NSString).lastPathComponent`.
    public static func lastComponent(_ path: String) -> String {
        if isASCII(path) {
            return String(path[lastComponentRange(path.utf8, slash: UInt8(ascii: "/"), of: path)])
        }
        return String(path[lastComponentRange(path, slash: "/", of: path)])
    }

    /// `((path as NSString).lastPathComponent as NSString).deletingPathExtension`: the file name
    /// without folders and extension.
    public static func stem(_ path: String) -> String {
        if isASCII(path) {
            let name = path.utf8[lastComponentRange(path.utf8, slash: UInt8(ascii: "/"), of: path)]
            return String(path[stemRange(name, dot: UInt8(ascii: "."))])
        }
        let name = path[lastComponentRange(path, slash: "/", of: path)]
        return String(path[stemRange(name, dot: ".")])
    }

    /// `(path as NSString).pathExtension`: the file name's extension without its dot, "" when it
    /// has none.
    public static func `extension`(_ path: String) -> String {
        if isASCII(path) {
            let name = path.utf8[lastComponentRange(path.utf8, slash: UInt8(ascii: "/"), of: path)]
            return String(path[extensionRange(name, dot: UInt8(ascii: "."))])
        }
        let name = path[lastComponentRange(path, slash: "/", of: path)]
        return String(path[extensionRange(name, dot: ".")])
    }

    /// `(path as NSString).deletingLastPathComponent` for every path without a doubled slash: the
    /// path without its last component and the slash before it; "" for a single relative
    /// component, "/" for the root and what is right below it. Slashes are `Character`s, as for
    /// `lastComponent`.
    ///
    /// With a doubled slash, runs of slashes are made one slash first. `NSString` does that too,
    /// but then reads on n - 1 bytes too far after a run of n, so that a later run stays in its
    /// answer ("a///b//c" gives "a/b/") or the read goes past the end and traps ("a//é"); and
    /// it traps on a path of one character ("a", "a/"), where this gives "". Not following its
    /// quirks keeps this short; the one caller, the tool digest, passes the executable's path,
    /// which has no doubled slash.
    public static func folder(_ path: String) -> String {
        var fixed = ""
        var afterSlash = false
        for character in path {
            if character == "/" {
                if !afterSlash { fixed.append(character) }
                afterSlash = true
            } else {
                fixed.append(character)
                afterSlash = false
            }
        }
        while fixed.count > 1, fixed.last == "/" { fixed.removeLast() }
        if fixed == "/" { return fixed }
        guard let slash = fixed.lastIndex(of: "/") else { return "" }
        return slash == fixed.startIndex ? "/" : String(fixed[..<slash])
    }

    /// ASCII text has one `Character` per byte but for CR LF, which is neither slash nor dot.
    private static func isASCII(_ text: String) -> Bool { text.utf8.allSatisfy { $0 < 0x80 } }

    /// The last component's range: trailing slashes dropped, then everything after the last slash.
    /// Only slashes (or nothing) leave an empty range, but for "/" alone, which is itself.
    private static func lastComponentRange<C: BidirectionalCollection>(_ path: C, slash: C.Element, of text: String) -> Range<C.Index>
    where C.Element: Equatable, C.Index == String.Index {
        var end = path.endIndex
        while end > path.startIndex, path[path.index(before: end)] == slash { end = path.index(before: end) }
        if end == path.startIndex { return text == "/" ? path.startIndex..<path.endIndex : end..<end }
        var start = end
        while start > path.startIndex, path[path.index(before: start)] != slash { start = path.index(before: start) }
        return start..<end
    }

    /// A file name's extension after its dot; empty (at the end) when `stemRange` keeps it all.
    private static func extensionRange<C: BidirectionalCollection>(_ name: C, dot: C.Element) -> Range<C.Index>
    where C.Element: Equatable, C.Index == String.Index {
        let stem = stemRange(name, dot: dot)
        guard stem.upperBound < name.endIndex else { return name.endIndex..<name.endIndex }
        return name.index(after: stem.upperBound)..<name.endIndex
    }

    /// A file name's range without its extension: up to the last dot, unless that dot starts the
    /// name (".txt", ".") or the name is "..".
    private static func stemRange<C: BidirectionalCollection>(_ name: C, dot: C.Element) -> Range<C.Index>
    where C.Element: Equatable, C.Index == String.Index {
        guard let last = name.lastIndex(of: dot), last != name.startIndex else { return name.startIndex..<name.endIndex }
        let beforeLast = name.index(before: last)
        if name.index(after: last) == name.endIndex, beforeLast == name.startIndex, name[beforeLast] == dot {
            return name.startIndex..<name.endIndex
        }
        return name.startIndex..<last
    }
}
