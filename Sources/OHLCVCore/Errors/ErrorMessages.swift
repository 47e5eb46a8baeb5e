/// The one place that words the errors: every kind and every fact is rendered here, nowhere else.
/// Tests and the real-bug cases grep these texts, so a change of wording is a change of behaviour.
extension OHLCVError {
    public var message: String {
        switch kind {
        case .usage(let text): return text
        case .badSymbol(let problem): return problem.text
        case .malformedJSON(let problem): return "malformed JSON: \(problem.text)"
        case let .arrayLengthMismatch(field, count, expected):
            return "arrays differ in length: \(field) has \(count), times has \(expected)"
        case let .badNumber(field, text): return "bad number in \(field): '\(text)'"
        case .highBelowLow(let time): return "high is below low at \(time)"
        case let .candleNotWhole(time, open, high, low, close):
            return "candle at \(time) is not whole: open \(open) and close \(close) must lie within [low \(low), high \(high)]"
        case let .outOfOrder(previous, current):
            return "times do not strictly increase: \(current) follows \(previous)"
        case .badCSV(let problem): return "bad CSV: \(problem.text)"
        case let .wrongDay(row, time, day):
            return "row \(row) at \(TimestampText.string(time)) UTC is not on the file's day, \(day)"
        case .overflow(let problem): return "number out of range: \(problem.text)"
        case let .exceedsDecimalsLimit(quantity, what, value, decimals, fitsAt):
            return DecimalsLimit.explain(quantity, what: what, value: value, decimals: decimals, fitsAt: fitsAt, symbol: symbol)
        case let .settingsMismatch(_, configured, onDisk):
            return "the files were built with '\(onDisk)' but the configuration now says '\(configured)'; "
                + "files built under two settings are never mixed: run \(rebuildAdvice)"
        case .configuration(let problem): return "bad configuration: \(problem.text)"
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
                + "then run \(rebuildAdvice)"
        case .corruptIndex(let problem): return "corrupt index: \(problem.text)"
        case .noInput(let path): return "no such input: \(path)"
        case .nothingCached: return "no payload of this symbol is cached, so there is nothing to build; "
            + "`make all` downloads it (`make pipeline` never downloads); check the symbol's spelling in symbols.txt"
        case .http(let problem): return problem.text
        case let .io(operation, errno): return "\(operation) failed: \(String(cString: strerrorText(errno)))"
        case .retriesExhausted(let r):
            let attempts = "\(r.attempts) attempt\(r.attempts == 1 ? "" : "s")"
            var text = "gave up on \(r.url) after \(attempts); the server: \(r.server)"
            if let wait = r.askedToWaitSeconds {
                text += "; it asked to wait \(formatSeconds(wait)) s, more than the \(formatSeconds(r.maxWaitSeconds)) s this run waits"
            }
            return text + "; try again later"
        case let .notPublishedYet(series, day):
            return "the server has not published \(series) \(day) yet (\"From time is too late\"); try again later"
        case let .verifyDiffers(hours, days, cachedDays):
            return "\(hours) hours and \(days) days differ from Dukascopy's own candles (listed on stdout), in \(cachedDays) "
                + "cached day\(cachedDays == 1 ? "" : "s"); `make verify REPAIR=1` re-fetches them"
        }
    }

    /// Settings are per symbol: a rebuild of the symbol rebuilds each of its series (EUR-USD@ASK too).
    var rebuildAdvice: String { "`make rebuild-full SYMBOL=\(symbol.map(Series.symbolName) ?? "<symbol>")`" }
}

extension CSVProblem {
    var text: String {
        switch self {
        case .emptyFile(let header): return "the file is empty: expected the header '\(header)'"
        case let .wrongHeader(expected, found): return "header must be '\(expected)', found '\(found)'"
        case .damagedHeader: return "the header is missing or damaged"
        case .unterminatedHeader: return "the header line is not terminated"
        case .noTimestamp(let row): return "expected 'YYYY-MM-DD HH:MM:SS,' at the start of '\(row)'"
        case let .wrongFieldCount(row, expected): return "expected \(expected) fields in '\(row)'"
        case .noTimestampAtRowStart: return "no timestamp at the start of the row"
        case .notAtRowStart(let offset): return "the byte before offset \(offset) is not a line end"
        case .lastLineUnterminated: return "last line has no newline (file cut short?)"
        case .lineTooLong(let limit): return "line longer than \(limit) bytes"
        case .rowTooLong(let limit): return "row longer than \(limit) bytes"
        case .firstOrLastRowWithoutTimestamp: return "the first or last row does not start with 'YYYY-MM-DD HH:MM:SS'"
        case let .lastRowBeforeFirst(first, last):
            return "the last row (\(TimestampText.string(last))) is earlier than the first (\(TimestampText.string(first)))"
        case .fileShrank: return "file shrank while being read"
        case let .rowOutsidePartition(time, from, to):
            return "row at \(TimestampText.string(time)) lies outside its partition "
                + "[\(TimestampText.string(from)), \(TimestampText.string(to))): the file is not sorted by time"
        case .spreadOverflow(let time): return "the spread at \(TimestampText.string(time)) does not fit 64 bits"
        case .rowTooShortForMT4: return "row too short for an MT4 row"
        case .weekNotOnMonday(let time):
            return "the 1W candle at \(TimestampText.string(time)) does not start on a Monday at 00:00, "
                + "so it has no Sunday label; is this a 1W series?"
        case .secondsInMT4Minutes(let time):
            return "the candle at \(TimestampText.string(time)) has seconds, which --mt4-time hh:mm would drop; use hh:mm:ss"
        case .notACatalogue(let header): return "not an ohlcv instrument catalogue (the first line is not '\(header)')"
        case .catalogueFieldCount: return "expected 4 tab-separated fields: code, description, pip value, first minute day"
        case .badCatalogueDay(let text): return "bad day '\(text)'"
        case .nothingToVerify: return "no candle to verify: run make first"
        }
    }
}

