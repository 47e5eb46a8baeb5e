/// The facts of the error kinds that have many shapes. Each case carries what the thrower knows (a row, a
/// field, the text found, what was expected); its words are written only by `OHLCVError.message`
/// (ErrorMessages.swift), so that a message is changed in one place and a test can match the facts.
/// Times are epoch seconds of the file's time (rendered `YYYY-MM-DD HH:MM:SS`); rows are 1-based.

/// What is wrong with a CSV file: a candle series, an extract's row, or the instrument catalogue.
public enum CSVProblem: Equatable, Sendable {
    /// The file has no bytes; `header` is the one it must start with.
    case emptyFile(header: String)
    case wrongHeader(expected: String, found: String)
    /// The header of a series with an index is not the candle header.
    case damagedHeader
    case unterminatedHeader
    /// `row` (the whole line) does not start with a timestamp and a comma.
    case noTimestamp(row: String)
    case wrongFieldCount(row: String, expected: Int)
    /// A row read from the middle of a file, whose start is not a timestamp.
    case noTimestampAtRowStart
    /// A seek landed on `offset`, which is not the start of a row.
    case notAtRowStart(offset: Int64)
    case lastLineUnterminated
    /// A line of the reader's input is longer than `limit` bytes.
    case lineTooLong(limit: Int)
    /// A row found by seeking backwards is longer than `limit` bytes.
    case rowTooLong(limit: Int)
    case firstOrLastRowWithoutTimestamp
    case lastRowBeforeFirst(first: Int64, last: Int64)
    case fileShrank
    /// A row outside the partition `[from, to)` it was read for: the file is not sorted by time.
    case rowOutsidePartition(time: Int64, from: Int64, to: Int64)
    /// The ask minus bid spread of the candle at `time` does not fit 64 bits.
    case spreadOverflow(time: Int64)
    case rowTooShortForMT4
    /// A weekly candle that does not start on a Monday at 00:00 has no Sunday label in MT4.
    case weekNotOnMonday(time: Int64)
    /// `--mt4-time hh:mm` would drop the seconds of this candle.
    case secondsInMT4Minutes(time: Int64)
    /// The first line is not the instrument catalogue's `header`.
    case notACatalogue(header: String)
    case catalogueFieldCount
    case badCatalogueDay(text: String)
    /// `make verify` found no candle file to compare.
    case nothingToVerify
}

/// What is wrong with a JSON document: a day payload, a reference period, or an instrument answer.
public indirect enum JSONProblem: Equatable, Sendable {
    /// A document that is not JSON (or not the payload's JSON) at `byte`, as the reader counts it;
    /// `cutShort` when the bytes ended there.
    case syntax(JSONSyntax, byte: Int, cutShort: Bool)
    case missingKey(String)
    case basePricesPartlyNull
    case basePricesNull(candles: Int)
    case shiftNotPositive(Int64)
    case multiplierNotPositive
    case timeNotWholeSecond(row: Int)
    /// Epoch milliseconds: the payload's `timestamp`, and the 00:00 UTC of the day that was asked for.
    case notTheRequestedDay(timestamp: Int64, expected: Int64)
    /// Epoch milliseconds: the payload's `timestamp`, and the 00:00 UTC of the first day of `period`.
    case notThePeriodStart(timestamp: Int64, expected: Int64, period: String)
    /// Milliseconds: the payload's `shift`, and the candle length of `period`.
    case wrongShift(shift: Int64, expected: Int64, period: String)
    /// `resolution` is the period's candle length (`hour`, `day`).
    case rowOutsidePeriod(row: Int, resolution: String, period: String)
    /// `index` is 0-based, as in `times[index]`.
    case timesNotIncreasing(index: Int, delta: Int64)
    case rowOutsideDay(row: Int)
    case otherInstrument(asked: String, answered: String)
    /// The list endpoint's answer is `found` (a JSON type name), not an array.
    case instrumentListNotAnArray(found: String)
    /// A problem in one instrument object: `place` is " [3]" for the list's fourth entry, else empty;
    /// `code` once the object's code is known.
    case instrumentAnswer(place: String, code: String?, problem: JSONProblem)
    /// A problem inside `member` (`tradeSchedule`, `[0].sessions.mon`, …).
    case inMember(String, JSONProblem)
    /// A value that is not `expected`; `found` names its JSON type when that helps.
    case expected(String, found: String?)
    case missingOrNotAString
    case unknownWeekday(String)
}

/// The syntax errors of the two JSON readers (the streaming day-payload reader and `JSONValue`).
public enum JSONSyntax: Equatable, Sendable {
    /// `what` is the token the reader needed: "':'", "a value", "',' or '}'", …
    case expected(String)
    case expectedNumber(key: String)
    case duplicateKey(String)
    /// `what`: "text", "end", "character", "bytes after the closing '}'".
    case unexpected(String)
    /// `what`: "key", "string".
    case unterminated(String)
    /// Nesting beyond the reader's limit; `limit` when the message names it.
    case nestingTooDeep(limit: Int?)
    case escapeInKey
    case controlCharacterInString
    case badUnicodeEscape
    case textAfterDocument
}

