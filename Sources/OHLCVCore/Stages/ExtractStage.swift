/// `ohlcv-extract`: the candles of one series CSV (behaviour §3.1) in a time range, as text for other programs:
/// labelled CSV rows, or an MT4 history file; or the BID and ASK series of one symbol joined by time
/// (docs/extract.md).
public enum ExtractStage: Stage {
    public static let name = "extract"

    public static let usage = """
    ohlcv-extract: write the candles of one series CSV in [after, until) as labelled CSV rows or MT4 rows,
    or join a symbol's BID and ASK series CSVs by time.

    Usage:
      ohlcv-extract --timeframe TF [--symbol SYM] [options] [FILE|-]
          Reads FILE (or stdin, '-', the default): time,open,high,low,close,volume, every row validated.
          Writes the selected rows to stdout, or to -o FILE. Rows are copied exactly: numbers keep their text.
      ohlcv-extract --format bidask --ask ASKFILE --symbol SYM --timeframe TF [options] BIDFILE
          Merges the two series (both sorted by time, both read once, in constant memory) and writes one row
          per time present on both sides. A candle of one side whose time the other lacks is counted, and
          the counts are reported on stderr, never silently dropped.

    Formats (--format):
      csv   SYM,TF,YYYY-MM-DD HH:MM:SS,open,high,low,close,volume    (--header adds the header line)
      mt4   YYYY.MM.DD,HH:MM:SS,open,high,low,close,volume            (no header; MetaTrader's history import)
            A 1W candle (Monday 00:00 in our files) is labelled with the Sunday before, as MetaTrader labels
            weeks: 2023-01-30 is written 2023.01.29. Only the label changes, never a value.
      bidask  SYM,TF,time,bid_open,bid_high,bid_low,bid_close,ask_open,ask_high,ask_low,ask_close,
              bid_volume,ask_volume,spread_open,spread_close
              Bid and ask numbers keep their text; spread_open = ask_open − bid_open and spread_close =
              ask_close − bid_close, exact, written as the CSVs write numbers (so 0.00002 is 2e-05).

    Options:
      --format F              csv | mt4 | bidask (default csv)
      --symbol SYM            the symbol that labels csv and bidask rows (needed for both), e.g. EUR-USD
      --ask FILE              bidask: the ASK series CSV (the positional FILE is the BID one)
      --counts FILE           bidask: write 'joined bid_only ask_only' (three whole numbers) to FILE
      --timeframe TF          the series' timeframe (needed): labels csv rows; 1W gets mt4's Sunday label
      --after TIME            only candles at or after TIME (YYYY-MM-DD or 'YYYY-MM-DD HH:MM:SS')
      --until TIME            only candles before TIME; the range is [after, until) and must not be empty.
                              On a named regular file both are found by binary search, without reading the
                              rest; on stdin, a FIFO or <(…) the rows are filtered as they stream by
      --skip-open             leave out FILE's last candle (the one that may still be open); bidask: the
                              last candle of each file
      --header                csv: start with 'symbol,timeframe,time,open,high,low,close,volume';
                              bidask: with the bidask header
      --mt4-time T            mt4: hh:mm:ss (default) or hh:mm; hh:mm refuses a candle whose seconds are not 0
    \(DecimalsOption.help(column: 26, "decimal places of the CSV numbers (\(DecimalsOption.defaultAndRangeText)); more is an error"))
      -o, --output FILE       write FILE atomically (FILE.tmp, fsync, rename); on any error FILE is untouched
      --help                  this text
      --version               print the version

    No candle in the range is not an error: the output is empty (with --header, the header alone).
    Bad input (bad header, a bad number, rows not strictly increasing in time, a candle whose open or close
    lies outside [low, high], an mt4 1W candle not on a Monday) stops the run with exit status 65 and a
    message naming the file and line.
    """

    public static let valuedOptions: Set<String> = [
        "format", "symbol", "timeframe", "after", "until", "mt4-time", DecimalsOption.name, "output", "ask", "counts",
    ]
    public static let flagOptions: Set<String> = ["skip-open", "header"]

    /// `-o FILE` (or `-oFILE`) is `--output FILE`, as in ohlcv-parquet; every other option is long only.
    public static let shortOptions: [Character: String] = ["o": "output"]

    public struct Options: Equatable {
        /// A path, or "-" for stdin.
        public var input: String
        public var output: String?
        public var format: ExtractFormat
        /// Labels csv rows; nil only for mt4.
        public var symbol: String?
        public var timeframe: Timeframe
        public var decimals: Int
        public var selection: ExtractSelection
        public var header: Bool
        public var mt4Time: MT4TimeStyle
        /// bidask: the ASK series (`input` is the BID one).
        public var ask: String? = nil
        /// bidask: where the counts go, besides stderr.
        public var counts: String? = nil
    }

