/// ohlcv-resample: 1-minute (or any finer) CSV → candles of higher timeframes (behaviour §5, §6).
public enum ResampleStage: Stage {
    public static let name = "resample"
    public static let usage = """
    Usage: ohlcv-resample --timeframe TF [options] [FILE|-]
           ohlcv-resample --symbol SYM --input FILE --output-dir DIR [--timeframes "5m 15m … 1Y"] [options]

    Folds candles into bins [start, start + length) labelled by their start: open of the first row, highest
    high, lowest low, close of the last row, exact sum of volumes. Empty bins are not written. The last
    candle written may still be open.

    Timeframes: Nm, Nh, Nd (fixed lengths aligned to 1970-01-01 00:00), 1W (weeks from Monday 00:00),
    NM (months from the 1st; N divides 12), 1Y (years from 1 January). A fixed length may take an offset:
    4h+1h makes 4-hour bins start at 01:00, 05:00, … All in the file's own time base.

    Filter mode (--timeframe): reads FILE or stdin, writes the candles to stdout.
    File mode (--output-dir): builds DIR/TF/SYM.csv for every timeframe, each from the largest configured
    timeframe whose bins nest exactly in its own (1-minute: --input), keeping DIR/TF/index/SYM.idx. Each run
    reads only what changed in its source since the last run: it rewrites the open candle, appends the rest,
    and, when its source was rewound (a changed day), rewinds to the first changed bin.

    Options:
      --timeframe TF       filter mode: the timeframe
      --timeframes LIST    file mode: space- or comma-separated timeframes (default: 5m 15m 30m 1h 4h 8h 1d
                           1W 1M 1Y)
      --symbol SYM         file mode: the symbol (file-name form)
      --input FILE         file mode: the 1-minute CSV, with its index (e.g. data/aggregate/1m/EUR-USD.csv)
      --output-dir DIR     file mode: root of the resampled files (e.g. data/resample)
      --decimals N         decimal places of the files (default 8)
      --alignment A        utc, ny-close or a shift in ms, as the input was built (default utc); recorded
                           in the indexes and checked on every run
      --plan               print the cascade of --timeframes (timeframe ← source) and exit
      --help, --version
    """
    public static let valuedOptions: Set<String> = ["timeframe", "timeframes", "symbol", "input", "output-dir",
                                                     "decimals", "alignment"]
    public static let flagOptions: Set<String> = ["plan"]

    public struct Options {
        public var timeframe: Timeframe?
        public var plan: CascadePlan?
        public var symbol: String?
        public var input = "-"
        public var outputDirectory: String?
        public var decimals = CandleCSVFormat.defaultDecimals
        public var alignment = TimeAlignment.utc
        public var printPlan = false
    }

