/// ohlcv-transform: day payload (JSON) → the day's 1-minute CSV (behaviour §2, §3.1).
public enum TransformStage: Stage {
    public static let name = "transform"
    public static let usage = """
    Usage: ohlcv-transform [options] [FILE|-]
           ohlcv-transform --output-dir DIR [--temp-dir DIR] [--files-from LIST] [options] [FILE...]

    Decodes Dukascopy day payloads exactly (integer arithmetic, no floats) and writes 1-minute CSV:
      time,open,high,low,close,volume
    Rows with zero volume are dropped. Numbers are rounded half-even to --decimals places.

    Filter mode (no --output-dir): reads one payload from FILE or stdin ('-' or nothing) and writes CSV to stdout.
    Batch mode (--output-dir): transforms every FILE (and every path listed in LIST, one per line) in one
    process. A payload SYM_YYYYMMDD.json becomes DIR/YYYY/MM/SYM_YYYYMMDD.csv, except payloads inside
    --temp-dir (today's growing day), whose CSV is written beside them. Each output is written to a
    temporary file and renamed, so no reader ever sees half a file.

    Options:
    \(DecimalsOption.help(column: 23, "decimal places of every number (\(DecimalsOption.defaultAndRangeText))"))
      --time-shift-ms MS   add MS milliseconds to every time (default 0; 7200000 = GMT+2)
    \(AlignmentOption.help(column: 23, "utc, ny-close (New York + 7 h, DST-aware), or a shift in ms; overrides", "--time-shift-ms"))
      --symbol SYM         symbol named in error messages (default: taken from the file name)
      --output-dir DIR     batch mode: root of the per-day CSV tree
      --temp-dir DIR       batch mode: payloads in DIR get their CSV beside them
      --files-from LIST    batch mode: read input paths from LIST ('-' for stdin), one per line
      --first-run CACHE    batch mode: this is the symbol's first build, so no payload at all means that
                           nothing was downloaded into CACHE: stop (exit 66) rather than build empty files
      --help, --version
    """
    public static let valuedOptions: Set<String> = [DecimalsOption.name, "time-shift-ms", AlignmentOption.name, "symbol",
                                                     "output-dir", "temp-dir", "files-from", "first-run"]
    public static let flagOptions: Set<String> = []

    public struct Options {
        public var decimals = CandleCSVFormat.defaultDecimals
        public var alignment = TimeAlignment.utc
        public var symbol: String?
        public var outputDirectory: String?
        public var tempDirectory: String?
        public var inputs: [String] = []
        /// Set on a symbol's first build: the cache directory that should hold its payloads.
        public var firstRunCache: String?
    }

    public static func options(from raw: RawArguments) throws -> Options {
        var o = Options()
        o.decimals = try DecimalsOption(raw).value
        if let shift = try raw.value("time-shift-ms") { o.alignment = try TimeAlignment(parsing: shift) }
        if let a = try AlignmentOption(raw).value { o.alignment = a }
        o.symbol = try raw.value("symbol")
        o.outputDirectory = try raw.value("output-dir")
        o.tempDirectory = try raw.value("temp-dir")
        o.inputs = raw.positionals
        if let list = try raw.value("files-from") {
            guard o.outputDirectory != nil else { throw OHLCVError(.usage("--files-from needs --output-dir")) }
            let bytes = try withErrorContext(file: list) { try InputSource.open(list).readToEnd() }
            o.inputs += String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        }
        o.firstRunCache = try raw.value("first-run")
        if o.outputDirectory == nil {
            if o.firstRunCache != nil { throw OHLCVError(.usage("--first-run needs --output-dir")) }
            if o.inputs.count > 1 { throw OHLCVError(.usage("filter mode takes one input; use --output-dir for many")) }
            if o.inputs.isEmpty { o.inputs = ["-"] }
        }
        return o
    }

