/// The text an extract writes for each selected candle (docs/extract.md).
public enum ExtractFormat: String, Sendable, CaseIterable {
    /// `SYM,TF,YYYY-MM-DD HH:MM:SS,open,high,low,close,volume`: the row copied, labelled with its series.
    case csv
    /// `YYYY.MM.DD,HH:MM:SS,open,high,low,close,volume`: MetaTrader 4's history import format.
    case mt4
    /// `SYM,TF,time,bid OHLC,ask OHLC,bid volume,ask volume,spread_open,spread_close`: the times present in a
    /// symbol's BID and ASK series, joined (`BidAskJoin`).
    case bidask

    /// The header of a csv extract, with its newline.
    public static let csvHeader = "symbol,timeframe,time,open,high,low,close,volume\n"
}

/// How an MT4 row writes the time of day. MetaTrader reads both; many MT4 history files (the free M1
/// archives among them) write `HH:MM`.
public enum MT4TimeStyle: String, Sendable, CaseIterable {
    case hhmmss = "hh:mm:ss"
    case hhmm = "hh:mm"
}

/// The candles of one series that an extract keeps: those in `[after, until)`, less the file's last candle
/// (the one that may still be open) with `skipOpen`. Times are epoch seconds in the file's time base.
public struct ExtractSelection: Equatable, Sendable {
    /// The first time kept; nil: from the first candle.
    public var after: Int64?
    /// The first time no longer kept; nil: to the last candle.
    public var until: Int64?
    public var skipOpen: Bool

    public init(after: Int64? = nil, until: Int64? = nil, skipOpen: Bool = false) {
        self.after = after
        self.until = until
        self.skipOpen = skipOpen
    }

    public enum Step: Equatable, Sendable {
        /// Before the range: read on.
        case skip
        /// In the range.
        case keep
        /// At or past `until`: no later row can be kept (rows strictly increase), so reading stops.
        case stop
    }

    @inline(__always)
    public func step(_ time: Int64) -> Step {
        if let after, time < after { return .skip }
        if let until, time >= until { return .stop }
        return .keep
    }

    /// Whether the row held back last is written when reading ends: with `skipOpen` it is left out only
    /// when it is the file's last row, which reading knows only when it reached the end of the file.
    public func keepsHeldRow(readToFileEnd: Bool) -> Bool { !(skipOpen && readToFileEnd) }
}
