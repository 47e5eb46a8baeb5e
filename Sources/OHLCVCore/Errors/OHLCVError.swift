/// The one error type of the suite. The innermost code throws a `Kind` with what it knows;
/// outer layers fill in stage, symbol, file and line on the way out (see `withErrorContext`).
public struct OHLCVError: Error, Equatable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        case usage(String)
        /// A word given as a symbol is not one (a usage error; a symbols file's line is `.configuration`).
        case badSymbol(SymbolProblem)
        case malformedJSON(JSONProblem)
        case arrayLengthMismatch(field: String, count: Int, expected: Int)
        case badNumber(field: String, text: String)
        case highBelowLow(time: String)
        /// Open or close outside [low, high]; the values as the file's decimal text.
        case candleNotWhole(time: String, open: String, high: String, low: String, close: String)
        case outOfOrder(previous: String, current: String)
        /// A payload row whose UTC `time` (epoch seconds) is not on `day`, the day its file is named for.
        case wrongDay(row: Int, time: Int64, day: CivilDate)
        case badCSV(CSVProblem)
        case overflow(OverflowProblem)
        /// `value` (exact decimal text, or a bound such as "more than 1.7e26") of `what` cannot be held at
        /// `decimals`; `fitsAt` is the most decimals that would hold it, nil if no supported setting does.
        case exceedsDecimalsLimit(quantity: DecimalsLimit.Quantity, what: String, value: String, decimals: Int, fitsAt: Int?)
        /// The files were built under other settings than the run's. `configured` and `onDisk` are the stage's
        /// whole settings text (`stage=aggregate decimals=8 align=utc`); `setting` names the first of its
        /// settings whose value differs (`align`, `decimals`), or is the whole text's name when none does.
        case settingsMismatch(setting: String, configured: String, onDisk: String)
        case configuration(ConfigurationProblem)
        /// A make setting whose value cannot be used. `origin` says where the value came from when it is not a
        /// file line (the file and line then go in `file`/`line`): "the command line", "the environment".
        case badSetting(name: String, value: String, problem: String, origin: String? = nil)
        /// Two lines of the symbols file name one instrument (`code`), in the spellings given.
        case duplicateInstrument(code: String, first: String, firstLine: Int, second: String, secondLine: Int)
        /// The alignment repeats an hour of server time on `day` (a 24/7 instrument when New York falls back):
        /// a limit of the setting, not bad data.
        case alignmentRepeatsHour(day: String, alignment: String, setting: String, repeated: String)
        case corruptIndex(IndexProblem)
        case noInput(path: String)
        /// A symbol's first build found no payload of it in the cache `directory`.
        case nothingCached(directory: String)
        case http(ServerProblem)
        case io(operation: String, errno: Int32)
        case retriesExhausted(RetriesExhausted)
        /// Filter mode asked for a `day` of `series` (BID: its code; ASK: `CODE ASK`) that the server has not
        /// published yet.
        case notPublishedYet(series: String, day: CivilDate)
        /// `make verify` found `hours` 1h and `days` 1d candles that differ from Dukascopy's own, in `cachedDays`
        /// cached days (listed on stdout).
        case verifyDiffers(hours: Int, days: Int, cachedDays: Int)
    }

    public var kind: Kind
    public var stage: String?
    public var symbol: String?
    public var file: String?
    /// 1-based line number in `file`, when the failing input is line-oriented.
    public var line: Int?
    /// Byte offset in `file`, used when a reader started mid-file and cannot know the line.
    public var byteOffset: Int64?

    public init(_ kind: Kind, file: String? = nil, line: Int? = nil, byteOffset: Int64? = nil) {
        self.kind = kind
        self.file = file
        self.line = line
        self.byteOffset = byteOffset
    }

    /// `ABORT! Critical error in transform: EUR-USD: cache/…json:1: arrays differ …`
    public var description: String {
        var location = ""
        if let symbol { location += "\(symbol): " }
        if let file {
            location += file
            if let line { location += ":\(line)" } else if let byteOffset { location += " (byte \(byteOffset))" }
            location += ": "
        }
        return "ABORT! Critical error in \(stage ?? "ohlcv"): \(location)\(message)"
    }
}

extension OHLCVError {
    /// A settings mismatch between two stage settings texts (`key=value` words), naming the first setting whose
    /// value differs; "settings" when the words are the same but the texts are not.
    public static func settingsMismatch(configured: String, onDisk: String) -> OHLCVError {
        let run = configured.split(separator: " "), disk = onDisk.split(separator: " ")
        let differing = run.first { !disk.contains($0) } ?? disk.first { !run.contains($0) }
        let setting = differing.map { String($0.prefix { $0 != "=" }) } ?? "settings"
        return OHLCVError(.settingsMismatch(setting: setting, configured: configured, onDisk: onDisk))
    }

    /// The same error with `symbol` filled in when it is still empty.
    public func with(symbol: String?) -> OHLCVError {
        var e = self
        if e.symbol == nil { e.symbol = symbol }
        return e
    }
}

/// Runs `body`, filling the context fields of any `OHLCVError` it throws that are still empty.
@inline(__always)
public func withErrorContext<T>(stage: String? = nil, symbol: String? = nil, file: String? = nil,
                                _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch var error as OHLCVError {
        if error.stage == nil { error.stage = stage }
        if error.symbol == nil { error.symbol = symbol }
        if error.file == nil { error.file = file }
        throw error
    }
}