extension JSONProblem {
    var text: String {
        switch self {
        case let .syntax(syntax, byte, cutShort): return "\(syntax.text) at byte \(byte)\(cutShort ? " (payload cut short?)" : "")"
        case .missingKey(let key): return "missing key '\(key)'"
        case .basePricesPartlyNull: return "base prices are partly null"
        case .basePricesNull(let candles): return "base prices are null but the day has \(candles) candles"
        case .shiftNotPositive(let shift): return "shift must be positive, found \(shift)"
        case .multiplierNotPositive: return "multiplier must be positive"
        case .timeNotWholeSecond(let row): return "row \(row) has a time that is not a whole second"
        case let .notTheRequestedDay(timestamp, expected):
            return "timestamp is \(timestamp), expected \(expected) (00:00 UTC of the requested day)"
        case let .notThePeriodStart(timestamp, expected, period):
            return "timestamp is \(timestamp), expected \(expected) (00:00 UTC of the first day of \(period))"
        case let .wrongShift(shift, expected, period): return "shift is \(shift), expected \(expected) for \(period)"
        case let .rowOutsidePeriod(row, resolution, period): return "row \(row) is not a later \(resolution) inside \(period)"
        case let .timesNotIncreasing(index, delta): return "times[\(index)] is \(delta): times must strictly increase"
        case .rowOutsideDay(let row): return "row \(row) lies outside the requested day"
        case let .otherInstrument(asked, answered): return "instrument answer: asked for \(asked), the answer describes \(answered)"
        case .instrumentListNotAnArray(let found):
            return "instrument list: expected an array of instrument objects (the assumed shape of /v1/instruments), found \(found)"
        case let .instrumentAnswer(place, code, problem):
            return "instrument answer\(place)\(code.map { " (\($0))" } ?? ""): \(problem.text)"
        case let .inMember(member, problem): return "\(member): \(problem.text)"
        case let .expected(what, found): return "expected \(what)\(found.map { ", found \($0)" } ?? "")"
        case .missingOrNotAString: return "missing or not a string"
        case .unknownWeekday(let name): return "unknown day '\(name)'"
        }
    }
}

extension JSONSyntax {
    var text: String {
        switch self {
        case .expected(let what): return "expected \(what)"
        case .expectedNumber(let key): return "expected a number for '\(key)'"
        case .duplicateKey(let key): return "key '\(key)' appears twice"
        case .unexpected(let what): return "unexpected \(what)"
        case .unterminated(let what): return "unterminated \(what)"
        case .nestingTooDeep(let limit): return limit.map { "nesting deeper than \($0)" } ?? "nesting too deep"
        case .escapeInKey: return "escapes in keys are not expected"
        case .controlCharacterInString: return "control character in a string"
        case .badUnicodeEscape: return "bad \\u escape"
        case .textAfterDocument: return "text after the document"
        }
    }
}

extension OverflowProblem {
    var text: String {
        switch self {
        case .priceDecimals(let limit): return "prices need more than \(limit) decimals"
        case .doesNotFit(let field): return "\(field) does not fit"
        case .timeSum(let row): return "times at row \(row)"
        case .price(let row): return "price at row \(row)"
        case .timeOutsideYears(let row): return "time of row \(row) is outside years 1970-9999"
        }
    }
}

extension IndexProblem {
    var text: String {
        switch self {
        case .truncated: return "truncated"
        case .checksumMismatch: return "checksum does not match its content"
        case .notAnIndex(let magic): return "not an \(magic) file"
        case .badLine(let line): return "bad line '\(line)'"
        case .repeatedKey(let key): return "'\(key)' appears twice"
        case .missingKey(let key): return "missing '\(key)'"
        case .notACount(let key): return "'\(key)' is not a count"
        case .openTimeNotATime: return "'open-time' is not a time"
        case let .openOffsetPastLength(openOffset, length): return "open-offset \(openOffset) is past length \(length)"
        case .sourceOpenOffsetPastSourceLength: return "source-open-offset is past source-length"
        case let .pointsPastEnd(csv, openOffset, size):
            return "it points past the end of \(csv): open-offset \(openOffset), file has \(size) bytes"
        case .openOffsetInHeader(let openOffset): return "open-offset \(openOffset) is inside the CSV header"
        case .openOffsetNotAtRowStart(let openOffset): return "open-offset \(openOffset) is not at the start of a row"
        case let .sourceShorter(source, size, recorded):
            return "\(source) is shorter (\(size) bytes) than its index says (\(recorded)): rerun the stage that writes it"
        case .notALayoutMarker(let expected): return "not '\(expected)': not a layout marker of ours"
        case let .newerLayout(found, supported):
            return "the Parquet tree is in layout \(found), newer than this release's \(supported): upgrade the tools"
        case let .nameOnBothSides(from, to): return "both \(from) and \(to) exist: move one away, then rerun"
        case .partitionState(let problem): return "\(problem.text); delete it to rewrite every partition of this series"
        }
    }
}

