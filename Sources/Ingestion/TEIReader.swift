import Foundation
import LeitbildCore

/// Reads TEI transcriptions of speech (ISO 24624:2016), as written by EXMARaLDA, FOLKER, the
/// TEI drop-in of ELAN and hand-made TEI.
///
/// - Speakers: `<person xml:id=… n=…>` in `<particDesc>`; the label is `@n`, else `<persName>`'s
///   `<abbr>` or text, else the id. A `@role` naming an interviewer or respondent is used.
/// - Utterances: `<u who="#id">`, alone or inside `<annotationBlock who=… start=… end=…>`.
///   Consecutive utterances of one speaker form one turn.
/// - Times: `<timeline>` with `<when xml:id absolute|interval since>` (unit `s` or `ms`);
///   a turn's start and end come from `@start`/`@end` or its first and last `<anchor synch>`.
/// - Content: plain text or token level (`<w>`, `<pc>` attached to the word before it); pauses,
///   incidents, vocals and gaps are kept as marks in the f4 style: `(.)`, `(..)`, `(...)`,
///   `(4)` seconds, `(lacht)`, `(unv.)`, never as words.
public struct TEIReader: TranscriptReader {
    public init() {}

    static let namespace = "http://www.tei-c.org/ns/1.0"

    public func read(_ context: ReaderContext) throws(IngestionError) -> ReaderOutput {
        var diagnostics: [Diagnostic] = []
        let xml = try SafeXML.parse(context.data, file: context.path)
        guard let root = xml.root else {
            throw IngestionError.malformed(file: context.path, line: nil, message: "the document has no root element", hint: "Export the TEI file again")
        }
        switch root.namespaceURI {
        case Self.namespace?: break
        case nil:
            diagnostics.append(Diagnostic(.note, "the TEI root has no namespace; expected xmlns=\"\(Self.namespace)\" (read anyway)",
                                          file: context.path, line: root.line))
        case let other?:
            throw IngestionError.malformed(file: context.path, line: root.line,
                                           message: "the root element <\(root.name)> is in the namespace '\(other)', not TEI's '\(Self.namespace)'",
                                           hint: "Write <TEI xmlns=\"\(Self.namespace)\">, or export the file again as TEI (ISO 24624)")
        }
        let documents = root.is("teiCorpus") ? root.descendants("TEI") : [root]
        var transcripts: [Transcript] = []
        for (index, tei) in documents.enumerated() {
            let id = documents.count > 1 ? "\(context.metadata.interviewID)-\(index + 1)" : nil
            transcripts.append(try readDocument(tei, context: context, id: id, diagnostics: &diagnostics))
        }
        return ReaderOutput(encoding: Self.encoding(of: xml), transcripts: transcripts, diagnostics: diagnostics)
    }

    static func encoding(of xml: XMLDocument) -> String {
        xml.pointer.pointee.encoding.map { String(cString: $0).uppercased() } ?? "UTF-8"
    }

