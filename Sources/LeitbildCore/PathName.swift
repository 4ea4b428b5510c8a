/// A path's file name and stem as Foundation's `NSString` gives them, without bridging to it:
/// on Linux, `(path as NSString).lastPathComponent` and `deletingPathExtension` convert the
/// string on every call. The metadata sheet asks for each row and for each file of every run
/// (its parsing and join took 0.11 CPU-s of a +1 file run at 5,001 interviews, much of it there).
///
/// The same answer as `NSString` (`PathNameTests` compares them), with its odd corners: "/" is
/// "/", "//" is "", trailing slashes are dropped, a name starting with a dot (".txt") or ".." has
/// no extension, and a "." or "/" that a combining mark joins to the next letter is no separator
/// (`NSString` looks at `Character`s; an ASCII path is looked at by byte). Where `NSString` traps
/// (some paths with a doubled slash, such as "a//é"), this gives the name after the last slash.
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
