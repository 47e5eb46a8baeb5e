/// What a run puts away before it starts, so that what it serves equals a clean build under today's
/// settings (behaviour §6: "after any settings change that the tools accept, what is served equals a clean rebuild").
///
/// - A timeframe no longer configured for a symbol of this run (`RunSettings.selected`): its CSV and index
///   under data/resample/TF/ are removed (they are rebuilt from the 1-minute file if the timeframe comes back).
///   Symbols the run does not build are left as their last run built them, until a run builds them.
/// - A Parquet series (`timeframe=TF/symbol=SYM/side=S`, layout 2, see `ParquetLayout`) that the symbol's Parquet
///   timeframes no longer name, or one written before months were named `1mo` (`timeframe=1M`): removed;
///   `make parquet` writes it anew.
/// - A symbol that symbols.txt no longer lists, or a side that a selected symbol's SIDES no longer names: the
///   series' served files (aggregate, resample, Parquet) are moved to data/retired/STAMP/SERIES/ under the same
///   relative paths, and its intermediate files (day CSVs, stamps) removed. The cache is never touched.
///
/// Every rule works on series names (`EUR-USD`, `EUR-USD@ASK`, see `Series`); a Parquet series is found by its
/// `symbol=` and `side=` folders and named the same way.
///
/// Pure: the caller lists what is on disk (`Found`) and carries out the actions.
public struct TidyPlan: Equatable {
    public struct Found: Equatable {
        /// (folder under data/resample, symbol file name) of every `data/resample/F/SYM.csv`.
        public var resampleSeries: [(folder: String, symbol: String)]
        /// (folder `timeframe=F` value, series name) of every `PARQUET/timeframe=F/symbol=SYM/side=S/`:
        /// `EUR-USD` for `side=BID`, `EUR-USD@ASK` for `side=ASK`.
        public var parquetSeries: [(folder: String, symbol: String)]
        /// Symbols that have a 1-minute file, a stamp or transform settings.
        public var symbolsWithData: [String]

        public init(resampleSeries: [(folder: String, symbol: String)] = [], parquetSeries: [(folder: String, symbol: String)] = [],
                    symbolsWithData: [String] = []) {
            self.resampleSeries = resampleSeries
            self.parquetSeries = parquetSeries
            self.symbolsWithData = symbolsWithData
        }

        public static func == (a: Found, b: Found) -> Bool {
            a.resampleSeries.map { [$0.folder, $0.symbol] } == b.resampleSeries.map { [$0.folder, $0.symbol] }
                && a.parquetSeries.map { [$0.folder, $0.symbol] } == b.parquetSeries.map { [$0.folder, $0.symbol] }
                && a.symbolsWithData == b.symbolsWithData
        }
    }

    public enum Action: Equatable {
        /// data/resample/FOLDER/SYM.csv and its index.
        case removeResampleSeries(folder: String, symbol: String)
        /// PARQUET/timeframe=FOLDER/symbol=SYM/side=S/ of the series SYMBOL names, whole.
        case removeParquetSeries(folder: String, symbol: String)
        /// Every file of a symbol that is no longer listed: served files to data/retired/SYM/, the rest removed.
        case retireSymbol(String)
    }

    public var actions: [Action]

    public init(settings: RunSettings, found: Found) {
        var actions: [Action] = []
        var listed: [String: RunSettings.SymbolSettings] = [:]
        var listedSeries: [String: RunSettings.SymbolSettings] = [:]
        for s in settings.symbols {
            listed[s.symbol.fileName] = s
            for series in s.series { listedSeries[series.fileName] = s }
        }
        let selected = Set(settings.selected.map(\.fileName))
        let selectedSeries = Set(settings.selectedSeries.map(\.fileName))
        for (folder, series) in found.resampleSeries.sorted(by: { ($0.symbol, $0.folder) < ($1.symbol, $1.folder) }) {
            guard let s = listedSeries[series], selectedSeries.contains(series) else { continue }
            if !s.timeframes.contains(where: { $0.description == folder }) {
                actions.append(.removeResampleSeries(folder: folder, symbol: series))
            }
        }
        for (folder, symbol) in found.parquetSeries.sorted(by: { ($0.symbol, $0.folder) < ($1.symbol, $1.folder) }) {
            guard let s = listedSeries[symbol], selectedSeries.contains(symbol) else { continue }
            if !s.parquetTimeframes.contains(where: { $0.caseSafeName == folder }) {
                actions.append(.removeParquetSeries(folder: folder, symbol: symbol))
            }
        }
        // A series is retired when its symbol is no longer listed, or when the run builds its symbol but no
        // longer its side (SIDES changed); a symbol the run does not select keeps its sides until one does.
        let onDisk = Set(found.symbolsWithData + found.resampleSeries.map(\.symbol) + found.parquetSeries.map(\.symbol))
        let unlisted = onDisk.filter { name in
            guard listedSeries[name] == nil else { return false }
            guard let series = Series(fileName: name), let owner = listed[series.symbol.fileName] else { return true }
            return selected.contains(owner.symbol.fileName)
        }
        for name in unlisted.sorted() { actions.append(.retireSymbol(name)) }
        self.actions = actions
    }
}
