import OHLCVParquet

/// `ohlcv-parquet`: our CSV (SPEC §3.1) in, Parquet (SPEC §9) out — one file, or the year partitions of
/// one series in a Hive tree, rewriting only the years whose source rows changed.
public enum ParquetStage: Stage {
    public static let name = "parquet"

    public static let usage = """
    ohlcv-parquet: convert an OHLCV CSV (time,open,high,low,close,volume) to Parquet.

    Usage:
      ohlcv-parquet [options] [FILE|-]
          Reads FILE (or stdin, '-', the default) and writes one Parquet file to stdout, or to -o FILE.
      ohlcv-parquet --hive-root DIR --timeframe TF --symbol SYM --input CSV [options]
          Writes DIR/timeframe=TF/symbol=SYM/year=YYYY/part-0.parquet for every year in CSV, in one pass,
          rewriting only the years whose source rows changed since the last run (state kept in
          DIR/timeframe=TF/symbol=SYM/\(HiveSeriesState.fileName)), and removing years that no longer exist.

    Columns: time INT64 TIMESTAMP(MILLIS, isAdjustedToUTC=false) (naive, in the CSV's own time base),
    open high low close volume DOUBLE, all REQUIRED; every number is the Double nearest to its CSV text.

    Options:
      -o, --output FILE       write FILE atomically (FILE.tmp, fsync, rename); on any error no file is left
      --compression C         none | snappy (default snappy)
      --after TIME            only rows at or after TIME (YYYY-MM-DD or 'YYYY-MM-DD HH:MM:SS')
      --until TIME            only rows before TIME; with --after the range is [after, until).
                              On a file both are found by binary search, without reading from the start;
                              on stdin the rows are filtered as they stream by.
      --row-group-rows N      rows per row group (default \(defaultRowGroupRows)); memory is bounded by one row group
      --page-rows N           rows per data page (default \(defaultPageRows))
      --decimals N            decimal places of the CSV numbers (default \(CandleCSVFormat.defaultDecimals), \(CandleCSVFormat.decimalsRange.lowerBound)...\(CandleCSVFormat.decimalsRange.upperBound)); more is an error
      --hive-root DIR         Hive mode (see above); needs --timeframe, --symbol and --input
      --timeframe TF          Hive mode: the timeframe=TF partition value (e.g. 1m, 1h, 1d)
      --symbol SYM            Hive mode: the symbol=SYM partition value (file-name form, e.g. EUR-USD)
      --input CSV             Hive mode: the series' CSV file (a file, not stdin)
      --help                  this text
      --version               print the version

    Bad input (bad header, a bad number, rows not strictly increasing in time, high < low) stops the
    run with exit status 65 and a message naming the file and line.
    """

    public static let defaultRowGroupRows = 1_048_576
    public static let defaultPageRows = 65_536
    public static let valuedOptions: Set<String> = [
        "output", "compression", "after", "until", "row-group-rows", "page-rows", "decimals",
        "hive-root", "timeframe", "symbol", "input",
    ]
    public static let flagOptions: Set<String> = []

    /// `-o FILE` is the one short option; everything else is long (RawArguments' convention).
    public static func expandingShortOptions(_ arguments: [String]) -> [String] {
        var out: [String] = []
        var afterDoubleDash = false
        for (i, word) in arguments.enumerated() {
            if word == "--" { afterDoubleDash = true }
            if i > 0 && !afterDoubleDash && word == "-o" { out.append("--output"); continue }
            if i > 0 && !afterDoubleDash && word.hasPrefix("-o") && !word.hasPrefix("--") && word.count > 2 {
                out.append("--output"); out.append(String(word.dropFirst(2))); continue
            }
            out.append(word)
        }
        return out
    }

    public struct Hive: Equatable {
        public var root: String
        public var timeframe: String
        public var symbol: String
    }

