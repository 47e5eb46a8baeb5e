import Dispatch
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
      --row-group-rows N      rows per row group (default \(defaultRowGroupRows)); memory is bounded by one row group
      --page-rows N           rows per data page (default \(defaultPageRows))
      --decimals N            decimal places of the CSV numbers (default \(CandleCSVFormat.defaultDecimals), \(CandleCSVFormat.decimalsRange.lowerBound)...\(CandleCSVFormat.decimalsRange.upperBound)); more is an error
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

    public struct Options {
        public var input: String
        public var output: String?
        public var decimals: Int
        /// Epoch seconds in the file's time base.
        public var after: Int64?
        public var until: Int64?
        public var hive: Hive?
        public var writer: ParquetWriterOptions
        /// Hive mode: report the partitions rewritten even when no one is watching.
        public var verbose = false
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
        let hiveValues = try ["hive-root", "timeframe", "symbol", "input"].map { try raw.value($0) }
        if hiveValues.contains(where: { $0 != nil }) {
            guard let root = hiveValues[0], let timeframe = hiveValues[1], let seriesText = hiveValues[2],
                  let input = hiveValues[3] else {
                throw OHLCVError(.usage("Hive mode needs all of --hive-root, --timeframe, --symbol and --input"))
            }
            var symbol = seriesText
            var side: Side?
            if let mark = symbol.lastIndex(of: Series.sideMark) {
                let text = String(symbol[symbol.index(after: mark)...])
                guard let named = Side(parsing: text) else {
                    throw OHLCVError(.usage("--symbol '\(seriesText)': after '@' write BID or ASK, e.g. EUR-USD@ASK"))
                }
                side = named
                symbol = String(symbol[..<mark])
            }
            if let text = try raw.value("side") {
                guard let given = Side(parsing: text) else { throw OHLCVError(.usage("--side must be BID or ASK, not '\(text)'")) }
                if let side, side != given {
                    throw OHLCVError(.usage("--side \(given.rawValue) contradicts --symbol '\(seriesText)'"))
                }
                side = given
            }
            for (flag, value) in [("timeframe", timeframe), ("symbol", symbol)]
            where value.isEmpty || value.contains("/") || value.contains("=") || value.hasPrefix(".") {
                throw OHLCVError(.usage("--\(flag) '\(value)' cannot be a partition value (empty, '/', '=' or leading '.')"))
            }
            if input == "-" { throw OHLCVError(.usage("Hive mode reads a file: --input cannot be '-'")) }
            if output != nil || !raw.positionals.isEmpty || after != nil || until != nil {
                throw OHLCVError(.usage("Hive mode takes no -o, FILE, --after or --until"))
            }
            // The folder name of a timeframe keeps 1mo (months) apart from 1m on disks that ignore case.
            let folder = (try? Timeframe(parsing: timeframe))?.caseSafeName ?? timeframe
            let hive = Hive(root: root, timeframe: folder, symbol: symbol, side: side ?? .bid)
            return Options(input: input, output: nil, decimals: decimals, after: nil, until: nil, hive: hive,
                           writer: writer, verbose: raw.has("verbose"))
        }
        if raw.has("verbose") { throw OHLCVError(.usage("--verbose goes with Hive mode (--hive-root)")) }
        if try raw.value("side") != nil { throw OHLCVError(.usage("--side goes with Hive mode (--hive-root)")) }
        return Options(input: raw.positionals.first ?? "-", output: output, decimals: decimals, after: after,
                       until: until, hive: nil, writer: writer)
    }

    /// `YYYY-MM-DD` (midnight) or `YYYY-MM-DD HH:MM:SS`, as epoch seconds.
    static func time(_ raw: RawArguments, _ flag: String) throws -> Int64? {
        guard let text = try raw.value(flag) else { return nil }
        if let t = TimestampText.parseRangeBound(text) { return t }
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
        if o.output == nil && FileDescriptor.standardOutput.isTerminal {
            throw OHLCVError(.usage("refusing to write binary Parquet to a terminal: use -o FILE or redirect stdout (> FILE or | …)"))
        }
        let display = InputSource.displayName(o.input)
        let fd = try withErrorContext(file: display) { try InputSource.open(o.input) }
        defer { if o.input != "-" { fd.close() } }
        let range = (o.after ?? .min)..<(o.until ?? .max)
        let body: (OutputBuffer) throws -> Void
        if InputSource.isSeekable(o.input, fd) {
            let bytes = try withErrorContext(file: display) { try CandleCSVSeek.rows(after: o.after, until: o.until, in: fd, scale: o.decimals) }
            body = { out in
                _ = try convertFile(o.input, bytes: bytes, range: range, strict: false, scale: o.decimals,
                                    options: o.writer, to: out)
            }
        } else {
            // A pipe cannot be searched or reopened: its rows stream by once, up to the first past --until.
            let reader = try withErrorContext(file: display) { try CandleCSVReader(fd: fd, scale: o.decimals) }
            body = { out in _ = try convert(reader, display: display, range: range, options: o.writer, to: out) }
        }
        if let output = o.output {
            try AtomicFile.removeStaleTemporary(for: output)
            try withErrorContext(file: output) { try AtomicFile.replace(output, body) }
        } else {
            let out = OutputBuffer(fd: .standardOutput, capacity: 1 << 20)
            try body(out)
            try out.flush()
        }
    }

    /// Streams a reader's rows (stdin, a FIFO, a pipe) into a Parquet file written to `out`, keeping the rows in `range`
    /// and stopping at the first row past it; returns the row count.
    static func convert(_ reader: CandleCSVReader, display: String, range: Range<Int64>,
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
            if c.time >= range.upperBound { break }
            if c.time < range.lowerBound { continue }
            try writer.append(timeMillis: c.time &* 1000, open: decimal.double(c.open), high: decimal.double(c.high),
                              low: decimal.double(c.low), close: decimal.double(c.close),
                              volume: decimal.double(wide: c.volume))
        }
        try writer.finish()
        return writer.rowCount
    }

    /// Converts the whole rows in `bytes` of a file, parsing in windows of `windowBytes`, each split at a
    /// row boundary into two parts (one when the input is under 1 MiB) that are parsed (and turned into
    /// Doubles) in parallel; rows go to the writer in file order. Memory: one window's rows plus one row group. Time order is checked
    /// inside each part by the reader and across parts here.
    static func convertFile(_ path: String, bytes: Range<Int64>, range: Range<Int64>, strict: Bool, scale: Int,
                            options: ParquetWriterOptions, to out: OutputBuffer,
                            windowBytes: Int64 = 16 << 20) throws -> Int64 {
        var options = options
        options.expectedRows = Int(bytes.count / 40)            // a typical row is 45–60 bytes
        let writer = try ParquetFileWriter(options: options) { bytes in
            try out.write(bytes.bindMemory(to: UInt8.self))
        }
        let parts = bytes.count > 1 << 20 ? 2 : 1
        let fds = try (0..<parts).map { _ in try FileDescriptor.open(path, .readOnly) }
        defer { fds.forEach { $0.close() } }
        // A part is at most a window plus the line that straddles its end.
        let partBytes = Int(min(windowBytes, Int64(bytes.count))) + LineReader.maximumLineLength
        let batches = (0..<parts).map { _ in RowBatch(capacity: partBytes / RowBatch.minimumRowBytes + 2) }
        var previousTime: Int64?
        var position = bytes.lowerBound
        do {
            while position < bytes.upperBound {
                let windowEnd = try rowBoundary(fds[0], atOrAfter: min(position + windowBytes, bytes.upperBound), upper: bytes.upperBound)
                var cuts = [position]
                for k in 1..<parts {
                    let want = position + (windowEnd - position) * Int64(k) / Int64(parts)
                    cuts.append(max(cuts[k - 1], try rowBoundary(fds[k], atOrAfter: want, upper: windowEnd)))
                }
                cuts.append(windowEnd)
                var failures = [Error?](repeating: nil, count: parts)
                failures.withUnsafeMutableBufferPointer { failed in
                    let slots = failed
                    DispatchQueue.concurrentPerform(iterations: parts) { k in
                        do {
                            try batches[k].fill(fds[k], from: cuts[k], to: cuts[k + 1], scale: scale,
                                                range: range, strict: strict)
                        } catch {
                            slots[k] = error
                        }
                    }
                }
                if let failure = failures.compactMap({ $0 }).first { throw failure }
                for batch in batches where batch.count > 0 {
                    if let previousTime, batch.firstTime <= previousTime {
                        throw OHLCVError(.outOfOrder(previous: TimestampText.string(previousTime),
                                                     current: TimestampText.string(batch.firstTime)),
                                         byteOffset: batch.firstOffset)
                    }
                    previousTime = batch.lastTime
                    try writer.append(count: batch.count, timeMillis: batch.times, open: batch.columns,
                                      high: batch.columns + batch.capacity, low: batch.columns + 2 * batch.capacity,
                                      close: batch.columns + 3 * batch.capacity, volume: batch.columns + 4 * batch.capacity)
                }
                position = windowEnd
            }
        } catch var error as OHLCVError {
            if error.file == nil { error.file = path }
            if error.line == nil, let offset = error.byteOffset, let line = try? lineNumber(path, at: offset) {
                error.line = line
                error.byteOffset = nil
            }
            throw error
        }
        try writer.finish()
        return writer.rowCount
    }

    /// The first row start at or after `offset` (a row starts just after a newline), at most `upper`.
    static func rowBoundary(_ fd: FileDescriptor, atOrAfter offset: Int64, upper: Int64) throws -> Int64 {
        if offset >= upper { return upper }
        var window = [UInt8](repeating: 0, count: 4096)
        var at = offset - 1
        while at < upper {
            let want = Int(min(Int64(window.count), upper - at))
            let n = try window.withUnsafeMutableBytes { try fd.read(into: $0.baseAddress!, count: want, at: at) }
            if n <= 0 { return upper }
            if let i = window[0..<n].firstIndex(of: ASCII.newline) { return at + Int64(i) + 1 }
            at += Int64(n)
        }
        return upper
    }

    /// 1-based number of the line starting at `offset` (error path only: counts newlines before it).
    static func lineNumber(_ path: String, at offset: Int64) throws -> Int {
        let fd = try FileDescriptor.open(path, .readOnly)
        defer { fd.close() }
        let lines = try LineReader(fd: fd, limit: offset)
        var count = 1
        while try lines.nextLine() != nil { count += 1 }
        return count
    }

    /// One part of a window: its rows column-wise, the numbers already Doubles.
    final class RowBatch {
        /// The shortest row the reader accepts: `YYYY-MM-DD HH:MM:SS,1,1,1,1,1\n`.
        static let minimumRowBytes = TimestampText.length + 2 * 5 + 1
        let capacity: Int
        let times: UnsafeMutablePointer<Int64>
        /// open, high, low, close, volume: `capacity` Doubles each.
        let columns: UnsafeMutablePointer<Double>
        var count = 0
        var firstTime: Int64 = 0
        var lastTime: Int64 = 0
        /// Offset of the first row kept, for errors.
        var firstOffset: Int64 = 0

        init(capacity: Int) {
            self.capacity = capacity
            times = LargeAllocation.allocate(Int64.self, capacity: capacity)
            columns = LargeAllocation.allocate(Double.self, capacity: capacity * 5)
        }

        deinit {
            times.deallocate()
            columns.deallocate()
        }

        func fill(_ fd: FileDescriptor, from start: Int64, to end: Int64, scale: Int, range: Range<Int64>,
                  strict: Bool) throws {
            count = 0
            guard start < end else { return }
            precondition(Int(end - start) / RowBatch.minimumRowBytes + 1 <= capacity, "row batch too small")
            let firstRow = start == CandleCSVFormat.headerLength
            let reader = try CandleCSVReader(fd: fd, scale: scale, startOffset: firstRow ? 0 : start, limit: end)
            do {
                try fillRows(reader, scale: scale, range: range, strict: strict)
            } catch var error as OHLCVError where !firstRow && error.line != nil {
                // A reader that began mid-file counts lines from its start: report the byte offset instead.
                error.line = nil
                error.byteOffset = reader.offset
                throw error
            }
        }

        private func fillRows(_ reader: CandleCSVReader, scale: Int, range: Range<Int64>, strict: Bool) throws {
            let decimal = ScaledDecimal(scale: scale)
            var n = 0
            var last: Int64 = 0
            defer { count = n; lastTime = last }
            while let c = try reader.next() {
                if !range.contains(c.time) {
                    if strict {
                        throw OHLCVError(.badCSV("row at \(TimestampText.string(c.time)) lies outside its partition [\(TimestampText.string(range.lowerBound)), \(TimestampText.string(range.upperBound))): the file is not sorted by time"),
                                         byteOffset: reader.rowOffset)
                    }
                    continue
                }
                let i = n
                if i == 0 { firstTime = c.time; firstOffset = reader.rowOffset }
                last = c.time
                times[i] = c.time &* 1000
                columns[i] = decimal.double(c.open)
                columns[capacity + i] = decimal.double(c.high)
                columns[2 * capacity + i] = decimal.double(c.low)
                columns[3 * capacity + i] = decimal.double(c.close)
                columns[4 * capacity + i] = decimal.double(wide: c.volume)
                n = i + 1
            }
        }
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
        try withErrorContext(symbol: hive.seriesName) { try ParquetLayout.prepareForWriting(root: hive.root) }
        let series = ParquetLayout.seriesDirectory(root: hive.root, timeframe: hive.timeframe, symbol: hive.symbol,
                                                   side: hive.side)
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
        // Temp files are the remains of a killed run: never read, only removed.
        try AtomicFile.removeStaleTemporary(for: statePath)
        for name in FileSystem.listDirectory(series) where name.hasPrefix("year=") {
            if let year = Int(name.dropFirst(5)) {
                try AtomicFile.removeStaleTemporary(for: HiveSeriesState.partitionFile(seriesDirectory: series, year: year))
            }
        }
        let fd = try FileDescriptor.open(o.input, .readOnly)
        defer { fd.close() }
        var partitions: [HiveSeriesState.Partition] = []
        var rewritten = 0
        var rowsWritten: Int64 = 0
        try withErrorContext(symbol: hive.seriesName, file: o.input) {
            let size = try fd.size()
            try CandleCSVSeek.checkHeader(fd, size: size, scale: o.decimals)
            for r in try yearRanges(fd, size: size) {
                let hash = try hashRange(fd, r)
                let file = HiveSeriesState.partitionFile(seriesDirectory: series, year: r.year)
                if let p = previous?.partition(year: r.year), p.byteStart == r.start, p.byteEnd == r.end,
                   p.hash == hash, FileSystem.fileSize(file) == p.fileBytes {
                    partitions.append(p)
                    continue
                }
                let bounds = yearStart(r.year)..<yearStart(r.year + 1)
                var rows: Int64 = 0
                try AtomicFile.removeStaleTemporary(for: file)
                try AtomicFile.replace(file) { out in
                    rows = try convertFile(o.input, bytes: r.start..<r.end, range: bounds, strict: true,
                                           scale: o.decimals, options: o.writer, to: out)
                }
                partitions.append(.init(year: r.year, byteStart: r.start, byteEnd: r.end, rows: rows, hash: hash,
                                        fileBytes: FileSystem.fileSize(file) ?? 0))
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
        // make parquet runs one process per series and ends with one summary line of its own (ohlcv-config
        // --finish): a line per series only for a person watching, and only where something was rewritten.
        if o.verbose || (rewritten > 0 && Terminal.isInteractive) {
            ToolMain.printError("parquet: \(hive.seriesName) \(hive.timeframe): \(rewritten) of \(partitions.count) year partitions rewritten (\(rowsWritten) rows)\n")
        }
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
