/// The one error type of the suite. The innermost code throws a `Kind` with what it knows;
/// outer layers fill in stage, symbol, file and line on the way out (see `withErrorContext`).
public struct OHLCVError: Error, Equatable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        case usage(String)
        case malformedJSON(String)
        case arrayLengthMismatch(field: String, count: Int, expected: Int)
        case badNumber(field: String, text: String)
        case highBelowLow(time: String)
        /// Open or close outside [low, high]; the values as the file's decimal text.
        case candleNotWhole(time: String, open: String, high: String, low: String, close: String)
        case outOfOrder(previous: String, current: String)
        case wrongDay(String)
        case badCSV(String)
        case overflow(String)
        /// `value` (exact decimal text, or a bound such as "more than 1.7e26") of `what` cannot be held at
        /// `decimals`; `fitsAt` is the most decimals that would hold it, nil if no supported setting does.
        case exceedsDecimalsLimit(quantity: DecimalsLimit.Quantity, what: String, value: String, decimals: Int, fitsAt: Int?)
        case alignmentMismatch(configured: String, onDisk: String)
        case configuration(String)
        /// A make setting whose value cannot be used. `origin` says where the value came from when it is not a
        /// file line (the file and line then go in `file`/`line`): "the command line", "the environment".
        case badSetting(name: String, value: String, problem: String, origin: String? = nil)
        /// Two lines of the symbols file name one instrument (`code`), in the spellings given.
        case duplicateInstrument(code: String, first: String, firstLine: Int, second: String, secondLine: Int)
        /// The alignment repeats an hour of server time on `day` (a 24/7 instrument when New York falls back):
        /// a limit of the setting, not bad data.
        case alignmentRepeatsHour(day: String, alignment: String, setting: String, repeated: String)
        case corruptIndex(String)
        case noInput(path: String)
        /// A symbol's first build found no payload of it in the cache `directory`.
        case nothingCached(directory: String)
        case http(String)
        case io(operation: String, errno: Int32)
        case retriesExhausted(String)
        case notPublishedYet(String)
        /// `make verify` found candles that differ from Dukascopy's own (the text says how many, and where the
        /// list is).
        case verifyDiffers(String)
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

    public var message: String {
        switch kind {
        case .usage(let text): return text
        case .malformedJSON(let text): return "malformed JSON: \(text)"
        case let .arrayLengthMismatch(field, count, expected):
            return "arrays differ in length: \(field) has \(count), times has \(expected)"
        case let .badNumber(field, text): return "bad number in \(field): '\(text)'"
        case .highBelowLow(let time): return "high is below low at \(time)"
        case let .candleNotWhole(time, open, high, low, close):
            return "candle at \(time) is not whole: open \(open) and close \(close) must lie within [low \(low), high \(high)]"
        case let .outOfOrder(previous, current):
            return "times do not strictly increase: \(current) follows \(previous)"
        case .badCSV(let text): return "bad CSV: \(text)"
        case .wrongDay(let text): return text
        case .overflow(let text): return "number out of range: \(text)"
        case let .exceedsDecimalsLimit(quantity, what, value, decimals, fitsAt):
            return DecimalsLimit.explain(quantity, what: what, value: value, decimals: decimals, fitsAt: fitsAt, symbol: symbol)
        case let .alignmentMismatch(configured, onDisk):
            // Settings are per symbol: a rebuild of the symbol rebuilds each of its series (EUR-USD@ASK too).
            let symbol = symbol.map(Series.symbolName)
            return "the files were built with '\(onDisk)' but the configuration now says '\(configured)'; "
                + "files built under two settings are never mixed: run `make rebuild-full SYMBOL=\(symbol ?? "<symbol>")`"
        case .configuration(let text): return "bad configuration: \(text)"
        case let .badSetting(name, value, problem, origin):
            return "bad setting \(name) = '\(value)'\(origin.map { " (from \($0))" } ?? ""): \(problem)"
        case let .duplicateInstrument(code, first, firstLine, second, secondLine):
            return "line \(secondLine) '\(second)' and line \(firstLine) '\(first)' name the same instrument, \(code); "
                + "keep one of the two lines"
        case let .alignmentRepeatsHour(day, alignment, setting, repeated):
            let symbol = symbol.map(Series.symbolName)
            let name = setting.replacing("<SYM>", with: symbol ?? "<SYM>")
            return "the \(alignment) alignment repeats the hour \(repeated) of server time on \(day) (New York's clocks go back, "
                + "and this instrument trades through it): a limit of the setting \(name), not bad data; "
                + "for an instrument that trades 24/7 choose utc or a fixed shift (ALIGNMENT_\(symbol ?? "<SYM>") = utc), "
                + "then run `make rebuild-full SYMBOL=\(symbol ?? "<symbol>")`"
        case .corruptIndex(let text): return "corrupt index: \(text)"
        case .noInput(let path): return "no such input: \(path)"
        case .nothingCached: return "no payload of this symbol is cached, so there is nothing to build; "
            + "`make all` downloads it (`make pipeline` never downloads); check the symbol's spelling in symbols.txt"
        case .http(let text): return text
        case let .io(operation, errno): return "\(operation) failed: \(String(cString: strerrorText(errno)))"
        case .retriesExhausted(let text): return text
        case .notPublishedYet(let text): return text
        case .verifyDiffers(let text): return text
        }
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