/// A number of a day payload that does not fit 64 bits at the scale the candles are computed at.
public enum OverflowProblem: Equatable, Sendable {
    /// The bases and multiplier need more decimals than `limit`.
    case priceDecimals(limit: Int)
    /// `field`: "multiplier", or the base price key.
    case doesNotFit(field: String)
    case timeSum(row: Int)
    case price(row: Int)
    case timeOutsideYears(row: Int)
}

/// What is wrong with a file the tools keep beside their output to know where it stands: a stage index
/// (`StageIndex`, `SeriesFile`), a Parquet series' partition state, or the Parquet layout marker.
public enum IndexProblem: Equatable, Sendable {
    case truncated
    case checksumMismatch
    /// The first line is not the index magic, `magic`.
    case notAnIndex(magic: String)
    case badLine(String)
    case repeatedKey(String)
    case missingKey(String)
    case notACount(key: String)
    case openTimeNotATime
    case openOffsetPastLength(openOffset: Int64, length: Int64)
    case sourceOpenOffsetPastSourceLength
    /// The index's open offset lies past the end of its CSV, `size` bytes.
    case pointsPastEnd(csv: String, openOffset: Int64, size: Int64)
    case openOffsetInHeader(openOffset: Int64)
    case openOffsetNotAtRowStart(openOffset: Int64)
    /// A stage's source CSV has fewer bytes than the source's own index records.
    case sourceShorter(source: String, size: Int64, recorded: Int64)
    /// The layout marker's text is not `expected` with a version number.
    case notALayoutMarker(expected: String)
    case newerLayout(found: Int, supported: Int)
    /// A layout migration found the same name at `from` and at `to`.
    case nameOnBothSides(from: String, to: String)
    case partitionState(PartitionStateProblem)
}

/// What is wrong with a Parquet series' partition state file (`HiveSeriesState`); lines are 1-based.
public enum PartitionStateProblem: Error, Equatable, Sendable {
    case noFinalNewline
    case wrongFirstLine(expected: String)
    case noSettingsLine
    case badPartitionLine(line: Int, text: String)
    case notIncreasing(line: Int)
    case wrongEndLine(count: Int)
}

/// What is wrong with a setting or a list the user wrote (config.mk, make's command line, symbols.txt, a
/// timeframe list); the caller adds the file and line where it knows them.
public enum ConfigurationProblem: Equatable, Sendable {
    /// `text` is not a timeframe.
    case timeframe(text: String, TimeframeProblem)
    case timeframeListedTwice(String)
    /// No configured timeframe (nor 1m) has bins that this one's bins are made of.
    case timeframeDoesNotNest(String)
    /// `setting`'s value `value` is not a number of decimal places the suite supports.
    case decimalsOutOfRange(setting: String, value: String)
    /// A config.mk line that assigns nothing.
    case notASetting(line: String)
    /// A name that is no setting, in config.mk or (`onCommandLine`) on make's command line.
    case unknownSetting(name: String, suggestion: SettingSuggestion?, onCommandLine: Bool)
    /// A line of the symbols file that is not a symbol.
    case symbol(SymbolProblem)
}

/// What the user probably meant by an unknown setting's name.
public enum SettingSuggestion: Equatable, Sendable {
    /// The setting was retired; the text says what replaces it.
    case retired(replacement: String)
    /// The known setting whose name is closest.
    case closest(String)
}

public enum TimeframeProblem: Equatable, Sendable {
    case notATimeframe
    case countBelowOne
    case weeksOtherThanOne
    case monthsNotDividingAYear
    case yearsOtherThanOne
    case unknownUnit(Character)
    case offsetOnACalendarUnit
    case offsetNotMinutesOrHours
    case offsetNotShorter
}

/// Why a word is not a symbol (`Symbol(parsing:)`).
public enum SymbolProblem: Equatable, Sendable {
    case empty
    case badCharacter(text: String)
    /// No separator, and not six capital letters.
    case notBaseQuoteNorSixLetters(text: String)
    case notBaseQuote(text: String)
}

/// What the server answered that ends a run (`.http`, exit 69).
public enum ServerProblem: Equatable, Sendable {
    /// An HTTP status the client does not retry, for `url`, with the start of the answer's body.
    case status(Int, url: String, bodyExcerpt: String)
    /// "From time is too late" for a finished `day` of instrument `code` that ended `daysAgo` days before today.
    case tooLateForFinishedDay(code: String, day: CivilDate, daysAgo: Int, url: String)
    /// Instruments the metadata does not know: the first, why, and the others as `SYM (line N)`.
    case unknownInstruments(code: String, why: String, others: [String])
}

/// Why the client stopped retrying `url` (`.retriesExhausted`, exit 75).
public struct RetriesExhausted: Equatable, Sendable {
    public var url: String
    public var attempts: Int
    /// The server's answers, summarized (`JettaClient.summarize`).
    public var server: String
    /// Seconds a Retry-After asked for, when more than `maxWaitSeconds`, the most this run waits.
    public var askedToWaitSeconds: Double?
    public var maxWaitSeconds: Double

    public init(url: String, attempts: Int, server: String, askedToWaitSeconds: Double?, maxWaitSeconds: Double) {
        self.url = url; self.attempts = attempts; self.server = server
        self.askedToWaitSeconds = askedToWaitSeconds; self.maxWaitSeconds = maxWaitSeconds
    }
}