    public static func options(from raw: RawArguments) throws -> Options {
        let formatText = try raw.value("format") ?? ExtractFormat.csv.rawValue
        guard let format = ExtractFormat(rawValue: formatText) else {
            throw OHLCVError(.usage("--format must be csv, mt4 or bidask, not '\(formatText)'"))
        }
        guard let timeframeText = try raw.value("timeframe") else {
            throw OHLCVError(.usage("--timeframe is needed: it labels csv rows and tells mt4 a weekly series"))
        }
        let timeframe: Timeframe
        do { timeframe = try Timeframe(parsing: timeframeText) } catch let e as OHLCVError { throw OHLCVError(.usage(e.message)) }
        let symbol = try raw.value("symbol")
        if let symbol, symbol.isEmpty || symbol.contains(",") || symbol.contains("\n") {
            throw OHLCVError(.usage("--symbol '\(symbol)' cannot be a CSV field (empty, a comma or a newline)"))
        }
        if format != .mt4 && symbol == nil { throw OHLCVError(.usage("--format \(format) needs --symbol: it labels every row")) }
        if format == .mt4 && raw.has("header") { throw OHLCVError(.usage("--header is for --format csv: MT4 files have no header")) }
        var mt4Time = MT4TimeStyle.hhmmss
        if let text = try raw.value("mt4-time") {
            guard format == .mt4 else { throw OHLCVError(.usage("--mt4-time is for --format mt4")) }
            guard let style = MT4TimeStyle(rawValue: text) else {
                throw OHLCVError(.usage("--mt4-time must be hh:mm:ss or hh:mm, not '\(text)'"))
            }
            mt4Time = style
        }
        let decimals = try DecimalsOption(raw).value
        let after = try time(raw, "after")
        let until = try time(raw, "until")
        if let after, let until, until <= after {
            throw OHLCVError(.usage("--until (\(TimestampText.string(until))) must be later than --after (\(TimestampText.string(after))): the range is [after, until)"))
        }
        let output = try raw.value("output")
        if output == "" { throw OHLCVError(.usage("--output needs a file name")) }
        if raw.positionals.count > 1 { throw OHLCVError(.usage("one series at a time: at most one input file, got \(raw.positionals.count)")) }
        let ask = try raw.value("ask")
        let counts = try raw.value("counts")
        if format == .bidask {
            guard let ask, !ask.isEmpty else { throw OHLCVError(.usage("--format bidask needs --ask FILE, the ASK series (FILE is the BID one)")) }
            if ask == "-" && (raw.positionals.first ?? "-") == "-" {
                throw OHLCVError(.usage("the BID and the ASK series cannot both be stdin: name at least one file"))
            }
            if counts == "" { throw OHLCVError(.usage("--counts needs a file name")) }
        } else {
            if ask != nil { throw OHLCVError(.usage("--ask is for --format bidask")) }
            if counts != nil { throw OHLCVError(.usage("--counts is for --format bidask")) }
        }
        var options = Options(input: raw.positionals.first ?? "-", output: output, format: format, symbol: symbol,
                       timeframe: timeframe, decimals: decimals,
                       selection: ExtractSelection(after: after, until: until, skipOpen: raw.has("skip-open")),
                       header: raw.has("header"), mt4Time: mt4Time)
        options.ask = ask
        options.counts = counts
        return options
    }

    static func time(_ raw: RawArguments, _ flag: String) throws -> Int64? {
        guard let text = try raw.value(flag) else { return nil }
        if let t = TimestampText.parseRangeBound(text) { return t }
        throw OHLCVError(.usage("--\(flag) must be YYYY-MM-DD or 'YYYY-MM-DD HH:MM:SS', not '\(text)'"))
    }

    public static func run(_ o: Options) throws {
        if o.format == .bidask { return try runJoin(o) }
        let display = InputSource.displayName(o.input)
        let fd = try withErrorContext(file: display) { try InputSource.open(o.input) }
        defer { if o.input != "-" { fd.close() } }
        let body = { (out: OutputBuffer) throws in
            if o.header { try out.write(ExtractFormat.csvHeader) }
            try withErrorContext(file: display) { try copyRows(o, fd, to: out) }
        }
        try AtomicFile.writeOutput(to: o.output, body)
    }

