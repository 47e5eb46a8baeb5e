/// Every setting of one make run, checked and resolved per symbol, before any stage starts.
///
/// make hands over each setting's value as it expanded it, and make's word for where it came from
/// (`$(origin NAME)`: "file", "command line", "environment", …). A value from a file is blamed on the line of
/// config.mk that assigns it; a value from elsewhere says so. Every problem is a `.badSetting` (exit 78) that
/// names the setting, its value and where it was set.
public struct RunSettings: Equatable {
    /// What the stages of one symbol are run with.
    public struct SymbolSettings: Equatable {
        public var symbol: Symbol
        /// In the order configured; 1m is never among them (it is the aggregate).
        public var timeframes: [Timeframe]
        public var decimals: Int
        /// `--alignment` for the tools: `utc`, `ny-close` or a shift in milliseconds.
        public var alignment: String
        /// Series that `make parquet` writes: 1m and `timeframes`, or PARQUET_TIMEFRAMES.
        public var parquetTimeframes: [Timeframe]
        /// START_DATE_<SYM>: its first day, used as it is (nil: START_DATE, or later where its data starts).
        public var start: CivilDate? = nil
        /// SIDES_<SYM>, else SIDES: the sides built, each a series of its own; BID first.
        public var sides: [Side] = [.bid]

        /// Its series, one per side, in side order (`EUR-USD`, `EUR-USD@ASK`).
        public var series: [Series] { sides.map { Series(symbol, $0) } }
    }

    public var list: SymbolList
    /// The symbols this run works on: the whole list, or those `SYMBOL=` selects.
    public var selected: [Symbol]
    public var symbols: [SymbolSettings]
    /// What `make csv` extracts: (symbol, timeframe) in symbol then timeframe order, for the selected symbols.
    /// Only configured timeframes: any other would be a file that no run keeps current.
    public var extract: [(symbol: Symbol, timeframe: Timeframe)] = []
    /// EXTRACT_SIDE, checked: the side a csv or mt4 extract reads.
    public var extractSide: Side = .bid

    public static func == (a: RunSettings, b: RunSettings) -> Bool {
        a.list == b.list && a.selected == b.selected && a.symbols == b.symbols && a.extractSide == b.extractSide
            && a.extract.map { "\($0.symbol)@\($0.timeframe)" } == b.extract.map { "\($0.symbol)@\($0.timeframe)" }
    }

    public func settings(of symbol: Symbol) -> SymbolSettings? { symbols.first { $0.symbol == symbol } }

    /// The series this run builds: each selected symbol's sides, in list order.
    public var selectedSeries: [Series] { selected.flatMap { settings(of: $0)?.series ?? [] } }
}