    public struct Options {
        public var input: String
        public var output: String?
        public var decimals: Int
        /// Epoch seconds in the file's time base.
        public var after: Int64?
        public var until: Int64?
        public var hive: Hive?
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
        let decimals = try raw.int("decimals", default: CandleCSVFormat.defaultDecimals,
                                   range: CandleCSVFormat.decimalsRange)
        let after = try time(raw, "after")
        let until = try time(raw, "until")
        if let after, let until, until < after {
            throw OHLCVError(.usage("--until (\(TimestampText.string(until))) is before --after (\(TimestampText.string(after)))"))
        }
        let output = try raw.value("output")
        if output == "" { throw OHLCVError(.usage("--output needs a file name")) }
        if raw.positionals.count > 1 { throw OHLCVError(.usage("at most one input file, got \(raw.positionals.count)")) }
        var hive: Hive?
        let hiveValues = try ["hive-root", "timeframe", "symbol", "input"].map { try raw.value($0) }
        if hiveValues.contains(where: { $0 != nil }) {
            guard let root = hiveValues[0], let timeframe = hiveValues[1], let symbol = hiveValues[2],
                  let input = hiveValues[3] else {
                throw OHLCVError(.usage("Hive mode needs all of --hive-root, --timeframe, --symbol and --input"))
            }
            for (flag, value) in [("timeframe", timeframe), ("symbol", symbol)]
            where value.isEmpty || value.contains("/") || value.contains("=") || value.hasPrefix(".") {
                throw OHLCVError(.usage("--\(flag) '\(value)' cannot be a partition value (empty, '/', '=' or leading '.')"))
            }
            if input == "-" { throw OHLCVError(.usage("Hive mode reads a file: --input cannot be '-'")) }
            if output != nil || !raw.positionals.isEmpty || after != nil || until != nil {
                throw OHLCVError(.usage("Hive mode takes no -o, FILE, --after or --until"))
            }
            hive = Hive(root: root, timeframe: timeframe, symbol: symbol)
            return Options(input: input, output: nil, decimals: decimals, after: nil, until: nil, hive: hive,
                           writer: writer)
        }
        return Options(input: raw.positionals.first ?? "-", output: output, decimals: decimals, after: after,
                       until: until, hive: nil, writer: writer)
    }

    /// `YYYY-MM-DD` (midnight) or `YYYY-MM-DD HH:MM:SS`, as epoch seconds.
    static func time(_ raw: RawArguments, _ flag: String) throws -> Int64? {
        guard let text = try raw.value(flag) else { return nil }
        if let t = TimestampText.parse(text) { return t }
        if text.count == 10, let date = CivilDate(parsing: text) { return date.daysSinceEpoch * 86_400 }
        throw OHLCVError(.usage("--\(flag) must be YYYY-MM-DD or 'YYYY-MM-DD HH:MM:SS', not '\(text)'"))
    }

    public static func run(_ options: Options) throws {
        if let hive = options.hive {
            try writeHive(options, hive)
        } else {
            try writeOne(options)
        }
    }

    // MARK: one file

    static func writeOne(_ o: Options) throws {
        let display = InputSource.displayName(o.input)
        let fd = try withErrorContext(file: display) { try InputSource.open(o.input) }
        defer { if o.input != "-" { fd.close() } }
        let reader = try withErrorContext(file: display) {
            try openReader(fd, isFile: o.input != "-", scale: o.decimals, after: o.after, until: o.until)
        }
        let range = (o.after ?? .min)..<(o.until ?? .max)
        if let output = o.output {
            try AtomicFile.removeStaleTemporary(for: output)
            try withErrorContext(file: output) {
                try AtomicFile.replace(output) { out in
                    _ = try convert(reader, display: display, range: range, strict: false, options: o.writer, to: out)
                }
            }
        } else {
            let out = OutputBuffer(fd: .standardOutput, capacity: 1 << 20)
            _ = try convert(reader, display: display, range: range, strict: false, options: o.writer, to: out)
            try out.flush()
        }
    }

    /// A reader positioned at the first row of `[after, until)` when the input is a file (binary search),
    /// or at the first row of the stream.
    static func openReader(_ fd: FileDescriptor, isFile: Bool, scale: Int, after: Int64?, until: Int64?) throws
        -> CandleCSVReader {
        guard isFile, after != nil || until != nil else { return try headerCheckedReader(fd, scale: scale) }
        let size = try fd.size()
        try checkHeader(fd, size: size, scale: scale)
        let lower = CandleCSVFormat.headerLength
        let start = try after.map { try CandleCSVSeek.firstRow(atOrAfter: $0, in: fd, lower: lower, upper: size) } ?? lower
        let end = try until.map { try CandleCSVSeek.firstRow(atOrAfter: $0, in: fd, lower: start, upper: size) }
        // From the first row, read from offset 0 so that errors can name line numbers.
        return try CandleCSVReader(fd: fd, scale: scale, startOffset: start == lower ? 0 : start, limit: end)
    }

