/// The one line a finished make run prints, so that a cron log shows every run (behaviour §8: quiet, but for
/// errors and a one-line summary), e.g.
/// `all: finished in 4 s: 3 symbols, 2 updated (EUR-USD, BTC-USD); last 1m candle 2026-07-13 09:59 (every symbol)`.
/// Pure: the facts are gathered by `RunRecord`.
public struct RunSummary: Equatable {
    /// One symbol of the run: whether this run rebuilt its files, and the time of its last 1-minute candle
    /// (`YYYY-MM-DD HH:MM`, nil when it has none).
    public struct SymbolState: Equatable {
        public var symbol: String
        public var updated: Bool
        public var lastCandle: String?
        public init(symbol: String, updated: Bool, lastCandle: String?) {
            self.symbol = symbol; self.updated = updated; self.lastCandle = lastCandle
        }
    }

    public var target: String
    public var seconds: Int64
    public var symbols: [SymbolState]
    /// For `make parquet`: the series written and the partition files this run rewrote.
    public var parquet: (series: Int, rewritten: Int)?

    public init(target: String, seconds: Int64, symbols: [SymbolState], parquet: (series: Int, rewritten: Int)? = nil) {
        self.target = target; self.seconds = seconds; self.symbols = symbols; self.parquet = parquet
    }

    public static func == (a: RunSummary, b: RunSummary) -> Bool {
        a.target == b.target && a.seconds == b.seconds && a.symbols == b.symbols
            && a.parquet?.series == b.parquet?.series && a.parquet?.rewritten == b.parquet?.rewritten
    }

    /// At most this many symbols are named; the rest are counted.
    static let namedLimit = 5

    public var line: String {
        var parts = ["\(target): finished in \(Terminal.duration(seconds: Int(seconds)))"]
        if let p = parquet {
            parts.append("\(p.series) series, \(plural(p.rewritten, "partition file")) rewritten"
                         + (p.rewritten == 0 ? " (all up to date)" : ""))
            return parts.joined(separator: ": ")
        }
        let updated = symbols.filter(\.updated).map(\.symbol)
        // With an ASK series among them the names are series (EUR-USD@ASK), and the count says so.
        let noun = symbols.contains { $0.symbol.contains(Series.sideMark) } ? "series" : "symbol"
        var counts = plural(symbols.count, noun) + ", "
        counts += updated.isEmpty ? "none updated" : "\(updated.count) updated (\(Self.names(updated)))"
        parts.append(counts)
        var text = parts.joined(separator: ": ")
        let candles = symbols.compactMap { s in s.lastCandle.map { (s.symbol, $0) } }
        if let latest = candles.max(by: { $0.1 < $1.1 }), let earliest = candles.min(by: { $0.1 < $1.1 }) {
            if latest.1 == earliest.1 {
                text += "; last 1m candle \(latest.1)" + (symbols.count > 1 ? " (every \(noun))" : "")
            } else {
                text += "; last 1m candle \(latest.1) (\(latest.0)); oldest \(earliest.1) (\(earliest.0))"
            }
        }
        let empty = symbols.filter { $0.lastCandle == nil }.map(\.symbol)
        if !empty.isEmpty { text += "; no candles yet: \(Self.names(empty))" }
        return text
    }

    static func names(_ list: [String]) -> String {
        list.count <= namedLimit ? list.joined(separator: ", ")
            : list.prefix(namedLimit).joined(separator: ", ") + " and \(list.count - namedLimit) more"
    }
}