    /// bidask: opens both series, joins them into the output (atomically with -o), then reports the candles of one
    /// side only on stderr and, with --counts, in a file.
    static func runJoin(_ o: Options) throws {
        let ask = o.ask!
        let bidFD = try withErrorContext(file: InputSource.displayName(o.input)) { try InputSource.open(o.input) }
        defer { if o.input != "-" { bidFD.close() } }
        let askFD = try withErrorContext(file: InputSource.displayName(ask)) { try InputSource.open(ask) }
        defer { if ask != "-" { askFD.close() } }
        let join = BidAskJoin(symbol: o.symbol!, timeframe: o.timeframe, scale: o.decimals)
        var counts = BidAskJoin.Counts()
        let body = { (out: OutputBuffer) throws in
            if o.header { try out.write(Array(BidAskJoin.header.utf8)) }
            let bid = try ExtractCursor(path: o.input, fd: bidFD, selection: o.selection, scale: o.decimals)
            let askCursor = try ExtractCursor(path: ask, fd: askFD, selection: o.selection, scale: o.decimals)
            counts = try join.run(bid: bid, ask: askCursor, to: out)
        }
        try AtomicFile.writeOutput(to: o.output, body)
        if counts.bidOnly + counts.askOnly > 0 {
            ToolMain.printError("extract: \(o.symbol!) \(o.timeframe): \(oneSide(counts)) not in the joined extract "
                                + "(\(Terminal.grouped(counts.joined)) joined)\n")
        }
        if let path = o.counts {
            try AtomicFile.replace(path, with: Array("\(counts.joined) \(counts.bidOnly) \(counts.askOnly)\n".utf8))
        }
    }

    /// "3 candles on BID only and 1 on ASK only"
    static func oneSide(_ c: BidAskJoin.Counts) -> String {
        "\(plural(c.bidOnly, "candle")) on BID only and \(Terminal.grouped(c.askOnly)) on ASK only"
    }

    /// Reads the rows (validated by the reader) and writes those selected. On a seekable file only the
    /// byte range of `[after, until)` is read; otherwise rows stream by until the first one past `until`.
    /// With --skip-open each kept row is held back, already formatted, until the next one shows it is not
    /// the file's last.
    static func copyRows(_ o: Options, _ fd: FileDescriptor, to out: OutputBuffer) throws {
        var (reader, endIsFileEnd) = try ExtractCursor.reader(path: o.input, fd: fd, selection: o.selection, scale: o.decimals)
        let row = RowWriter(o)
        defer { row.deallocate() }
        var held = 0                                   // bytes of the formatted row held back, 0 if none
        rows: while let c = try reader.next() {
            switch o.selection.step(c.time) {
            case .skip: continue
            case .stop: endIsFileEnd = false; break rows
            case .keep:
                if !o.selection.skipOpen {
                    let p = try out.reserve(row.room(reader.rowBytes))
                    out.advance(by: try located(reader) { try row.format(reader.rowBytes, time: c.time, to: p) })
                    continue
                }
                if held > 0 { try out.write(UnsafeBufferPointer(start: row.scratch, count: held)) }
                held = try located(reader) { try row.format(reader.rowBytes, time: c.time, to: row.scratch) }
            }
        }
        if held > 0 && o.selection.keepsHeldRow(readToFileEnd: endIsFileEnd) {
            try out.write(UnsafeBufferPointer(start: row.scratch, count: held))
        }
    }

    /// Places a format error at the row just read: its line when the reader began at the header, else its
    /// byte offset.
    static func located<T>(_ reader: CandleCSVReader, _ body: () throws -> T) throws -> T {
        do { return try body() } catch var error as OHLCVError where error.line == nil && error.byteOffset == nil {
            if reader.knowsLineNumbers { error.line = reader.lines.lineNumber } else { error.byteOffset = reader.rowOffset }
            throw error
        }
    }

    /// Formats one row for the chosen format into a buffer with room for the longest row.
    final class RowWriter {
        let format: ExtractFormat
        let prefix: [UInt8]
        let mt4: MT4RowFormat
        /// Room for the longest row the reader accepts, its label and newline.
        let capacity: Int
        let scratch: UnsafeMutablePointer<UInt8>

        init(_ o: Options) {
            format = o.format
            prefix = Array("\(o.symbol ?? ""),\(o.timeframe.description),".utf8)
            mt4 = MT4RowFormat(timeStyle: o.mt4Time, timeframe: o.timeframe)
            capacity = LineReader.maximumLineLength + prefix.count + 1
            scratch = .allocate(capacity: capacity)
        }

        func deallocate() { scratch.deallocate() }

        /// The most bytes `format` writes for `row`: its label, the row and the newline.
        @inline(__always)
        func room(_ row: UnsafeBufferPointer<UInt8>) -> Int { prefix.count + row.count + 1 }

        @inline(__always)
        func format(_ row: UnsafeBufferPointer<UInt8>, time: Int64, to p: UnsafeMutablePointer<UInt8>) throws -> Int {
            switch format {
            case .mt4:
                return try mt4.write(row, time: time, to: p)
            case .csv, .bidask:
                prefix.withUnsafeBufferPointer { p.update(from: $0.baseAddress!, count: $0.count) }
                (p + prefix.count).update(from: row.baseAddress!, count: row.count)
                p[prefix.count + row.count] = ASCII.newline
                return prefix.count + row.count + 1
            }
        }
    }
}
