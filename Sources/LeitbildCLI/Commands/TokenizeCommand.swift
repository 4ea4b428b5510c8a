import ArgumentParser
import Foundation
import GermanText
import LeitbildCore

struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Tokenize German text: one token per line; with --sentences an empty line after each sentence.",
        discussion: """
        Reads UTF-8 text from FILE or standard input and writes SoMaJo's vertical format: one
        token per line (a token may contain a space: `z. B.`). A blank line in the input always
        ends a sentence. Without --ud the tokens are Leitbild's (`Smart-City-Strategie`, `ca.`,
        `(lacht)` whole); --ud follows Universal Dependencies German GSD's conventions (hyphenated
        compounds and most abbreviation periods split, no transcript marks, a colon before a
        capitalised word ends a sentence), for comparison with the treebank.
        The input is read in blocks and written as it is tokenized, so memory stays small.
        """)

    @Argument(help: "Text file (UTF-8). Reads standard input when omitted or '-'.")
    var file: String?

    @Flag(name: .long, help: "Print an empty line after each sentence.")
    var sentences = false

    @Flag(name: .customLong("ud"), help: "Tokenize as UD German GSD does (for comparison with the treebank).")
    var universalDependencies = false

    @Flag(name: .long, help: "Print each token's kind after a tab (word, number, abbreviation, ...).")
    var kinds = false

    func run() throws {
        let input: FileHandle
        if let file, file != "-" {
            guard let handle = FileHandle(forReadingAtPath: file) else {
                printError("error: cannot read '\(file)': no such file or no permission. Check the path.")
                throw ExitCode.failure
            }
            input = handle
        } else {
            input = FileHandle.standardInput
        }
        let ud = universalDependencies
        var stream = SentenceStream(tokenizer: Tokenizer(mode: ud ? .universalDependencies : .standard),
                                    splitter: SentenceSplitter(conventions: ud ? .universalDependencies : .standard))
        let (kinds, sentences) = (self.kinds, self.sentences)
        // Each batch is written with one system call; nothing mutable is captured, so the hot
        // loop has no exclusivity checks.
        let write = { (batch: SentenceBatch) in
            if kinds {
                var out: [UInt8] = []
                for sentence in batch.sentences {
                    for token in batch.tokens[sentence.tokens] {
                        out.append(contentsOf: batch.utf8(token.range.utf8))
                        out.append(9)
                        out.append(contentsOf: token.kind.rawValue.utf8)
                        out.append(10)
                    }
                    if sentences { out.append(10) }
                }
                StandardOutput.writeAll(out)
                return
            }
            // The common case, at memory speed: one exact-size buffer, one copy per token.
            var size = 0
            for sentence in batch.sentences {
                size += sentence.range.utf8.count + sentence.tokens.count + 1
            }
            let out = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
                guard let base = buffer.baseAddress else { return }
                var n = 0
                for sentence in batch.sentences {
                    for token in batch.tokens[sentence.tokens] {
                        let bytes = batch.utf8(token.range.utf8)
                        if let source = bytes.baseAddress { (base + n).update(from: source, count: bytes.count) }
                        n += bytes.count
                        base[n] = 10
                        n += 1
                    }
                    if sentences {
                        base[n] = 10
                        n += 1
                    }
                }
                count = n
            }
            StandardOutput.writeAll(out)
        }
        var blocks = TextBlocks()
        do {
            try blocks.forEach(in: input) { block in
                // Slices of 64 KB keep the stream's pending tokens (and memory) small.
                var rest = block[...]
                while !rest.isEmpty {
                    let piece = rest.prefix(1 << 16)
                    stream.feed(piece, write)
                    rest = rest[piece.endIndex...]
                }
            }
        } catch {
            printError("error: cannot read \(file ?? "standard input"): \(error.localizedDescription)")
            throw ExitCode.failure
        }
        stream.finish(write)
        if blocks.sawInvalidUTF8 {
            printError("""
                warning: \(file ?? "standard input") is not valid UTF-8; invalid bytes were replaced with U+FFFD. \
                Convert it first (e.g. iconv -f windows-1252 -t utf-8), or let `leitbild ingest` detect the encoding.
                """)
        }
    }
}

/// Reads text in blocks of about a megabyte, each cut after a line end or space (so no
/// character, CRLF pair or combining sequence is split), decoded as UTF-8 and normalised.
extension StandardOutput {
    /// Writes bytes to standard output at once, retrying short writes.
    static func writeAll(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else { return }
            var offset = 0
            while offset < p.count {
                let n = Foundation.write(1, base + offset, p.count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
    }
}

struct TextBlocks {
    /// Whether some input was not valid UTF-8 (its bad bytes became U+FFFD).
    private(set) var sawInvalidUTF8 = false

    /// Calls `body` with blocks of valid UTF-8 in NFC with LF line ends. Reads with `read(2)`
    /// straight into the block buffer, so the usual text is copied once on its way to the stream.
    mutating func forEach(in handle: FileHandle, _ body: (ArraySlice<UInt8>) throws -> Void) throws {
        let fd = handle.fileDescriptor
        let blockSize = 1 << 20
        var carry: [UInt8] = []
        while true {
            var failure: Int32 = 0
            let block = [UInt8](unsafeUninitializedCapacity: carry.count + blockSize) { buffer, count in
                guard let base = buffer.baseAddress else { return }
                carry.withUnsafeBufferPointer { if let c = $0.baseAddress { base.update(from: c, count: $0.count) } }
                count = carry.count
                while count < buffer.count {
                    let n = read(fd, base + count, buffer.count - count)
                    if n > 0 { count += n; continue }
                    if n < 0 && errno == EINTR { continue }
                    if n < 0 { failure = errno }
                    break
                }
            }
            if failure != 0 { throw POSIXError(POSIXErrorCode(rawValue: failure) ?? .EIO) }
            if block.count == carry.count {
                if !block.isEmpty { try body(normalized(block[...])) }
                return
            }
            // Cut after the last line end or space, so no character or CRLF pair is split.
            guard let cut = block.lastIndex(where: { $0 == 0x0A || $0 == 0x20 }) else { carry = block; continue }
            try body(normalized(block[...cut]))
            carry = Array(block[(cut + 1)...])
        }
    }

    /// The bytes themselves when they are valid UTF-8 in NFC without CR (the usual case,
    /// checked at memory speed); otherwise decoded (invalid bytes replaced) and normalised.
    mutating func normalized(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let ready = bytes.withUnsafeBufferPointer { String.isNormalizedLeitbildText(utf8: $0) }
        if ready { return bytes }
        if String(validating: bytes, as: UTF8.self) == nil { sawInvalidUTF8 = true }
        return Array(String(decoding: bytes, as: UTF8.self).normalizedForLeitbild.utf8)[...]
    }
}