    static func headerCheckedReader(_ fd: FileDescriptor, scale: Int, limit: Int64? = nil) throws -> CandleCSVReader {
        let reader = try CandleCSVReader(fd: fd, scale: scale, startOffset: 0, limit: limit)
        if reader.lines.lineNumber == 0 {
            throw OHLCVError(.badCSV("empty input: expected the header line '\(CandleCSVFormat.header.dropLast())'"), line: 1)
        }
        return reader
    }

    /// Checks the header with one pread; a bad one is reported by the reader, which names what it found.
    static func checkHeader(_ fd: FileDescriptor, size: Int64, scale: Int) throws {
        var bytes = [UInt8](repeating: 0, count: CandleCSVFormat.headerBytes.count)
        let n = try bytes.withUnsafeMutableBytes { try fd.read(into: $0.baseAddress!, count: $0.count, at: 0) }
        if n != bytes.count || bytes != CandleCSVFormat.headerBytes {
            _ = try headerCheckedReader(fd, scale: scale, limit: min(size, 4096))
            throw OHLCVError(.badCSV("the header line is not terminated"), line: 1)
        }
    }

    /// Streams the reader's rows in `range` into a Parquet file written to `out`; returns the row count.
    /// `strict`: a row outside `range` is an error (Hive partitions) instead of being skipped.
    static func convert(_ reader: CandleCSVReader, display: String, range: Range<Int64>, strict: Bool,
                        options: ParquetWriterOptions, to out: OutputBuffer) throws -> Int64 {
        let writer = try ParquetFileWriter(options: options) { bytes in
            try out.write(bytes.bindMemory(to: UInt8.self))
        }
        let decimal = ScaledDecimal(scale: reader.scale)
        while true {
            let row: Candle?
            do {
                row = try reader.next()
            } catch var error as OHLCVError {
                if error.file == nil { error.file = display }
                throw error
            }
            guard let c = row else { break }
            if !range.contains(c.time) {
                if strict {
                    throw OHLCVError(.badCSV("row at \(TimestampText.string(c.time)) lies outside its year partition [\(TimestampText.string(range.lowerBound)), \(TimestampText.string(range.upperBound))): the file is not sorted by time"),
                                     file: display, byteOffset: reader.rowOffset)
                }
                if c.time >= range.upperBound { break }
                continue
            }
            try writer.append(timeMillis: c.time &* 1000, open: decimal.double(c.open), high: decimal.double(c.high),
                              low: decimal.double(c.low), close: decimal.double(c.close),
                              volume: decimal.double(c.volume))
        }
        try writer.finish()
        return writer.rowCount
    }

    // MARK: Hive tree

    static func settingsFingerprint(_ o: Options) -> String {
        "decimals=\(o.decimals),compression=\(o.writer.compression.rawValue),row-group-rows=\(o.writer.rowGroupRows)"
            + ",page-rows=\(o.writer.pageRows),writer=\(ToolMain.version)"
    }

    struct YearRange {
        var year: Int
        var start: Int64
        var end: Int64
    }

