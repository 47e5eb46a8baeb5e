import OHLCVCore
import OHLCVParquet

/// `ohlcv-parquet`: our CSV (behaviour §3.1) in, Parquet (behaviour §9) out — one file, or the year partitions of
/// one series (symbol × side × timeframe) in a Hive tree, rewriting only the years whose source rows changed.
public enum ParquetStage: Stage {
    public static let name = "parquet"

    public static let usage = """
    ohlcv-parquet: convert an OHLCV CSV (time,open,high,low,close,volume) to Parquet.

    Usage:
      ohlcv-parquet [options] [FILE|-]
          Reads FILE (or stdin, '-', the default; a FIFO or <(…) too) and writes one Parquet file to -o FILE,
          or to stdout when that is not a terminal. (Text extracts: ohlcv-extract.)
      ohlcv-parquet --hive-root DIR --timeframe TF --symbol SERIES --input CSV [--side S] [options]
          Writes DIR/timeframe=TF/symbol=SYM/side=S/year=YYYY/part-0.parquet for every year in CSV, in one
          pass (months are written timeframe=1mo, 3mo, …, so that no two folders differ only by letter case),
          rewriting only the years whose source rows changed since the last run (state kept in
          DIR/timeframe=TF/symbol=SYM/side=S/\(HiveSeriesState.fileName)), and removing years that no longer
          exist. SERIES is a series name: EUR-USD (the bid) or EUR-USD@ASK (the ask); readers get symbol and
          side as two columns. DIR/\(ParquetLayout.markerName) marks the layout (\(ParquetLayout.version)); a tree
          in the layout before sides (no side= level) is refused: make parquet migrates it.

    Columns: time INT64 TIMESTAMP(MILLIS, isAdjustedToUTC=false) (naive, in the CSV's own time base),
    open high low close volume DOUBLE, all REQUIRED; every number is the Double nearest to its CSV text.

    Options:
      -o, --output FILE       write FILE atomically (FILE.tmp, fsync, rename); on any error no file is left
      --compression C         none | snappy (default snappy)
      --after TIME            only rows at or after TIME (YYYY-MM-DD or 'YYYY-MM-DD HH:MM:SS')
      --until TIME            only rows before TIME; with --after the range is [after, until).
                              On a named regular file both are found by binary search, without reading
                              from the start; on stdin, a FIFO or <(…) the rows are filtered as they stream by.
      --row-group-rows N      rows per row group (default \(defaultRowGroupRows)); memory grows with it, not with the input
      --page-rows N           rows per data page (default \(defaultPageRows))
    \(DecimalsOption.help(column: 26, "decimal places of the CSV numbers (\(DecimalsOption.defaultAndRangeText)); more is an error"))
      --hive-root DIR         Hive mode (see above); needs --timeframe, --symbol and --input
      --timeframe TF          Hive mode: the timeframe (e.g. 1m, 1h, 1d), the timeframe=TF value
      --symbol SERIES         Hive mode: the series, file-name form (EUR-USD, EUR-USD@ASK); its symbol is the
                              symbol=SYM value, its side the side=S value
      --side S                Hive mode: BID or ASK (default BID, or the side SERIES names; the two must agree)
      --input CSV             Hive mode: the series' CSV file (a file, not stdin)
      --verbose               Hive mode: say on stderr how many year partitions were rewritten (on a terminal
                              this is said whenever any was; make parquet prints one line for the whole run)
      --help                  this text
      --version               print the version

    Binary Parquet is never written to a terminal: without -o, stdout must be a file or a pipe (exit 64).
    Bad input (bad header, a bad number, rows not strictly increasing in time, a candle whose open or
    close lies outside [low, high]) stops the run with exit status 65 and a message naming the file and line.
    """

    public static let defaultRowGroupRows = 1_048_576
    public static let defaultPageRows = 65_536
    public static let valuedOptions: Set<String> = [
        "output", "compression", "after", "until", "row-group-rows", "page-rows", "decimals",
        "hive-root", "timeframe", "symbol", "input", "side",
    ]
    public static let flagOptions: Set<String> = ["verbose"]

    /// `-o FILE` (or `-oFILE`) is `--output FILE`; every other option is long only.
    public static let shortOptions: [Character: String] = ["o": "output"]

    public struct Hive: Equatable {
        public var root: String
        public var timeframe: String
        public var symbol: String
        public var side: Side

        public init(root: String, timeframe: String, symbol: String, side: Side = .bid) {
            self.root = root
            self.timeframe = timeframe
            self.symbol = symbol
            self.side = side
        }

        /// The series name of behaviour §3.2: `EUR-USD` for the bid, `EUR-USD@ASK` for the ask.
        public var seriesName: String { side == .bid ? symbol : symbol + String(Series.sideMark) + side.rawValue }
    }

    /// What one run writes.
    public enum Mode: Equatable {
        /// One Parquet file of the rows of `input` (a path, or `-` for stdin) in [after, until) (epoch seconds in
        /// the file's time base; nil: open), to `output` atomically, or to stdout when nil.
        case file(input: String, output: String?, after: Int64?, until: Int64?)
        /// The year partitions of one series in a Hive tree, read from the series' CSV file `input`; `verbose`
        /// reports the partitions rewritten even when no one is watching.
        case hive(Hive, input: String, verbose: Bool)
    }

