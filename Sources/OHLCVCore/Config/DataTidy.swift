import FoundationEssentials

/// Carries out a `TidyPlan` on disk, after removing what an interrupted run left. Runs under the run lock,
/// so no other run is writing: every temporary file found is a leftover.
struct DataTidy {
    let data: String
    let cache: String
    let parquet: String
    let symbolsFile: String

    func run(_ settings: RunSettings, leftoversOnly: Bool = false) throws {
        try withErrorContext(stage: "tidy", file: data) {
            let marker = ConfigStage.unfinishedMarker(data)
            if FileSystem.exists(marker) {
                let since = FileSystem.modificationTime(marker).map { TimestampText.string($0 / 1_000_000_000) }
                let midPipeline = FileSystem.listDirectory("\(data)/stamp").filter { $0.hasSuffix(".started") }.map { String($0.dropLast(8)) }
                let removed = try removeLeftovers()
                // A run that only refused (a bad input, a missing series) leaves nothing to recover: say nothing.
                if removed > 0 || !midPipeline.isEmpty {
                    ToolMain.printError(RecoveryNote(unfinishedSince: since, removedTemporaryFiles: removed,
                                                     symbolsMidPipeline: midPipeline, rebuildsNow: !leftoversOnly).line + "\n")
                }
            }
            try FileSystem.makeDirectories("\(data)/locks")
            try AtomicFile.replace(marker, with: Array("a run is under way, or the last one did not finish\n".utf8))
            if !leftoversOnly {
                // Before any rule looks at the Parquet tree, and before any stage writes to it.
                let moved = try ParquetLayout.migrate(root: parquet)
                if moved > 0 {
                    say("moved \(moved) Parquet series of \(parquet) to layout \(ParquetLayout.version) (timeframe=TF/symbol=SYM/side=BID/year=…) by renames: no file rewritten")
                }
                try apply(TidyPlan(settings: settings, found: found()), list: settings.list)
            }
        }
    }

    func say(_ text: String) { ToolMain.printError("tidy: \(text)\n") }

    /// `*.tmp` anywhere below the data, cache and Parquet directories, and `stamp/*.started`.
    func removeLeftovers() throws -> Int {
        var count = 0
        func sweep(_ dir: String) throws {
            for name in FileSystem.listDirectory(dir) {
                let path = "\(dir)/\(name)"
                if name == "retired" && dir == data { continue }
                if FileSystem.isDirectory(path) { try sweep(path); continue }
                if name.hasSuffix(".tmp") || (dir == "\(data)/stamp" && name.hasSuffix(".started")) {
                    try FileSystem.remove(path)
                    count += 1
                }
            }
        }
        // The Parquet tree usually lies inside the data directory: walk each folder once.
        let roots = Set([data, cache, parquet])
        for dir in roots where !roots.contains(where: { $0 != dir && dir.hasPrefix($0 + "/") }) { try sweep(dir) }
        return count
    }

    func found() -> TidyPlan.Found {
        var f = TidyPlan.Found()
        for folder in FileSystem.listDirectory("\(data)/resample") where FileSystem.isDirectory("\(data)/resample/\(folder)") {
            for name in FileSystem.listDirectory("\(data)/resample/\(folder)") where name.hasSuffix(".csv") {
                f.resampleSeries.append((folder, String(name.dropLast(4))))
            }
        }
        for tf in FileSystem.listDirectory(parquet) where tf.hasPrefix("timeframe=") {
            for sym in FileSystem.listDirectory("\(parquet)/\(tf)") where sym.hasPrefix("symbol=") {
                for side in FileSystem.listDirectory("\(parquet)/\(tf)/\(sym)") where side.hasPrefix("side=") {
                    // A folder that is no side of ours (side=MID) is not a series of ours: left alone.
                    guard let s = Side(rawValue: String(side.dropFirst(5))) else { continue }
                    f.parquetSeries.append((String(tf.dropFirst(10)), Series.fileName(symbol: String(sym.dropFirst(7)), side: s)))
                }
            }
        }
        var symbols = Set<String>()
        for name in FileSystem.listDirectory("\(data)/aggregate/1m") where name.hasSuffix(".csv") { symbols.insert(String(name.dropLast(4))) }
        for name in FileSystem.listDirectory("\(data)/stamp") where name.hasSuffix(".done") { symbols.insert(String(name.dropLast(5))) }
        for name in FileSystem.listDirectory("\(data)/transform/1m/index") where name.hasSuffix(".settings") { symbols.insert(String(name.dropLast(9))) }
        f.symbolsWithData = symbols.sorted()
        return f
    }

