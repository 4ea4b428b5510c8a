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
/// before it (`folder` says how).
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

    /// `(path as NSString).deletingLastPathComponent`: the path without its last component and
    /// the slash before it, with runs of slashes made one; "" for a single relative component,
    /// "/" for the root and what is right below it.
    ///
    /// `NSString` makes each run of slashes one before it looks for the last component, and after
    /// a run of n slashes goes on n - 1 bytes beyond it, reading as many bytes as the character
    /// that was there had (its index into the string before the run was shortened): a run that
    /// starts in the bytes it skips stays ("a///b//c" gives "a/b/"), and a read past the end
    /// traps ("a//é"). This does the same; where it would go on from inside a character in ways
    /// not followed here, it makes every run one slash. Where `NSString` traps because a slash
    /// is left at the end ("a///b//") or the path is one character ("a", "a/"), trailing slashes
    /// are dropped.
    public static func folder(_ path: String) -> String {
        // NSString's own slash fixing leaves "/" as it is; anything else loses one trailing slash.
        guard path != "/" else { return path }
        var fixed = slashRunsMadeOne(path, resumingAsNSString: true) ?? slashRunsMadeOne(path, resumingAsNSString: false) ?? path
        if fixed.last == "/" { fixed.removeLast() }
        if fixed == "/" || fixed == "" { return fixed }
        // NSString traps on a slash still at the end; here it goes with the rest.
        while fixed.last == "/" { fixed.removeLast() }
        guard let slash = fixed.lastIndex(of: "/") else { return "" }
        if slash == fixed.startIndex { return "/" }
        return String(fixed[..<slash])
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

    /// `path` with each run of slashes (as `Character`s) made one slash. With
    /// `resumingAsNSString`, the scan goes on after a shortened run where `NSString`'s does, n - 1
    /// bytes later; nil where `NSString` would go on inside a character.
    private static func slashRunsMadeOne(_ path: String, resumingAsNSString: Bool) -> String? {
        var result = path
        var position = result.startIndex
        while position < result.endIndex {
            guard result[position] == "/" else {
                position = result.index(after: position)
                continue
            }
            var end = result.index(after: position)
            while end < result.endIndex, result[end] == "/" { end = result.index(after: end) }
            let start = result.utf8.distance(from: result.startIndex, to: position)
            let resume = result.utf8.distance(from: result.startIndex, to: end)
            guard resume - start > 1 else {
                position = end
                continue
            }
            let lengthThere = end < result.endIndex ? result[end].utf8.count : 0
            result.replaceSubrange(position..<end, with: "/")
            guard resumingAsNSString else {
                position = characterStart(result, at: start + 1) ?? result.endIndex
                continue
            }
            guard resume < result.utf8.count else { break }
            if let index = characterStart(result, at: resume), result[index].utf8.count == lengthThere {
                position = index
                continue
            }
            // NSString takes the bytes there, as many as the old character had, for a character
            // that is no slash, then each byte inside a character for one more; it goes on as a
            // string does from the next character's start.
            let bytes = Array(result.utf8.dropFirst(resume))
            guard bytes.count >= lengthThere, bytes.prefix(lengthThere) != [UInt8(ascii: "/")] else { return nil }
            let inside = bytes.dropFirst(lengthThere).prefix { $0 & 0xC0 == 0x80 }.count
            guard let index = characterStart(result, at: resume + lengthThere + inside) else { return nil }
            position = index
        }
        return result
    }

    /// The index `offset` UTF-8 bytes into `text` when a character starts there.
    private static func characterStart(_ text: String, at offset: Int) -> String.Index? {
        String.Index(text.utf8.index(text.utf8.startIndex, offsetBy: offset), within: text)
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
