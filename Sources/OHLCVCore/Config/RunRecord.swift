/// What a finished run did, read from the disk for its `RunSummary`: the run started when `ohlcv-config
/// --tidy` wrote `DATA/locks/run.unfinished`; a series was updated when its 1-minute file was written since
/// then (its stamp is no proof: make reruns every series of a month folder that changed, as a no-op for the
/// others); its last candle is the last row of its 1-minute file.
struct RunRecord {
    let data: String
    let parquet: String

    /// The summary of `target` for `symbols`, as of `now` (epoch nanoseconds); nil when the run left no marker
    /// (it did not go through `--tidy`) or the target has a summary of its own (fetch, csv, report).
    func summary(target: String, symbols: [String], now: Int64) -> RunSummary? {
        guard !["fetch", "csv", "report"].contains(target),
              let started = FileSystem.modificationTime(ConfigStage.unfinishedMarker(data)) else { return nil }
        let seconds = (now - started) / 1_000_000_000
        if target == "parquet" {
            var series = 0, rewritten = 0
            for tf in FileSystem.listDirectory(parquet) where tf.hasPrefix("timeframe=") {
                // Layout 2 (ParquetLayout): one series per side= folder of a selected symbol.
                for symbol in symbols {
                    for side in FileSystem.listDirectory("\(parquet)/\(tf)/symbol=\(symbol)") where side.hasPrefix("side=") {
                        series += 1
                        let dir = "\(parquet)/\(tf)/symbol=\(symbol)/\(side)"
                        for year in FileSystem.listDirectory(dir) {
                            for file in FileSystem.listDirectory("\(dir)/\(year)") where file.hasSuffix(".parquet") {
                                if let t = FileSystem.modificationTime("\(dir)/\(year)/\(file)"), t >= started { rewritten += 1 }
                            }
                        }
                    }
                }
            }
            return RunSummary(target: target, seconds: seconds, symbols: [], parquet: (series, rewritten))
        }
        let states = symbols.map { symbol in
            RunSummary.SymbolState(symbol: symbol,
                                   updated: (FileSystem.modificationTime("\(data)/aggregate/1m/\(symbol).csv") ?? .min) >= started,
                                   lastCandle: lastCandle("\(data)/aggregate/1m/\(symbol).csv"))
        }
        return RunSummary(target: target, seconds: seconds, symbols: states)
    }

    /// `YYYY-MM-DD HH:MM` of the last row of a candle CSV, read from its end; nil without rows.
    func lastCandle(_ path: String) -> String? {
        (try? SeriesProbe.lastRows(path, count: 1))?.first.map { String($0.prefix(16)) }
    }
}