    public static func options(from raw: RawArguments) throws -> Options {
        var o = Options()
        o.decimals = try raw.int("decimals", default: CandleCSVFormat.defaultDecimals, range: CandleCSVFormat.decimalsRange)
        if let a = try raw.value("alignment") { o.alignment = try TimeAlignment(parsing: a) }
        o.symbol = try raw.value("symbol")
        o.outputDirectory = try raw.value("output-dir")
        o.printPlan = raw.has("plan")
        if o.printPlan && o.outputDirectory == nil {
            // The plan alone needs only the list: `ohlcv-resample --plan --timeframes "5m 1h 2h 1d"`.
            let list = try raw.value("timeframes") ?? Timeframe.defaults.joined(separator: " ")
            o.plan = try CascadePlan(list.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init))
            return o
        }
        if o.outputDirectory != nil {
            guard o.symbol != nil, let input = try raw.value("input") else {
                throw OHLCVError(.usage("--output-dir needs --symbol and --input"))
            }
            if try raw.value("timeframe") != nil { throw OHLCVError(.usage("--timeframe is for filter mode; use --timeframes")) }
            o.input = input
            let list = try raw.value("timeframes") ?? Timeframe.defaults.joined(separator: " ")
            let names = list.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
            o.plan = try withErrorContext(symbol: o.symbol) { try CascadePlan(names) }
        } else {
            guard let tf = try raw.value("timeframe") else {
                throw OHLCVError(.usage("give --timeframe TF (filter mode) or --output-dir DIR (file mode)"))
            }
            o.timeframe = try Timeframe(parsing: tf)
            if raw.positionals.count > 1 { throw OHLCVError(.usage("filter mode takes one input")) }
            o.input = raw.positionals.first ?? "-"
        }
        return o
    }

    public static func run(_ o: Options) throws {
        if let plan = o.plan {
            if o.printPlan {
                ToolMain.printOut(plan.steps.map { "\($0.timeframe) <- \($0.source)\n" }.joined())
                return
            }
            // On a terminal: `resample: EUR-USD 1h 45%` while a timeframe is built, then one summary line.
            let progress = Progress(stage: name)
            var rows = 0
            for step in plan.steps { rows += try update(step, o, progress: progress) }
            progress.finish("\(o.symbol!): \(plural(plan.steps.count, "timeframe")), \(plural(rows, "row")) written")
        } else {
            try filter(o)
        }
    }

    static func filter(_ o: Options) throws {
        let out = OutputBuffer(fd: .standardOutput)
        let writer = CandleCSVWriter(out: out, scale: o.decimals)
        try writer.writeHeader()
        var bucketer = CandleBucketer(timeframe: o.timeframe!, scale: o.decimals)
        try withErrorContext(file: InputSource.displayName(o.input)) {
            let fd = try InputSource.open(o.input)
            let reader = try CandleCSVReader(fd: fd, scale: o.decimals)
            while let c = try reader.next() {
                if let done = try bucketer.add(c) { try writer.write(done) }
            }
        }
        if let open = bucketer.current { try writer.write(open) }
        try out.flush()
    }

    public static func path(_ o: Options, _ tf: Timeframe) -> String {
        tf == Timeframe.oneMinute ? o.input : "\(o.outputDirectory!.trimmingTrailingSlash)/\(tf)/\(o.symbol!).csv"
    }

    static func config(_ o: Options, _ step: CascadePlan.Step) -> String {
        "stage=resample tf=\(step.timeframe) source=\(step.source) decimals=\(o.decimals) align=\(o.alignment)"
    }

    /// One timeframe, incrementally from its source's index. Returns the rows written (the rewritten open
    /// candle included); progress is the share of the source's new bytes read.
    @discardableResult
    static func update(_ step: CascadePlan.Step, _ o: Options, progress: Progress = Progress(stage: name, enabled: false)) throws -> Int {
        let symbol = o.symbol!
        let sourcePath = path(o, step.source), targetPath = path(o, step.timeframe)
        let sourceIndexPath = IndexStore.path(forCSV: sourcePath)
        guard let source = try withErrorContext(symbol: symbol, file: sourceIndexPath, { try IndexStore.load(sourceIndexPath) }) else {
            throw OHLCVError(.noInput(path: sourceIndexPath), file: sourceIndexPath)
        }
        let sourceFD = try withErrorContext(symbol: symbol, file: sourcePath) { try FileDescriptor.open(sourcePath, .readOnly) }
        defer { sourceFD.close() }
        let sourceSize = try sourceFD.size()
        if sourceSize < source.length {
            throw OHLCVError(.corruptIndex("\(sourcePath) is shorter (\(sourceSize) bytes) than its index says (\(source.length)): rerun the stage that writes it"),
                             file: sourceIndexPath)
        }
        let series = try SeriesFile(csv: targetPath, config: config(o, step), symbol: symbol)
        let header = CandleCSVFormat.headerLength
        let tf = step.timeframe

        // Decide where to restart, in the output and in the source.
        var offset: Int64 = 0, sourceOffset = header
        var changeFrom = Int64.min / 2
        var pending: StageIndex?
        var next = StageIndex(config: series.config, lineage: IndexStore.newLineage(), length: 0, openOffset: 0, openTime: nil)
        if let index = series.index, index.sourceLineage == source.lineage {
            let since = source.earliestChange(after: index.sourceGeneration)
            if since == .unchanged && source.length == index.sourceLength { return 0 }
            if case .from(let t) = since {
                next = index
                let openTime: Int64 = index.openTime ?? Int64.min
                if t >= openTime {
                    offset = index.openOffset
                    sourceOffset = index.sourceOpenOffset
                    if openTime != Int64.min { changeFrom = openTime }
                } else {
                    let bin = tf.binStart(containing: t)
                    changeFrom = bin
                    try withErrorContext(symbol: symbol, file: targetPath) {
                        offset = try CandleCSVSeek.firstRow(atOrAfter: bin, in: series.fd, lower: header, upper: index.openOffset)
                    }
                    try withErrorContext(symbol: symbol, file: sourcePath) {
                        sourceOffset = try CandleCSVSeek.firstRow(atOrAfter: bin, in: sourceFD, lower: header, upper: source.length)
                    }
                    var cut = index
                    cut.length = offset; cut.openOffset = offset; cut.openTime = bin; cut.sourceOpenOffset = sourceOffset
                    cut.sourceLength = sourceOffset
                    pending = cut
                }
            }
        }

        let out = try series.rewind(to: offset, pendingIndex: pending)
        let writer = CandleCSVWriter(out: out, scale: o.decimals)
        var bucketer = CandleBucketer(timeframe: tf, scale: o.decimals)
        var openOffset = out.position
        var openSourceOffset = sourceOffset
        var openTime: Int64? = nil
        if offset != 0 { openTime = pending != nil ? pending!.openTime : next.openTime }
        let subject = "\(symbol) \(tf)"
        var rowsRead = 0, rowsWritten = 0
        try series.appending(from: offset) {
            try withErrorContext(symbol: symbol, file: sourcePath) {
                let reader = try CandleCSVReader(fd: sourceFD, scale: o.decimals, startOffset: sourceOffset, limit: source.length)
                while let row = try reader.next() {
                    let binBefore = bucketer.current?.time
                    if let done = try bucketer.add(row) { try writer.write(done); rowsWritten += 1 }
                    if bucketer.current?.time != binBefore {
                        openSourceOffset = reader.rowOffset     // this row opened a new bin
                        openTime = bucketer.current?.time
                    }
                    rowsRead += 1
                    if rowsRead & 4095 == 0 {
                        progress.update(subject, reader.rowOffset - sourceOffset, of: source.length - sourceOffset)
                    }
                }
            }
            if let open = bucketer.current {
                openOffset = out.position
                try writer.write(open)
                rowsWritten += 1
            }
            try out.flush()
        }
        next.length = out.position
        next.openOffset = openOffset
        next.openTime = openTime
        next.sourceLineage = source.lineage
        next.sourceLength = source.length
        next.sourceOpenOffset = openSourceOffset
        next.sourceGeneration = source.generation
        switch try series.firstChangedTime(newLength: out.position) {
        case .unchanged: break
        case .from(let t): next.recordChange(from: max(t, changeFrom))
        case .unknown: next.recordChange(from: changeFrom)
        }
        try series.commit(out, index: next)
        return rowsWritten
    }
}
