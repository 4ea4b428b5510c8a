import Foundation

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    ///
    /// Foundation's `trimmingCharacters(in: .whitespaces)` goes through `CharacterSet` and showed
    /// up in ingestion profiles; labels and cells only ever carry ASCII blanks at their ends.
    public var trimmedBlanks: String {
        let text = String(self)
        let utf8 = text.utf8
        guard let first = utf8.firstIndex(where: { $0 != 32 && $0 != 9 }),
              let last = utf8.lastIndex(where: { $0 != 32 && $0 != 9 }) else { return "" }
        return String(text[first...last])
    }
}

/// A stakeholder group's name as it is compared: white space around it trimmed (no-break spaces
/// too) and letter case ignored. The metadata sheet unifies its group cells by it
/// (`MetadataSheet.unifyGroups`), and `group_weights` keys are matched by it
/// (`PrioritySettings.groupWeightKey`), so the two never disagree on what one group is.
public enum GroupName {
    public static func key(_ name: String) -> String {
        let blanks = name.trimmedBlanks
        return (blanks.utf8.allSatisfy { $0 < 0x80 } ? blanks : blanks.trimmingCharacters(in: .whitespacesAndNewlines)).lowercased()
    }
}
