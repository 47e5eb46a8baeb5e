/// ohlcv-aggregate: day CSVs → one 1-minute file per symbol, with its index (behaviour §3.2, §6).
public enum AggregateStage: Stage {
    public static let name = "aggregate"
    public static let usage = """
    Usage: ohlcv-aggregate [options] [FILE...|-]
           ohlcv-aggregate --symbol SYM --output FILE --transform-dir DIR [--temp-dir DIR] [--changed-from LIST]

    Joins day CSVs, in date order, into one 1-minute CSV, checking that times strictly increase across day
    boundaries and that every row is well-formed.

    Filter mode (no --output): concatenates FILEs (or stdin) to stdout, with one header.
    File mode (--output): appends to FILE and keeps FILE's index in index/SYM.idx beside it. The days to
    (re)do are those listed in LIST (paths named SYM_YYYYMMDD.json or .csv, one per line, in any order:
    what make saw change). The file is rewound to the earliest of them (or to the last day it appended,
    whichever is earlier) and every day from there on is appended again from DIR/YYYY/MM/SYM_YYYYMMDD.csv,
    then from --temp-dir's SYM_YYYYMMDD.csv for days not yet final. Without an index, the whole file is built.

    Options:
      --symbol SYM          the symbol (file-name form, e.g. EUR-USD)
      --output FILE         file mode: the aggregate CSV (e.g. data/aggregate/1m/EUR-USD.csv)
      --transform-dir DIR   file mode: root of the day CSV tree (e.g. data/transform/1m)
      --temp-dir DIR        file mode: directory of today's growing day (e.g. data/temp)
      --changed-from LIST   file mode: the changed day files, one path per line ('-' for stdin)
    \(DecimalsOption.help(column: 24, "decimal places of the files (\(DecimalsOption.defaultText))"))
    \(alignmentHelp)
      --help, --version
    """
    public static let valuedOptions: Set<String> = ["symbol", "output", "transform-dir", "temp-dir", "changed-from",
                                                     DecimalsOption.name, AlignmentOption.name]
    public static let flagOptions: Set<String> = []
    static let alignmentHelp = AlignmentOption.help(
        column: 24, "\(AlignmentOption.valuesText): must match how the days were transformed",
        "(default utc); recorded in the index and checked on every run")

    public enum Mode {
        /// Concatenates the files ("-" for stdin) to stdout, with one header; `symbol` only names errors.
        case filter(inputs: [String], symbol: String?)
        /// Rewinds the symbol's file to the earliest changed day and appends from there.
        case file(AggregateUpdate)
    }

    public struct Options {
        public var mode: Mode
        public var decimals = CandleCSVFormat.defaultDecimals
        public var alignment = TimeAlignment.utc
    }

    public static func options(from raw: RawArguments) throws -> Options {
        let symbol = try raw.value("symbol")
        let output = try raw.value("output")
        let transformDirectory = try raw.value("transform-dir")
        let tempDirectory = try raw.value("temp-dir")
        var o = Options(mode: .filter(inputs: raw.positionals, symbol: symbol))
        o.decimals = try DecimalsOption(raw).value
        o.alignment = try AlignmentOption(raw).value ?? .utc
        if let output {
            guard let symbol, let transformDirectory else {
                throw OHLCVError(.usage("--output needs --symbol and --transform-dir"))
            }
            if !raw.positionals.isEmpty { throw OHLCVError(.usage("file mode takes no FILE arguments; list changed days with --changed-from")) }
            var changed: [String] = []
            if let list = try raw.value("changed-from") {
                let bytes = try withErrorContext(file: list) { try InputSource.open(list).readToEnd() }
                changed = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init).filter { !$0.isEmpty }
            }
            o.mode = .file(AggregateUpdate(symbol: symbol, output: output, transformDirectory: transformDirectory,
                                           tempDirectory: tempDirectory, changed: changed, decimals: o.decimals,
                                           alignment: o.alignment))
        } else if raw.positionals.isEmpty {
            o.mode = .filter(inputs: ["-"], symbol: symbol)
        }
        return o
    }

    public static func run(_ o: Options) throws {
        switch o.mode {
        case let .filter(inputs, symbol): try concatenate(inputs, symbol: symbol, decimals: o.decimals)
        case .file(let update): try update.run()
        }
    }

    /// Filter mode.
    static func concatenate(_ inputs: [String], symbol: String?, decimals: Int) throws {
        let out = OutputBuffer(fd: .standardOutput)
        let writer = CandleCSVWriter(out: out, scale: decimals)
        try writer.writeHeader()
        var previous: Int64?
        for input in inputs {
            try withErrorContext(symbol: symbol, file: InputSource.displayName(input)) {
                let fd = try InputSource.open(input)
                defer { if input != "-" { fd.close() } }
                let reader = try CandleCSVReader(fd: fd, scale: decimals)
                reader.previousTime = previous
                while let c = try reader.next() { try writer.write(c) }
                previous = reader.previousTime
            }
        }
        try out.flush()
    }
}
