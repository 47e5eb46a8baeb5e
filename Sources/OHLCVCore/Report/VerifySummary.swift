/// The last `make verify` result of a symbol: data/verify/SYM.txt, `key=value` lines (written by ohlcv-verify).
public struct VerifySummary: Equatable, Sendable {
    public var fields: [String: String]

    /// Parses the file's text; lines without '=' are ignored, a later key replaces an earlier one.
    public init(text: String) {
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            guard let eq = line.firstIndex(of: "=") else { continue }
            fields[String(line[..<eq]).trimmingSpaces] = String(line[line.index(after: eq)...]).trimmingSpaces
        }
        self.fields = fields
    }

    public subscript(_ key: String) -> String? { fields[key].flatMap { $0.isEmpty ? nil : $0 } }

    /// pass | fail | incomparable | nil (the file lacks it).
    public var result: String? { self["result"] }

    public var differingDays: [String] { (self["differing_days"] ?? "").split(separator: " ").map(String.init) }

    /// One line: "pass: 2023-02-01..2023-02-28, 456 hours, 19 days compared (0 differ); checked 2023-03-01 10:00:00 UTC".
    public var oneLine: String {
        var s = "\(result ?? "unknown result")"
        if let a = self["first_day"], let b = self["last_day"] { s += ": \(a)..\(b)" }
        let hours = self["hours_compared"].map { "\($0) hours (\(self["hours_differing"] ?? "?") differ)" }
        let daysCompared = self["days_compared"].flatMap { $0 == "-" ? nil : $0 }
        let days = daysCompared.map { "\($0) days (\(self["days_differing"] ?? "?") differ)" }
        let parts = [hours, days].compactMap { $0 }
        if !parts.isEmpty { s += ", " + parts.joined(separator: ", ") + " compared" }
        if !differingDays.isEmpty { s += "; differing days: " + differingDays.prefix(10).joined(separator: " ") + (differingDays.count > 10 ? " …" : "") }
        if let at = self["checked_at"] { s += "; checked \(at)" }
        if let note = self["note"] { s += "; \(note)" }
        return s
    }
}