    private func readDocument(_ tei: XMLNode, context: ReaderContext, id: String?, diagnostics: inout [Diagnostic])
        throws(IngestionError) -> Transcript
    {
        var speakers: [DraftSpeaker] = []
        for person in tei.firstChild("teiHeader")?.descendants("person") ?? [] {
            guard let pid = person.attribute("id") else { continue }
            let persName = person.firstChild("persName")
            let label = person.attribute("n") ?? persName?.firstChild("abbr")?.collapsedText ?? persName?.collapsedText
            let chosen = label.flatMap { $0.isEmpty ? nil : $0 } ?? pid
            var draft = DraftSpeaker(id: pid, label: StructuredTranscript.cleanLabel(chosen))
            if let role = person.attribute("role") { draft.statedRole = Self.statedRole(role, source: "TEI <person role>") }
            speakers.append(draft)
        }
        let known = Set(speakers.map(\.id))
        guard let text = tei.firstChild("text") else {
            throw IngestionError.malformed(file: context.path, line: tei.line, message: "the TEI document has no <text> element",
                                           hint: "A transcription of speech needs <text><body><u who=…>…</u></body></text>")
        }
        let times = try timeline(text, file: context.path, diagnostics: &diagnostics)
        var turns: [DraftTurn] = []
        var missing: [String: Int] = [:]
        func utterance(_ node: XMLNode, who: String?, start: String?, end: String?, contentNodes: [XMLNode]) {
            var renderer = TEIContentRenderer()
            var anchors: [String] = []
            for content in contentNodes { renderer.render(content, anchors: &anchors) }
            var speaker = who.map { $0.hasPrefix("#") ? String($0.dropFirst()) : $0 }
            if let s = speaker, s.isEmpty { speaker = nil }
            if let s = speaker, !known.contains(s) {
                if missing[s] == nil { missing[s] = node.line }
                speakers.append(DraftSpeaker(id: s, label: s))
            }
            if speaker == nil, missing[""] == nil { missing[""] = node.line }
            func time(_ ref: String?) -> Double? {
                guard let ref else { return nil }
                return times[ref.hasPrefix("#") ? String(ref.dropFirst()) : ref]
            }
            turns.append(DraftTurn(speakerID: speaker, text: renderer.text.bytes, sourceLine: node.line,
                                   startTime: time(start) ?? time(anchors.first), endTime: time(end) ?? time(anchors.last)))
        }
        func walk(_ node: XMLNode) {
            for child in node.children {
                if child.is("annotationBlock") {
                    utterance(child, who: child.attribute("who"), start: child.attribute("start"), end: child.attribute("end"),
                              contentNodes: child.children("u"))
                } else if child.is("u") {
                    utterance(child, who: child.attribute("who"), start: child.attribute("start"), end: child.attribute("end"),
                              contentNodes: [child])
                } else if !child.is("timeline") && !child.is("teiHeader") {
                    walk(child)
                }
            }
        }
        walk(text)
        if turns.isEmpty {
            throw IngestionError.malformed(file: context.path, line: text.line, message: "no utterances (<u>) in the TEI <text>",
                                           hint: "Is this a transcription of speech? Each turn needs <u who=\"#id\">…</u>")
        }
        for (speaker, line) in missing.sorted(by: { ($0.value, $0.key) < ($1.value, $1.key) }) {
            if speaker.isEmpty {
                diagnostics.append(Diagnostic(.warning, "an utterance has no who attribute; its speaker is unknown", file: context.path, line: line,
                                              hint: "add who=\"#id\" pointing to a <person> in <particDesc>"))
            } else {
                diagnostics.append(Diagnostic(.warning, "who=\"#\(speaker)\" refers to no <person xml:id=\"\(speaker)\"> in <particDesc>; the speaker is named '\(speaker)'",
                                              file: context.path, line: line, hint: "add the person to <particDesc> so that its label and role are known"))
            }
        }
        return StructuredTranscript.assemble(speakers: speakers, turns: turns, mergeConsecutive: true, context: context, id: id,
                                             format: .tei, encoding: "UTF-8", diagnostics: &diagnostics)
    }

    /// Seconds for every `<when>` of the timeline (absolute times are taken relative to the origin).
    private func timeline(_ text: XMLNode, file: String, diagnostics: inout [Diagnostic]) throws(IngestionError) -> [String: Double] {
        guard let timeline = text.descendants("timeline").first else { return [:] }
        let divisor = timeline.attribute("unit") == "ms" ? 1000.0 : 1.0
        var result: [String: Double] = [:]
        var pending: [(id: String, interval: Double, since: String, line: Int)] = []
        let origin = timeline.attribute("origin").map { $0.hasPrefix("#") ? String($0.dropFirst()) : $0 }
        var absolute: [String: (clock: Double, line: Int)] = [:]
        for when in timeline.children("when") {
            guard let id = when.attribute("id") else { continue }
            if let interval = when.attribute("interval"), let since = when.attribute("since") {
                guard let value = Self.seconds(interval) else {
                    throw IngestionError.malformed(file: file, line: when.line, message: "cannot read interval=\"\(interval)\" of <when xml:id=\"\(id)\">",
                                                   hint: "Write the interval in seconds, e.g. interval=\"12.5\"")
                }
                pending.append((id, value / divisor, since.hasPrefix("#") ? String(since.dropFirst()) : since, when.line))
            } else if let clock = when.attribute("absolute").flatMap(Self.clockSeconds) {
                absolute[id] = (clock, when.line)
            } else if id == origin || result.isEmpty {
                result[id] = 0
            }
        }
        // Absolute clock times count from the origin (or the earliest point).
        if let base = origin.flatMap({ absolute[$0]?.clock }) ?? absolute.values.map(\.clock).min() {
            for (id, point) in absolute { result[id] = point.clock - base }
        }
        // Resolve `since` chains in order; a reference to an unknown point is an error.
        var remaining = pending
        while !remaining.isEmpty {
            var next: [(id: String, interval: Double, since: String, line: Int)] = []
            for p in remaining {
                if let base = result[p.since] { result[p.id] = base + p.interval } else { next.append(p) }
            }
            if next.count == remaining.count, let bad = next.first {
                throw IngestionError.malformed(file: file, line: bad.line, message: "<when xml:id=\"\(bad.id)\"> counts from since=\"#\(bad.since)\", which is not in the timeline",
                                               hint: "Point since= at an existing <when>, usually the origin")
            }
            remaining = next
        }
        // A point before the origin has no place on the recording: it gets no time (a negative
        // one would reach reports and exports; caught by FuzzTEI's time check), and a warning says so.
        var lines: [String: Int] = absolute.mapValues(\.line)
        for p in pending { lines[p.id] = p.line }
        for (id, time) in result.sorted(by: { (lines[$0.key] ?? 0, $0.key) < (lines[$1.key] ?? 0, $1.key) }) where time < 0 {
            result[id] = nil
            diagnostics.append(Diagnostic(.warning, "<when xml:id=\"\(id)\"> lies before the origin of the timeline; its time is left out",
                                          file: file, line: lines[id], hint: "check the absolute times and the origin of the <timeline>"))
        }
        return result
    }

