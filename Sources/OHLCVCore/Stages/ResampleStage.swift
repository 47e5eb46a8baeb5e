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
    \(DecimalsOption.help(column: 23, "decimal places of the files (\(DecimalsOption.defaultText))"))
    \(alignmentHelp)
      --plan               print the cascade of --timeframes (timeframe ← source) and exit
      --help, --version
    """
    public static let valuedOptions: Set<String> = ["timeframe", "timeframes", "symbol", "input", "output-dir",
                                                     DecimalsOption.name, AlignmentOption.name]
    public static let flagOptions: Set<String> = ["plan"]
    static let alignmentHelp = AlignmentOption.help(
        column: 23, "\(AlignmentOption.valuesText), as the input was built (default utc); recorded",
        "in the indexes and checked on every run")

    public enum Mode {
        /// Folds FILE ("-" for stdin) into one timeframe, to stdout.
        case filter(Timeframe, input: String)
        /// Prints the cascade (timeframe <- source) and does nothing else.
        case printPlan(CascadePlan)
        /// Builds every timeframe of the cascade for one symbol.
        case file(ResampleUpdate)
    }

    public struct Options {
        public var mode: Mode
        public var decimals = CandleCSVFormat.defaultDecimals
        public var alignment = TimeAlignment.utc
    }

    public static func options(from raw: RawArguments) throws -> Options {
        let decimals = try DecimalsOption(raw).value
        let alignment = try AlignmentOption(raw).value ?? .utc
        let symbol = try raw.value("symbol")
        let outputDirectory = try raw.value("output-dir")
        let printPlan = raw.has("plan")
        func timeframes() throws -> [String] {
            let list = try raw.value("timeframes") ?? Timeframe.defaults.joined(separator: " ")
            return list.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        }
        let mode: Mode
        if let outputDirectory {
            guard let symbol, let input = try raw.value("input") else {
                throw OHLCVError(.usage("--output-dir needs --symbol and --input"))
            }
            if try raw.value("timeframe") != nil { throw OHLCVError(.usage("--timeframe is for filter mode; use --timeframes")) }
            let names = try timeframes()
            let plan = try withErrorContext(symbol: symbol) { try CascadePlan(names) }
            mode = printPlan ? .printPlan(plan)
                : .file(ResampleUpdate(symbol: symbol, input: input, outputDirectory: outputDirectory, plan: plan,
                                       decimals: decimals, alignment: alignment))
        } else if printPlan {
            // The plan alone needs only the list: `ohlcv-resample --plan --timeframes "5m 1h 2h 1d"`.
            mode = .printPlan(try CascadePlan(try timeframes()))
        } else {
            guard let tf = try raw.value("timeframe") else {
                throw OHLCVError(.usage("give --timeframe TF (filter mode) or --output-dir DIR (file mode)"))
            }
            // A command-line value, as in ohlcv-extract and ohlcv-report: a usage error (64), not a setting (78).
            let timeframe: Timeframe
            do { timeframe = try Timeframe(parsing: tf) } catch let e as OHLCVError { throw OHLCVError(.usage(e.message)) }
            if raw.positionals.count > 1 { throw OHLCVError(.usage("filter mode takes one input")) }
            mode = .filter(timeframe, input: raw.positionals.first ?? "-")
        }
        return Options(mode: mode, decimals: decimals, alignment: alignment)
    }

    public static func run(_ o: Options) throws {
        switch o.mode {
        case .printPlan(let plan): ToolMain.printOut(plan.steps.map { "\($0.timeframe) <- \($0.source)\n" }.joined())
        case .file(let update): try update.run()
        case let .filter(timeframe, input): try filter(timeframe, input: input, decimals: o.decimals)
        }
    }

    static func filter(_ timeframe: Timeframe, input: String, decimals: Int) throws {
        let out = OutputBuffer(fd: .standardOutput)
        let writer = CandleCSVWriter(out: out, scale: decimals)
        try writer.writeHeader()
        var bucketer = CandleBucketer(timeframe: timeframe, scale: decimals)
        try withErrorContext(file: InputSource.displayName(input)) {
            let fd = try InputSource.open(input)
            let reader = try CandleCSVReader(fd: fd, scale: decimals)
            while let c = try reader.next() {
                if let done = try bucketer.add(c) { try writer.write(done) }
            }
        }
        if let open = bucketer.current { try writer.write(open) }
        try out.flush()
    }
}