    public struct Options {
        public var mode: Mode
        public var decimals: Int
        public var writer: ParquetWriterOptions
    }

    public static func options(from raw: RawArguments) throws -> Options {
        var writer = ParquetWriterOptions()
        writer.createdBy = "ohlcv version \(ToolMain.version) (build unknown)"
        if let c = try raw.value("compression") {
            guard let codec = ParquetCompression(rawValue: c) else {
                throw OHLCVError(.usage("--compression must be none or snappy, not '\(c)'"))
            }
            writer.compression = codec
        }
        writer.rowGroupRows = try raw.int("row-group-rows", default: defaultRowGroupRows, range: 1...(1 << 24))
        writer.pageRows = try raw.int("page-rows", default: defaultPageRows, range: 1...(1 << 20))
        let decimals = try DecimalsOption(raw).value
        let after = try time(raw, "after")
        let until = try time(raw, "until")
        if let after, let until, until < after {
            throw OHLCVError(.usage("--until (\(TimestampText.string(until))) is before --after (\(TimestampText.string(after)))"))
        }
        let output = try raw.value("output")
        if output == "" { throw OHLCVError(.usage("--output needs a file name")) }
        if raw.positionals.count > 1 { throw OHLCVError(.usage("at most one input file, got \(raw.positionals.count)")) }
        let hiveValues = try ["hive-root", "timeframe", "symbol", "input"].map { try raw.value($0) }
        if hiveValues.contains(where: { $0 != nil }) {
            guard let root = hiveValues[0], let timeframe = hiveValues[1], let series = hiveValues[2],
                  let input = hiveValues[3] else {
                throw OHLCVError(.usage("Hive mode needs all of --hive-root, --timeframe, --symbol and --input"))
            }
            let hive = try hiveSeries(root: root, timeframe: timeframe, series: series, side: try raw.value("side"))
            if input == "-" { throw OHLCVError(.usage("Hive mode reads a file: --input cannot be '-'")) }
            if output != nil || !raw.positionals.isEmpty || after != nil || until != nil {
                throw OHLCVError(.usage("Hive mode takes no -o, FILE, --after or --until"))
            }
            return Options(mode: .hive(hive, input: input, verbose: raw.has("verbose")), decimals: decimals,
                           writer: writer)
        }
        if raw.has("verbose") { throw OHLCVError(.usage("--verbose goes with Hive mode (--hive-root)")) }
        if try raw.value("side") != nil { throw OHLCVError(.usage("--side goes with Hive mode (--hive-root)")) }
        return Options(mode: .file(input: raw.positionals.first ?? "-", output: output, after: after, until: until),
                       decimals: decimals, writer: writer)
    }

    /// Hive mode's series: the symbol and side that `--symbol SERIES` (EUR-USD, EUR-USD@ASK) and `--side` name
    /// (they must agree), and the timeframe's folder name. Throws `usage` for a bad side or partition value.
    static func hiveSeries(root: String, timeframe: String, series: String, side sideText: String?) throws -> Hive {
        var symbol = series
        var side: Side?
        if let mark = symbol.lastIndex(of: Series.sideMark) {
            let text = String(symbol[symbol.index(after: mark)...])
            guard let named = Side(parsing: text) else {
                throw OHLCVError(.usage("--symbol '\(series)': after '@' write BID or ASK, e.g. EUR-USD@ASK"))
            }
            side = named
            symbol = String(symbol[..<mark])
        }
        if let text = sideText {
            guard let given = Side(parsing: text) else { throw OHLCVError(.usage("--side must be BID or ASK, not '\(text)'")) }
            if let side, side != given {
                throw OHLCVError(.usage("--side \(given.rawValue) contradicts --symbol '\(series)'"))
            }
            side = given
        }
        for (flag, value) in [("timeframe", timeframe), ("symbol", symbol)]
        where value.isEmpty || value.contains("/") || value.contains("=") || value.hasPrefix(".") {
            throw OHLCVError(.usage("--\(flag) '\(value)' cannot be a partition value (empty, '/', '=' or leading '.')"))
        }
        // The folder name of a timeframe keeps 1mo (months) apart from 1m on disks that ignore case.
        let folder = (try? Timeframe(parsing: timeframe))?.caseSafeName ?? timeframe
        return Hive(root: root, timeframe: folder, symbol: symbol, side: side ?? .bid)
    }

    /// `YYYY-MM-DD` (midnight) or `YYYY-MM-DD HH:MM:SS`, as epoch seconds.
    static func time(_ raw: RawArguments, _ flag: String) throws -> Int64? {
        guard let text = try raw.value(flag) else { return nil }
        if let t = TimestampText.parseRangeBound(text) { return t }
        throw OHLCVError(.usage("--\(flag) must be YYYY-MM-DD or 'YYYY-MM-DD HH:MM:SS', not '\(text)'"))
    }

    public static func run(_ options: Options) throws {
        switch options.mode {
        case let .file(input, output, after, until):
            try CSVToParquet.writeOne(input: input, output: output, after: after, until: until,
                                      decimals: options.decimals, writer: options.writer)
        case let .hive(hive, input, verbose):
            try HiveSeriesWriter.write(hive, input: input, verbose: verbose, decimals: options.decimals,
                                       writer: options.writer)
        }
    }
}