    static func writeHive(_ o: Options, _ hive: Hive) throws {
        let series = HiveSeriesState.seriesDirectory(root: hive.root, timeframe: hive.timeframe, symbol: hive.symbol)
        let statePath = series + "/" + HiveSeriesState.fileName
        let settings = settingsFingerprint(o)
        var previous: HiveSeriesState?
        if FileSystem.exists(statePath) {
            let text = String(decoding: try FileSystem.readAll(statePath), as: UTF8.self)
            do {
                previous = try HiveSeriesState(parsing: text)
            } catch let malformed as HiveSeriesState.Malformed {
                throw OHLCVError(.corruptIndex("\(malformed.reason); delete it to rewrite every partition of this series"),
                                 file: statePath)
            }
            if previous?.settings != settings { previous = nil }        // other settings: rewrite every year
        }
        let fd = try FileDescriptor.open(o.input, .readOnly)
        defer { fd.close() }
        var partitions: [HiveSeriesState.Partition] = []
        var rewritten = 0
        var rowsWritten: Int64 = 0
        try withErrorContext(symbol: hive.symbol, file: o.input) {
            let size = try fd.size()
            try checkHeader(fd, size: size, scale: o.decimals)
            for r in try yearRanges(fd, size: size) {
                let hash = try hashRange(fd, r)
                let file = HiveSeriesState.partitionFile(seriesDirectory: series, year: r.year)
                if let p = previous?.partition(year: r.year), p.byteStart == r.start, p.byteEnd == r.end,
                   p.hash == hash, FileSystem.exists(file) {
                    partitions.append(p)
                    continue
                }
                let reader = try CandleCSVReader(fd: fd, scale: o.decimals,
                                                 startOffset: r.start == CandleCSVFormat.headerLength ? 0 : r.start,
                                                 limit: r.end)
                let bounds = yearStart(r.year)..<yearStart(r.year + 1)
                var rows: Int64 = 0
                try AtomicFile.removeStaleTemporary(for: file)
                try AtomicFile.replace(file) { out in
                    rows = try convert(reader, display: o.input, range: bounds, strict: true, options: o.writer, to: out)
                }
                partitions.append(.init(year: r.year, byteStart: r.start, byteEnd: r.end, rows: rows, hash: hash))
                rewritten += 1
                rowsWritten += rows
            }
        }
        let years = Set(partitions.map(\.year))
        for name in FileSystem.listDirectory(series) where name.hasPrefix("year=") {
            if let year = Int(name.dropFirst(5)), !years.contains(year) {
                try FileSystem.remove(HiveSeriesState.partitionFile(seriesDirectory: series, year: year))
            }
        }
        let state = HiveSeriesState(settings: settings, partitions: partitions)
        if state != previous {
            try FileSystem.makeDirectories(series)
            try AtomicFile.replace(statePath, with: Array(state.text.utf8))
        }
        ToolMain.printError("parquet: \(hive.symbol) \(hive.timeframe): \(rewritten) of \(partitions.count) year partitions rewritten (\(rowsWritten) rows)\n")
    }

    static func yearStart(_ year: Int) -> Int64 {
        CivilDate(year: year, month: 1, day: 1).daysSinceEpoch * 86_400
    }

    /// Byte ranges of each year's rows, found by binary search; years without rows are left out.
    static func yearRanges(_ fd: FileDescriptor, size: Int64) throws -> [YearRange] {
        let lower = CandleCSVFormat.headerLength
        guard size > lower else { return [] }
        var stamp = [UInt8](repeating: 0, count: TimestampText.length)
        let n = try stamp.withUnsafeMutableBytes { try fd.read(into: $0.baseAddress!, count: $0.count, at: lower) }
        guard n == stamp.count, let first = stamp.withUnsafeBufferPointer({ TimestampText.parse($0.baseAddress!) }),
              let last = try CandleCSVSeek.rowBefore(size, in: fd, lower: lower),
              last.bytes.count >= TimestampText.length,
              let lastTime = last.bytes.withUnsafeBufferPointer({ TimestampText.parse($0.baseAddress!) }) else {
            throw OHLCVError(.badCSV("the first or last row does not start with 'YYYY-MM-DD HH:MM:SS'"))
        }
        let firstYear = CivilDate(daysSinceEpoch: floorDays(first)).year
        let lastYear = CivilDate(daysSinceEpoch: floorDays(lastTime)).year
        guard firstYear <= lastYear else {
            throw OHLCVError(.badCSV("the last row (\(TimestampText.string(lastTime))) is earlier than the first (\(TimestampText.string(first)))"))
        }
        var ranges: [YearRange] = []
        var start = lower
        for year in firstYear...lastYear {
            let end = year == lastYear ? size
                : try CandleCSVSeek.firstRow(atOrAfter: yearStart(year + 1), in: fd, lower: start, upper: size)
            if end > start { ranges.append(YearRange(year: year, start: start, end: end)) }
            start = end
        }
        return ranges
    }

    static func floorDays(_ seconds: Int64) -> Int64 {
        seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    }

    static func hashRange(_ fd: FileDescriptor, _ r: YearRange) throws -> UInt64 {
        var hash = ContentHash()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var at = r.start
        while at < r.end {
            let want = Int(min(Int64(chunk.count), r.end - at))
            let n = try chunk.withUnsafeMutableBytes { try fd.read(into: $0.baseAddress!, count: want, at: at) }
            if n <= 0 { throw OHLCVError(.badCSV("file shrank while being read"), byteOffset: at) }
            chunk.withUnsafeBytes { hash.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            at += Int64(n)
        }
        return hash.value
    }
}
