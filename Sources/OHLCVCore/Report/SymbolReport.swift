/// Everything the report says of one symbol, gathered by ReportStage, rendered by `ReportPage` and `summary`.
public struct SymbolReport: Sendable {
    public var symbol: String
    /// The first and last rows of data/aggregate/1m/SYM.csv (nil: no such file, or no row).
    public var firstCandle: String?
    public var lastCandle: String?
    public var coverage: Coverage
    /// Where open days come from: the trading schedule or the weekday fallback.
    public var openDaysSource: String
    /// Rows per timeframe, 1m first; nil: the file is not there (not built yet).
    public var rows: [(timeframe: String, rows: Int?)]
    public var verify: VerifySummary?
    /// The last daily candles, oldest first, or why there are none.
    public var daily: [ChartCandle]
    public var dailyNote: String?
    public var dailyHigh = "", dailyLow = ""

    public init(symbol: String, firstCandle: String?, lastCandle: String?, coverage: Coverage, openDaysSource: String,
                rows: [(timeframe: String, rows: Int?)], verify: VerifySummary?, daily: [ChartCandle], dailyNote: String?) {
        self.symbol = symbol; self.firstCandle = firstCandle; self.lastCandle = lastCandle; self.coverage = coverage
        self.openDaysSource = openDaysSource; self.rows = rows; self.verify = verify; self.daily = daily
        self.dailyNote = dailyNote
    }

    public var verifyLine: String { verify?.oneLine ?? "not verified yet (make verify)" }

    public var rowsLine: String {
        rows.map { "\($0.timeframe) \($0.rows.map(String.init) ?? "not built")" }.joined(separator: ", ")
    }

    /// "2 missing or suspicious: 2023-02-07 missing, 2023-02-10 short" (at most 12 days named).
    public var suspiciousLine: String {
        let n = coverage.suspiciousCount
        if n == 0 { return "0 missing or suspicious" }
        let named = coverage.suspiciousDays(limit: 12).map { "\($0.0) \($0.1.rawValue)" }
        return "\(n) missing or suspicious: " + named.joined(separator: ", ") + (n > 12 ? ", …" : "")
    }

    public var daysLine: String {
        guard let first = coverage.first, let last = coverage.last else { return "nothing cached" }
        let c = coverage
        return "\(c.cachedDays) cached (\(first)..\(last)), \(c.expectedDays) expected open (\(openDaysSource)); "
            + "\(c.count(.missing)) missing, \(c.count(.empty)) empty, \(c.count(.short)) short, \(c.count(.unreadable)) unreadable"
    }

    /// The plain-text block of this symbol for stdout.
    public var summary: String {
        """
        \(symbol)
          first candle  \(firstCandle ?? "none (data/aggregate/1m/\(symbol).csv not built)")
          last candle   \(lastCandle ?? "none")
          days          \(daysLine)
          suspicious    \(suspiciousLine)
          rows          \(rowsLine)
          verify        \(verifyLine)

        """
    }
}

enum HTML {
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }
}