    func apply(_ plan: TidyPlan, list: SymbolList) throws {
        var retiredRoot: String?
        for action in plan.actions {
            switch action {
            case let .removeResampleSeries(folder, symbol):
                let dir = "\(data)/resample/\(folder)"
                for path in ["\(dir)/\(symbol).csv", "\(dir)/index/\(symbol).idx", "\(dir)/index/\(symbol).idx.tmp"] { try FileSystem.remove(path) }
                FileSystem.removeDirectoryIfEmpty(dir)
                say("\(symbol): timeframe \(folder) is no longer configured: removed \(dir)/\(symbol).csv and its index")
            case let .removeParquetSeries(folder, symbol):
                let dir = "\(parquet)/timeframe=\(folder)"
                let series = parquetSeriesDirectory(timeframe: folder, series: symbol)
                try FileSystem.removeTree(series)
                FileSystem.removeDirectoryIfEmpty(dir)
                say("\(symbol): removed the Parquet series \(series) (no longer configured; make parquet writes what is)")
            case let .retireSymbol(symbol):
                if retiredRoot == nil {
                    // ISO 8601's basic form in UTC, `20261201T033132Z`.
                    let stamp = String(TimestampText.string(Int64(Date().timeIntervalSince1970))
                        .filter { $0 != "-" && $0 != ":" }.map { $0 == " " ? "T" : $0 }) + "Z"
                    retiredRoot = "\(data)/retired/\(stamp)"
                }
                try retire(symbol, into: "\(retiredRoot!)/\(symbol)")
                let why: String
                if let series = Series(fileName: symbol), series.side != .bid, list.listed(series.symbol.fileName) != nil {
                    why = "\(symbol): \(series.side) is no longer among the sides of \(series.symbol) (SIDES)"
                } else {
                    why = "\(symbol) is no longer in \(symbolsFile)"
                }
                say("\(why): moved its candles to \(retiredRoot!)/\(symbol)/ (the cache is kept)")
            }
        }
    }

    /// `PARQUET/timeframe=TF/symbol=SYM/side=S` of a series name (`EUR-USD` → side=BID, `EUR-USD@ASK` → side=ASK),
    /// the inverse of `Series.fileName(symbol:side:)`: a name found on disk need not parse as a symbol, so the
    /// side mark is split off as it is written, and a name without one is a bid series.
    func parquetSeriesDirectory(timeframe: String, series name: String) -> String {
        var symbol = name, side = Side.bid
        if let mark = name.lastIndex(of: Series.sideMark), let s = Side(rawValue: String(name[name.index(after: mark)...])) {
            symbol = String(name[..<mark]); side = s
        }
        return ParquetLayout.seriesDirectory(root: parquet, timeframe: timeframe, symbol: symbol, side: side)
    }

    /// Moves the served files of `symbol` below `target` (same relative paths) and removes the rest.
    func retire(_ symbol: String, into target: String) throws {
        func move(_ path: String, _ relative: String) throws {
            guard FileSystem.exists(path) else { return }
            let to = "\(target)/\(relative)"
            try FileSystem.makeDirectories(FileSystem.directoryName(to))
            try FileSystem.rename(path, to: to)
        }
        try move("\(data)/aggregate/1m/\(symbol).csv", "aggregate/1m/\(symbol).csv")
        try move("\(data)/aggregate/1m/index/\(symbol).idx", "aggregate/1m/index/\(symbol).idx")
        for folder in FileSystem.listDirectory("\(data)/resample") {
            try move("\(data)/resample/\(folder)/\(symbol).csv", "resample/\(folder)/\(symbol).csv")
            try move("\(data)/resample/\(folder)/index/\(symbol).idx", "resample/\(folder)/index/\(symbol).idx")
            FileSystem.removeDirectoryIfEmpty("\(data)/resample/\(folder)")
        }
        // Only this series' side moves: a retired ASK leaves the symbol's BID series where it is.
        for tf in FileSystem.listDirectory(parquet) where tf.hasPrefix("timeframe=") {
            let dir = parquetSeriesDirectory(timeframe: String(tf.dropFirst("timeframe=".count)), series: symbol)
            try move(dir, "parquet/" + String(dir.dropFirst(parquet.count + 1)))
            FileSystem.removeDirectoryIfEmpty(FileSystem.directoryName(dir))
            FileSystem.removeDirectoryIfEmpty("\(parquet)/\(tf)")
        }
        // Day CSVs, settings and stamps are rebuilt from the cache if the symbol comes back.
        let prefix = symbol + "_"
        for year in FileSystem.listDirectory("\(data)/transform/1m") where year != "index" {
            for month in FileSystem.listDirectory("\(data)/transform/1m/\(year)") {
                let dir = "\(data)/transform/1m/\(year)/\(month)"
                for name in FileSystem.listDirectory(dir) where name.hasPrefix(prefix) { try FileSystem.remove("\(dir)/\(name)") }
            }
        }
        try FileSystem.remove("\(data)/transform/1m/index/\(symbol).settings")
        for name in FileSystem.listDirectory("\(data)/temp") where name.hasPrefix(prefix) && name.hasSuffix(".csv") {
            try FileSystem.remove("\(data)/temp/\(name)")
        }
        for name in FileSystem.listDirectory("\(data)/stamp") where name.hasPrefix(symbol + ".") {
            try FileSystem.remove("\(data)/stamp/\(name)")
        }
    }
}
