import FoundationEssentials

/// The instrument catalogue: code, description, pip value and first minute of every instrument, as
/// `ohlcv-fetch --instruments` shows it.
///
/// Stored as a small TSV (ours, not Dukascopy's): a first line `# ohlcv instrument catalogue 1`, then
/// `code<TAB>description<TAB>pip value<TAB>first minute day (YYYY-MM-DD, or empty)` a line. The cached copy
/// (cache/instruments/catalogue.tsv) and the shipped snapshot (catalogue/instruments.tsv) share the format.
public struct Catalogue: Equatable, Sendable {
    public struct Entry: Equatable, Sendable {
        public var code: String
        public var description: String
        public var pipValue: String
        public var firstDay: CivilDate?

        public init(code: String, description: String, pipValue: String, firstDay: CivilDate?) {
            self.code = code; self.description = description; self.pipValue = pipValue; self.firstDay = firstDay
        }
    }

    public static let header = "# ohlcv instrument catalogue 1"
    public var entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries.sorted { $0.code < $1.code } }

    /// The list endpoint's answer. No answer of `/v1/instruments` was ever recorded: it is ASSUMED to be a JSON
    /// array of objects shaped like the single-instrument answer. Anything else throws `.malformedJSON` (65)
    /// saying what was found.
    public init(listAnswer bytes: [UInt8]) throws {
        let json = try JSONValue(parsing: bytes)
        guard let items = json.arrayValue else {
            throw OHLCVError(.malformedJSON(.instrumentListNotAnArray(found: json.typeName)))
        }
        let infos = try items.enumerated().map { try InstrumentInfo(json: $0.element, place: " [\($0.offset)]") }
        self.init(entries: infos.map(Catalogue.entry))
    }

    public static func entry(_ info: InstrumentInfo) -> Entry {
        Entry(code: info.code, description: info.description, pipValue: info.pipValue, firstDay: info.firstDataDay)
    }

    /// Reads the TSV; `file` names it in errors (`.malformedJSON` is not right for a TSV: `.badCSV`, exit 65).
    public init(tsv text: String, file: String) throws {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        guard lines.first.map(String.init) == Catalogue.header else {
            throw OHLCVError(.badCSV(.notACatalogue(header: Catalogue.header)), file: file, line: 1)
        }
        var entries: [Entry] = []
        for (i, line) in lines.enumerated().dropFirst() {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 4, !f[0].isEmpty else {
                throw OHLCVError(.badCSV(.catalogueFieldCount), file: file, line: i + 1)
            }
            var first: CivilDate?
            if !f[3].isEmpty {
                guard let d = CivilDate(parsing: f[3]) else { throw OHLCVError(.badCSV(.badCatalogueDay(text: String(f[3]))), file: file, line: i + 1) }
                first = d
            }
            entries.append(Entry(code: f[0], description: f[1], pipValue: f[2], firstDay: first))
        }
        self.init(entries: entries)
    }

    public var tsv: String {
        func clean(_ s: String) -> String { String(s.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 }) }
        return ([Catalogue.header] + entries.map {
            [clean($0.code), clean($0.description), clean($0.pipValue), $0.firstDay?.description ?? ""].joined(separator: "\t")
        }).joined(separator: "\n") + "\n"
    }

    /// The entries whose code or description contains `query`, ignoring letter case; all of them for nil or
    /// an empty query. A query spelled as a symbol (`EURUSD`, `eur/usd`) also matches its code.
    public func search(_ query: String?) -> [Entry] {
        guard let q = query?.lowercased(), !q.isEmpty else { return entries }
        let code = (try? Symbol(parsing: q.uppercased()))?.code
        return entries.filter {
            $0.code.lowercased().contains(q) || $0.description.lowercased().contains(q) || $0.code == code
        }
    }

    public func entry(code: String) -> Entry? { entries.first { $0.code == code } }

    /// Aligned columns for a terminal: code, description, pip value, first minute.
    public static func table(_ entries: [Entry]) -> String {
        let rows = [["CODE", "DESCRIPTION", "PIP", "FIRST MINUTE"]]
            + entries.map { [$0.code, $0.description, $0.pipValue, $0.firstDay?.description ?? "?"] }
        let widths = (0..<3).map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { r in
            (0..<3).map { (c: Int) -> String in r[c] + String(repeating: " ", count: widths[c] - r[c].count) }.joined(separator: "  ")
                + "  " + r[3]
        }.joined(separator: "\n") + "\n"
    }
}
