extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    ///
    /// Foundation's `trimmingCharacters(in: .whitespaces)` goes through `CharacterSet` and showed
    /// up in ingestion profiles; labels and cells only ever carry ASCII blanks at their ends.
    var trimmedBlanks: String {
        let text = String(self)
        let utf8 = text.utf8
        guard let first = utf8.firstIndex(where: { $0 != 32 && $0 != 9 }),
              let last = utf8.lastIndex(where: { $0 != 32 && $0 != 9 }) else { return "" }
        return String(text[first...last])
    }
}

extension Double {
    /// A time in seconds from a file: finite and not negative, else nil (`Double("nan")` and
    /// `Double("1e999")` parse, but would poison sorting and JSON output).
    init?(seconds text: some StringProtocol) {
        guard let value = Double(String(text)), value.isFinite, value >= 0, value < 1e9 else { return nil }
        self = value
    }
}
