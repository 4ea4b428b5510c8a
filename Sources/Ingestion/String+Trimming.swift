extension Double {
    /// A time in seconds from a file: finite and not negative, else nil (`Double("nan")` and
    /// `Double("1e999")` parse, but would poison sorting and JSON output).
    init?(seconds text: some StringProtocol) {
        guard let value = Double(String(text)), value.isFinite, value >= 0, value < 1e9 else { return nil }
        self = value
    }
}