    /// `12.5`, `PT12.5S` or `00:00:12.5` to seconds.
    static func seconds(_ raw: String) -> Double? {
        var text = raw.trimmedBlanks
        if text.hasPrefix("PT"), text.hasSuffix("S") { text = String(text.dropFirst(2).dropLast()) }
        if let value = Double(seconds: text) { return value }
        return Array(text.utf8).withUnsafeBufferPointer { PlainTextParser.parseTime($0) }
    }

    /// The time of day of an xsd:time or xsd:dateTime (`10:00:01.5`, `2024-03-12T10:00:01+01:00`) in seconds.
    static func clockSeconds(_ raw: String) -> Double? {
        var text = Substring(raw.trimmedBlanks)
        if let t = text.firstIndex(of: "T") { text = text[text.index(after: t)...] }
        if let zone = text.firstIndex(where: { $0 == "+" || $0 == "Z" || $0 == "-" }) { text = text[..<zone] }
        return Array(text.utf8).withUnsafeBufferPointer { PlainTextParser.parseTime($0) }
    }

    /// A role stated by the file, if its value names one.
    static func statedRole(_ value: String, source: String) -> (SpeakerRole, String)? {
        let v = value.lowercased()
        if v.contains("interviewer") || v.contains("moderat") || v.hasPrefix("int") {
            return (.interviewer, "\(source) says '\(value)'")
        }
        if v.contains("respondent") || v.contains("interviewee") || v.contains("befragt") || v.contains("informant") || v.contains("participant") {
            return (.respondent, "\(source) says '\(value)'")
        }
        return nil
    }
}

/// Renders the content of a TEI utterance into turn text.
struct TEIContentRenderer {
    var text = TurnTextCollector()
    /// Set after opening punctuation: the next word attaches to it.
    private var attachNext = false

    static let closing: Set<String> = [".", ",", ";", ":", "!", "?", ")", "]", "…", "...", "“", "”", "»", "«", "'", "\""]
    static let opening: Set<String> = ["(", "[", "„", "‚", "»"]

    mutating func render(_ node: XMLNode, anchors: inout [String]) {
        for child in node.childNodes {
            if child.isText {
                let bytes = child.textBytes
                if attachNext, let first = bytes.first, !Blanks.isSpace(first) {
                    text.appendAttached(String(decoding: bytes, as: UTF8.self))
                } else {
                    text.append(bytes)
                }
                if bytes.contains(where: { !Blanks.isSpace($0) }) { attachNext = false }
                continue
            }
            guard child.isElement else { continue }
            if child.is("anchor") {
                if let synch = child.attribute("synch") { anchors.append(synch) }
            } else if child.is("w") {
                word(child.collapsedText)
            } else if child.is("pc") {
                let p = child.collapsedText
                if Self.closing.contains(p) {
                    text.appendAttached(p)
                } else {
                    word(p)
                    if Self.opening.contains(p) { attachNext = true }
                }
            } else if child.is("pause") {
                mark(Self.pause(child))
            } else if child.is("incident") || child.is("vocal") || child.is("kinesic") {
                let desc = child.firstChild("desc")?.collapsedText ?? child.attribute("type") ?? ""
                mark(desc.isEmpty ? "(…)" : "(\(desc))")
            } else if child.is("gap") {
                mark("(unv.)")
            } else if child.is("del") || child.is("note") || child.is("spanGrp") || child.is("desc") {
                continue
            } else if child.is("seg") || child.is("u") {
                text.separate()
                render(child, anchors: &anchors)
                text.separate()
            } else {
                render(child, anchors: &anchors)
            }
        }
    }

    private mutating func word(_ w: String) {
        guard !w.isEmpty else { return }
        if attachNext { text.appendAttached(w) } else { text.separate(); text.append(w) }
        attachNext = false
    }

    private mutating func mark(_ m: String) {
        text.separate()
        text.append(m)
        text.separate()
        attachNext = false
    }

    /// f4 pause marks: `(.)` under 1 s, `(..)` under 2 s, `(...)` under 3 s, else whole seconds.
    static func pause(_ node: XMLNode) -> String {
        if let dur = node.attribute("dur").flatMap(TEIReader.seconds) {
            switch dur {
            case ..<1: return "(.)"
            case ..<2: return "(..)"
            case ..<3: return "(...)"
            default: return "(\(Int(dur.rounded())))"
            }
        }
        switch node.attribute("type") {
        case "micro", "short": return "(.)"
        case "medium": return "(..)"
        default: return "(...)"
        }
    }
}