extension PartitionStateProblem {
    var text: String {
        switch self {
        case .noFinalNewline: return "does not end with a newline"
        case .wrongFirstLine(let expected): return "first line is not '\(expected)'"
        case .noSettingsLine: return "second line is not 'settings …'"
        case let .badPartitionLine(line, text):
            return "line \(line) is not 'year Y bytes START END rows N hash HEX16 file SIZE': '\(text)'"
        case .notIncreasing(let line): return "line \(line): years or byte ranges are not increasing"
        case .wrongEndLine(let count): return "last line is not 'end \(count)'"
        }
    }
}

extension ConfigurationProblem {
    var text: String {
        switch self {
        case let .timeframe(text, problem): return "timeframe '\(text)': \(problem.text)"
        case .timeframeListedTwice(let name): return "timeframe '\(name)' is listed twice"
        case .timeframeDoesNotNest(let name):
            return "timeframe '\(name)' cannot be built: its bins do not nest in 1-minute bins or in any other configured timeframe"
        case let .decimalsOutOfRange(setting, value):
            let range = DecimalsLimit.supportedDecimals
            return "\(setting)=\(value): decimal places must be a whole number from \(range.lowerBound) to \(range.upperBound) "
                + "(prices then fit up to \(DecimalsLimit(decimals: range.upperBound)!.maximumText(.price)) at \(range.upperBound))"
        case .notASetting(let line): return "not a setting: '\(line)' (expected NAME = value)"
        case let .unknownSetting(name, suggestion, onCommandLine):
            let hint: String
            switch suggestion {
            case .retired(let replacement)?: hint = "; it was retired: \(replacement)"
            case .closest(let known)?: hint = "; did you mean \(known)?"
            case nil: hint = ""
            }
            return "unknown setting '\(name)'\(onCommandLine ? " on the command line" : "")\(hint) (see the settings in README.md)"
        case .symbol(let problem): return problem.text
        }
    }
}

extension TimeframeProblem {
    var text: String {
        switch self {
        case .notATimeframe: return "expected N followed by m, h, d, W, M or Y (for example 5m, 4h, 1d, 1W), optionally +OFFSET"
        case .countBelowOne: return "the count must be 1 or more"
        case .weeksOtherThanOne: return "only 1W is supported (weeks start on Monday)"
        case .monthsNotDividingAYear: return "months must divide a year (1M, 2M, 3M, 4M, 6M, 12M)"
        case .yearsOtherThanOne: return "only 1Y is supported"
        case .unknownUnit(let unit): return "unknown unit '\(unit)'"
        case .offsetOnACalendarUnit: return "only m, h and d timeframes take an offset"
        case .offsetNotMinutesOrHours: return "the offset must be N minutes or hours, for example +1h or +30m"
        case .offsetNotShorter: return "the offset must be shorter than the timeframe"
        }
    }
}

extension SymbolProblem {
    var text: String {
        switch self {
        case .empty: return "empty symbol"
        case .badCharacter(let text): return "bad symbol '\(text)': only A-Z, 0-9, '.', and one '-' or '/' are allowed"
        case .notBaseQuoteNorSixLetters(let text):
            return "bad symbol '\(text)': write it as BASE-QUOTE (e.g. EUR-USD, DEU.IDX-EUR) or as 6 letters (EURUSD)"
        case .notBaseQuote(let text): return "bad symbol '\(text)': write it as BASE-QUOTE (e.g. EUR-USD, DEU.IDX-EUR)"
        }
    }
}

extension ServerProblem {
    var text: String {
        switch self {
        case let .status(code, url, body):
            let hint = code == 400 ? " (unknown instrument or bad date?)" : ""
            return "server answered \(code)\(hint) for \(url)\(body.isEmpty ? "" : ": \(body)")"
        case let .tooLateForFinishedDay(code, day, daysAgo, url):
            return "the server says \"From time is too late\" for \(code) \(day), which ended \(daysAgo) days ago (\(url))"
        case let .unknownInstruments(code, why, others):
            return "unknown instrument \(code): \(why)" + (others.isEmpty ? "" : "; also unknown: \(others.joined(separator: ", "))")
                + "; nothing was downloaded (`ohlcv-fetch --instruments QUERY` or `make instruments QUERY=…` finds codes)"
        }
    }
}