    public static func run(_ o: Options) throws {
        guard let outputDirectory = o.outputDirectory else {
            let input = o.inputs[0]
            var candles: [Candle] = []
            try decode(input, options: o, into: &candles)
            let out = OutputBuffer(fd: .standardOutput)
            let writer = CandleCSVWriter(out: out, scale: o.decimals)
            try writer.writeHeader()
            for c in candles { try writer.write(c) }
            try out.flush()
            return
        }
        if let cache = o.firstRunCache, o.inputs.isEmpty {
            throw OHLCVError(.nothingCached(directory: cache), file: cache).with(symbol: o.symbol)
        }
        if let symbol = o.symbol { try checkRecordedSettings(o, symbol: symbol, outputDirectory: outputDirectory) }
        let progress = Progress(stage: name)
        let subject = o.symbol ?? "day files"
        var rows = 0
        let batch = AtomicBatch(expectedCount: o.inputs.count)
        defer { batch.discard() }
        let buffer = PayloadBuffer()
        var candles: [Candle] = []
        for (n, input) in o.inputs.enumerated() {
            try decode(input, options: o, buffer: buffer, into: &candles)
            let target = try outputPath(for: input, outputDirectory: outputDirectory, tempDirectory: o.tempDirectory)
            try withErrorContext(symbol: o.symbol, file: target) {
                try batch.replace(target) { out in
                    let writer = CandleCSVWriter(out: out, scale: o.decimals)
                    try writer.writeHeader()
                    for c in candles { try writer.write(c) }
                }
            }
            rows += candles.count
            progress.update(subject, Int64(n + 1), of: Int64(o.inputs.count))
        }
        try withErrorContext(symbol: o.symbol, file: outputDirectory) { try batch.commit() }
        progress.finish("\(subject): \(plural(o.inputs.count, "day")), \(plural(rows, "row")) written")
    }

    /// The settings a symbol's day files were built with live in DIR/index/SYM.settings; a run with other
    /// settings is refused before it writes a byte, so that day files of two alignments never mix.
    static func checkRecordedSettings(_ o: Options, symbol: String, outputDirectory: String) throws {
        let path = "\(outputDirectory.trimmingTrailingSlash)/index/\(symbol).settings"
        let settings = "stage=transform decimals=\(o.decimals) align=\(o.alignment)\n"
        try withErrorContext(symbol: symbol, file: path) {
            if FileSystem.exists(path) {
                let recorded = String(decoding: try FileSystem.readAll(path), as: UTF8.self)
                if recorded != settings {
                    throw OHLCVError.settingsMismatch(configured: String(settings.dropLast()),
                                                      onDisk: recorded.split(separator: "\n").first.map(String.init) ?? "")
                }
            } else {
                try AtomicFile.replace(path, with: Array(settings.utf8))
            }
        }
    }

    /// The candles of payload `input` into `candles` (emptied first); `buffer` holds the payload's bytes.
    static func decode(_ input: String, options o: Options, buffer: PayloadBuffer = PayloadBuffer(),
                       into candles: inout [Candle]) throws {
        let symbol = o.symbol ?? DayFile(path: input)?.symbol
        try withErrorContext(symbol: symbol, file: InputSource.displayName(input)) {
            let fd = try InputSource.open(input)
            defer { if input != "-" { fd.close() } }
            let day = try JettaDayDecoder.decode(try buffer.read(fd))
            // In batch mode the file name says which UTC day the rows must lie in.
            let fileDay = o.outputDirectory != nil ? DayFile(path: input)?.date : nil
            try day.candles(alignment: o.alignment, scale: o.decimals, day: fileDay, into: &candles)
        }
    }

    /// Where batch mode writes the CSV of `input`.
    public static func outputPath(for input: String, outputDirectory: String, tempDirectory: String?) throws -> String {
        guard let day = DayFile(path: input) else {
            throw OHLCVError(.usage("'\(input)' is not named SYM_YYYYMMDD.json, so its output path is unknown"))
        }
        if let tempDirectory, FileSystem.directoryName(input) == tempDirectory
            || FileSystem.directoryName(input) == tempDirectory.trimmingTrailingSlash {
            return "\(tempDirectory.trimmingTrailingSlash)/\(day.fileName(extension: "csv"))"
        }
        return day.datedPath(root: outputDirectory.trimmingTrailingSlash, extension: "csv")
    }
}

/// One buffer for every payload of a run, grown to the largest day: reading each of 7,300 days into a fresh,
/// zeroed 64 KiB chunk and copying it into an Array cost a memset, a copy and malloc traffic per file.
final class PayloadBuffer {
    private var storage = UnsafeMutablePointer<UInt8>.allocate(capacity: 1 << 17)
    private var capacity = 1 << 17

    deinit { storage.deallocate() }

    /// The whole of `fd` up to EOF; valid until the next call.
    func read(_ fd: FileDescriptor) throws -> UnsafeBufferPointer<UInt8> {
        var count = 0
        while true {
            if count == capacity {
                let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
                bigger.update(from: storage, count: count)
                storage.deallocate()
                storage = bigger
                capacity *= 2
            }
            let n = try fd.read(into: storage + count, count: capacity - count)
            if n == 0 { return UnsafeBufferPointer(start: storage, count: count) }
            count += n
        }
    }
}

extension String {
    var trimmingTrailingSlash: String {
        var s = self
        while s.count > 1 && s.hasSuffix("/") { s.removeLast() }
        return s
    }
}
