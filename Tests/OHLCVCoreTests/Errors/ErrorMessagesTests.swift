import OHLCVCore
import XCTest

/// The words of every fact kind, written out: users, the bad-input corpus and the real-bug cases grep these
/// lines, so each must stay as it was when the facts replaced the callers' free text.
final class ErrorMessagesTests: XCTestCase {
    /// 2025-01-06 00:00:00 (a Monday) and a minute later, as epoch seconds.
    static let monday: Int64 = 1_736_121_600
    static let minuteLater: Int64 = 1_736_121_660

    private func assertMessages(_ cases: [(OHLCVError.Kind, String)], file: StaticString = #filePath, line: UInt = #line) {
        for (kind, message) in cases {
            XCTAssertEqual(OHLCVError(kind).message, message, "\(kind)", file: file, line: line)
        }
    }

    func testWordsEveryCSVProblem() {
        let (t0, t1) = (Self.monday, Self.minuteLater)
        assertMessages([
            (.badCSV(.emptyFile(header: "time,open,high,low,close,volume")),
             "bad CSV: the file is empty: expected the header 'time,open,high,low,close,volume'"),
            (.badCSV(.wrongHeader(expected: "time,open,high,low,close,volume", found: "time,o")),
             "bad CSV: header must be 'time,open,high,low,close,volume', found 'time,o'"),
            (.badCSV(.damagedHeader), "bad CSV: the header is missing or damaged"),
            (.badCSV(.unterminatedHeader), "bad CSV: the header line is not terminated"),
            (.badCSV(.noTimestamp(row: "2025-01-01T00:01:00,1")),
             "bad CSV: expected 'YYYY-MM-DD HH:MM:SS,' at the start of '2025-01-01T00:01:00,1'"),
            (.badCSV(.wrongFieldCount(row: "2025-01-01 00:01:00,1.5", expected: 6)),
             "bad CSV: expected 6 fields in '2025-01-01 00:01:00,1.5'"),
            (.badCSV(.noTimestampAtRowStart), "bad CSV: no timestamp at the start of the row"),
            (.badCSV(.notAtRowStart(offset: 4711)), "bad CSV: the byte before offset 4711 is not a line end"),
            (.badCSV(.lastLineUnterminated), "bad CSV: last line has no newline (file cut short?)"),
            (.badCSV(.lineTooLong(limit: 1_048_576)), "bad CSV: line longer than 1048576 bytes"),
            (.badCSV(.rowTooLong(limit: 4096)), "bad CSV: row longer than 4096 bytes"),
            (.badCSV(.firstOrLastRowWithoutTimestamp),
             "bad CSV: the first or last row does not start with 'YYYY-MM-DD HH:MM:SS'"),
            (.badCSV(.lastRowBeforeFirst(first: t1, last: t0)),
             "bad CSV: the last row (2025-01-06 00:00:00) is earlier than the first (2025-01-06 00:01:00)"),
            (.badCSV(.fileShrank), "bad CSV: file shrank while being read"),
            (.badCSV(.rowOutsidePartition(time: t1, from: t0, to: t1)),
             "bad CSV: row at 2025-01-06 00:01:00 lies outside its partition [2025-01-06 00:00:00, 2025-01-06 00:01:00): "
                + "the file is not sorted by time"),
            (.badCSV(.spreadOverflow(time: t0)), "bad CSV: the spread at 2025-01-06 00:00:00 does not fit 64 bits"),
            (.badCSV(.rowTooShortForMT4), "bad CSV: row too short for an MT4 row"),
            (.badCSV(.weekNotOnMonday(time: t1)),
             "bad CSV: the 1W candle at 2025-01-06 00:01:00 does not start on a Monday at 00:00, so it has no Sunday label; "
                + "is this a 1W series?"),
            (.badCSV(.secondsInMT4Minutes(time: t0 + 5)),
             "bad CSV: the candle at 2025-01-06 00:00:05 has seconds, which --mt4-time hh:mm would drop; use hh:mm:ss"),
            (.badCSV(.notACatalogue(header: "# ohlcv instrument catalogue 1")),
             "bad CSV: not an ohlcv instrument catalogue (the first line is not '# ohlcv instrument catalogue 1')"),
            (.badCSV(.catalogueFieldCount),
             "bad CSV: expected 4 tab-separated fields: code, description, pip value, first minute day"),
            (.badCSV(.badCatalogueDay(text: "2017-13-01")), "bad CSV: bad day '2017-13-01'"),
            (.badCSV(.nothingToVerify), "bad CSV: no candle to verify: run make first"),
        ])
    }

    func testWordsEveryJSONSyntaxProblem() {
        assertMessages([
            (.malformedJSON(.syntax(.expected("':'"), byte: 12, cutShort: false)), "malformed JSON: expected ':' at byte 12"),
            (.malformedJSON(.syntax(.expectedNumber(key: "timestamp"), byte: 14, cutShort: true)),
             "malformed JSON: expected a number for 'timestamp' at byte 14 (payload cut short?)"),
            (.malformedJSON(.syntax(.duplicateKey("timestamp"), byte: 30, cutShort: false)),
             "malformed JSON: key 'timestamp' appears twice at byte 30"),
            (.malformedJSON(.syntax(.unexpected("end"), byte: 7, cutShort: false)), "malformed JSON: unexpected end at byte 7"),
            (.malformedJSON(.syntax(.unterminated("key"), byte: 9, cutShort: true)),
             "malformed JSON: unterminated key at byte 9 (payload cut short?)"),
            (.malformedJSON(.syntax(.nestingTooDeep(limit: nil), byte: 66, cutShort: false)),
             "malformed JSON: nesting too deep at byte 66"),
            (.malformedJSON(.syntax(.nestingTooDeep(limit: 64), byte: 64, cutShort: false)),
             "malformed JSON: nesting deeper than 64 at byte 64"),
            (.malformedJSON(.syntax(.escapeInKey, byte: 3, cutShort: false)),
             "malformed JSON: escapes in keys are not expected at byte 3"),
            (.malformedJSON(.syntax(.controlCharacterInString, byte: 5, cutShort: false)),
             "malformed JSON: control character in a string at byte 5"),
            (.malformedJSON(.syntax(.badUnicodeEscape, byte: 8, cutShort: false)), "malformed JSON: bad \\u escape at byte 8"),
            (.malformedJSON(.syntax(.textAfterDocument, byte: 2, cutShort: false)),
             "malformed JSON: text after the document at byte 2"),
        ])
    }

    func testWordsEveryJSONPayloadProblem() {
        assertMessages([
            (.malformedJSON(.missingKey("volumes")), "malformed JSON: missing key 'volumes'"),
            (.malformedJSON(.basePricesPartlyNull), "malformed JSON: base prices are partly null"),
            (.malformedJSON(.basePricesNull(candles: 3)), "malformed JSON: base prices are null but the day has 3 candles"),
            (.malformedJSON(.shiftNotPositive(-60000)), "malformed JSON: shift must be positive, found -60000"),
            (.malformedJSON(.multiplierNotPositive), "malformed JSON: multiplier must be positive"),
            (.malformedJSON(.timeNotWholeSecond(row: 2)), "malformed JSON: row 2 has a time that is not a whole second"),
            (.malformedJSON(.notTheRequestedDay(timestamp: 86_400_000, expected: 0)),
             "malformed JSON: timestamp is 86400000, expected 0 (00:00 UTC of the requested day)"),
            (.malformedJSON(.notThePeriodStart(timestamp: 1, expected: 0, period: "hours of 2025-01")),
             "malformed JSON: timestamp is 1, expected 0 (00:00 UTC of the first day of hours of 2025-01)"),
            (.malformedJSON(.wrongShift(shift: 60000, expected: 3_600_000, period: "hours of 2025-01")),
             "malformed JSON: shift is 60000, expected 3600000 for hours of 2025-01"),
            (.malformedJSON(.rowOutsidePeriod(row: 4, resolution: "hour", period: "hours of 2025-01")),
             "malformed JSON: row 4 is not a later hour inside hours of 2025-01"),
            (.malformedJSON(.timesNotIncreasing(index: 3, delta: -1)),
             "malformed JSON: times[3] is -1: times must strictly increase"),
            (.malformedJSON(.rowOutsideDay(row: 1441)), "malformed JSON: row 1441 lies outside the requested day"),
        ])
    }

    func testWordsEveryInstrumentAnswerProblem() {
        assertMessages([
            (.malformedJSON(.otherInstrument(asked: "EUR-USD", answered: "GBP-USD")),
             "malformed JSON: instrument answer: asked for EUR-USD, the answer describes GBP-USD"),
            (.malformedJSON(.instrumentListNotAnArray(found: "an object")),
             "malformed JSON: instrument list: expected an array of instrument objects (the assumed shape of /v1/instruments), "
                + "found an object"),
            (.malformedJSON(.instrumentAnswer(place: "", code: nil, problem: .inMember("code", .missingOrNotAString))),
             "malformed JSON: instrument answer: code: missing or not a string"),
            (.malformedJSON(.instrumentAnswer(place: " [3]", code: nil, problem: .inMember("the answer", .expected("an object", found: "null")))),
             "malformed JSON: instrument answer [3]: the answer: expected an object, found null"),
            (.malformedJSON(.instrumentAnswer(place: "", code: "EUR-USD", problem: .inMember("pipValue", .expected("a number", found: "a string")))),
             "malformed JSON: instrument answer (EUR-USD): pipValue: expected a number, found a string"),
            (.malformedJSON(.instrumentAnswer(place: " [0]", code: "BTC-USD",
                                              problem: .inMember("tradeSchedule", .inMember("[1].sessions", .unknownWeekday("Funday"))))),
             "malformed JSON: instrument answer [0] (BTC-USD): tradeSchedule: [1].sessions: unknown day 'Funday'"),
            (.malformedJSON(.inMember("holidays[2]", .expected("{from, till} in epoch milliseconds", found: nil))),
             "malformed JSON: holidays[2]: expected {from, till} in epoch milliseconds"),
            (.malformedJSON(.expected("an array", found: "a number")), "malformed JSON: expected an array, found a number"),
        ])
    }

    func testWordsEveryOverflowProblem() {
        assertMessages([
            (.overflow(.priceDecimals(limit: 18)), "number out of range: prices need more than 18 decimals"),
            (.overflow(.doesNotFit(field: "multiplier")), "number out of range: multiplier does not fit"),
            (.overflow(.timeSum(row: 7)), "number out of range: times at row 7"),
            (.overflow(.price(row: 8)), "number out of range: price at row 8"),
            (.overflow(.timeOutsideYears(row: 9)), "number out of range: time of row 9 is outside years 1970-9999"),
        ])
    }

    /// The texts as the callers wrote them before the facts (StageIndex, SeriesFile, ResampleStage, ParquetLayout,
    /// HiveSeriesState).
    func testWordsEveryIndexProblem() {
        assertMessages([
            (.corruptIndex(.truncated), "corrupt index: truncated"),
            (.corruptIndex(.checksumMismatch), "corrupt index: checksum does not match its content"),
            (.corruptIndex(.notAnIndex(magic: "ohlcv-index 1")), "corrupt index: not an ohlcv-index 1 file"),
            (.corruptIndex(.badLine("change 1")), "corrupt index: bad line 'change 1'"),
            (.corruptIndex(.repeatedKey("length")), "corrupt index: 'length' appears twice"),
            (.corruptIndex(.missingKey("lineage")), "corrupt index: missing 'lineage'"),
            (.corruptIndex(.notACount(key: "length")), "corrupt index: 'length' is not a count"),
            (.corruptIndex(.openTimeNotATime), "corrupt index: 'open-time' is not a time"),
            (.corruptIndex(.openOffsetPastLength(openOffset: 48_214, length: 48_213)),
             "corrupt index: open-offset 48214 is past length 48213"),
            (.corruptIndex(.sourceOpenOffsetPastSourceLength), "corrupt index: source-open-offset is past source-length"),
            (.corruptIndex(.pointsPastEnd(csv: "a/S.csv", openOffset: 90, size: 80)),
             "corrupt index: it points past the end of a/S.csv: open-offset 90, file has 80 bytes"),
            (.corruptIndex(.openOffsetInHeader(openOffset: 10)), "corrupt index: open-offset 10 is inside the CSV header"),
            (.corruptIndex(.openOffsetNotAtRowStart(openOffset: 77)), "corrupt index: open-offset 77 is not at the start of a row"),
            (.corruptIndex(.sourceShorter(source: "agg/S.csv", size: 100, recorded: 120)),
             "corrupt index: agg/S.csv is shorter (100 bytes) than its index says (120): rerun the stage that writes it"),
            (.corruptIndex(.notALayoutMarker(expected: "ohlcv-parquet-layout 2")),
             "corrupt index: not 'ohlcv-parquet-layout 2': not a layout marker of ours"),
            (.corruptIndex(.newerLayout(found: 3, supported: 2)),
             "corrupt index: the Parquet tree is in layout 3, newer than this release's 2: upgrade the tools"),
            (.corruptIndex(.nameOnBothSides(from: "p/year=2020", to: "p/side=BID/year=2020")),
             "corrupt index: both p/year=2020 and p/side=BID/year=2020 exist: move one away, then rerun"),
        ])
        let delete = "; delete it to rewrite every partition of this series"
        assertMessages([
            (.corruptIndex(.partitionState(.noFinalNewline)), "corrupt index: does not end with a newline" + delete),
            (.corruptIndex(.partitionState(.wrongFirstLine(expected: "ohlcv-parquet-state 1"))),
             "corrupt index: first line is not 'ohlcv-parquet-state 1'" + delete),
            (.corruptIndex(.partitionState(.noSettingsLine)), "corrupt index: second line is not 'settings …'" + delete),
            (.corruptIndex(.partitionState(.badPartitionLine(line: 3, text: "year 2020"))),
             "corrupt index: line 3 is not 'year Y bytes START END rows N hash HEX16 file SIZE': 'year 2020'" + delete),
            (.corruptIndex(.partitionState(.notIncreasing(line: 4))),
             "corrupt index: line 4: years or byte ranges are not increasing" + delete),
            (.corruptIndex(.partitionState(.wrongEndLine(count: 2))), "corrupt index: last line is not 'end 2'" + delete),
        ])
    }

    /// The texts as Timeframe, CascadePlan, DecimalsLimit, MakeSettingsFile and Symbol wrote them before the facts.
    func testWordsEveryConfigurationProblem() {
        let bad = "bad configuration: "
        let timeframes: [(TimeframeProblem, String)] = [
            (.notATimeframe, "expected N followed by m, h, d, W, M or Y (for example 5m, 4h, 1d, 1W), optionally +OFFSET"),
            (.countBelowOne, "the count must be 1 or more"),
            (.weeksOtherThanOne, "only 1W is supported (weeks start on Monday)"),
            (.monthsNotDividingAYear, "months must divide a year (1M, 2M, 3M, 4M, 6M, 12M)"),
            (.yearsOtherThanOne, "only 1Y is supported"),
            (.unknownUnit("x"), "unknown unit 'x'"),
            (.offsetOnACalendarUnit, "only m, h and d timeframes take an offset"),
            (.offsetNotMinutesOrHours, "the offset must be N minutes or hours, for example +1h or +30m"),
            (.offsetNotShorter, "the offset must be shorter than the timeframe"),
        ]
        assertMessages(timeframes.map { (.configuration(.timeframe(text: "5x", $0.0)), bad + "timeframe '5x': " + $0.1) })
        assertMessages([
            (.configuration(.timeframeListedTwice("5m")), bad + "timeframe '5m' is listed twice"),
            (.configuration(.timeframeDoesNotNest("7m")), bad + "timeframe '7m' cannot be built: its bins do not nest in "
                + "1-minute bins or in any other configured timeframe"),
            (.configuration(.decimalsOutOfRange(setting: "DECIMALS", value: "13")), bad + "DECIMALS=13: decimal places "
                + "must be a whole number from 0 to 12 (prices then fit up to 9223372.036854775807 at 12)"),
            (.configuration(.notASetting(line: "START DATE 2020")), bad + "not a setting: 'START DATE 2020' (expected NAME = value)"),
            (.configuration(.unknownSetting(name: "STARTDATE", suggestion: .closest("START_DATE"), onCommandLine: false)),
             bad + "unknown setting 'STARTDATE'; did you mean START_DATE? (see the settings in README.md)"),
            (.configuration(.unknownSetting(name: "EXTRACT_SYMBOLS", suggestion: .retired(replacement: "use SYMBOL"),
                                            onCommandLine: true)),
             bad + "unknown setting 'EXTRACT_SYMBOLS' on the command line; it was retired: use SYMBOL (see the settings in README.md)"),
            (.configuration(.unknownSetting(name: "ZZZ", suggestion: nil, onCommandLine: true)),
             bad + "unknown setting 'ZZZ' on the command line (see the settings in README.md)"),
            (.configuration(.symbol(.empty)), bad + "empty symbol"),
            (.badSymbol(.empty), "empty symbol"),
            (.badSymbol(.badCharacter(text: "EUR USD")), "bad symbol 'EUR USD': only A-Z, 0-9, '.', and one '-' or '/' are allowed"),
            (.badSymbol(.notBaseQuoteNorSixLetters(text: "EURUS")),
             "bad symbol 'EURUS': write it as BASE-QUOTE (e.g. EUR-USD, DEU.IDX-EUR) or as 6 letters (EURUSD)"),
            (.badSymbol(.notBaseQuote(text: "EUR-")), "bad symbol 'EUR-': write it as BASE-QUOTE (e.g. EUR-USD, DEU.IDX-EUR)"),
        ])
    }

    /// The texts as JettaClient, BatchFetch, FetchStage and VerifyStage wrote them before the facts.
    func testWordsTheServerAndVerifyKinds() {
        let url = "https://jetta.example/v1/candles/minute/EUR-USD/BID/2026/7/8"
        assertMessages([
            (.http(.status(404, url: url, bodyExcerpt: "")), "server answered 404 for \(url)"),
            (.http(.status(400, url: url, bodyExcerpt: "bad")), "server answered 400 (unknown instrument or bad date?) for \(url): bad"),
            (.http(.tooLateForFinishedDay(code: "EUR-USD", day: CivilDate(year: 2026, month: 7, day: 8), daysAgo: 3, url: url)),
             "the server says \"From time is too late\" for EUR-USD 2026-07-08, which ended 3 days ago (\(url))"),
            (.http(.unknownInstruments(code: "ABC-DEF", why: "400", others: [])),
             "unknown instrument ABC-DEF: 400; nothing was downloaded (`ohlcv-fetch --instruments QUERY` or "
                + "`make instruments QUERY=…` finds codes)"),
            (.http(.unknownInstruments(code: "ABC-DEF", why: "400", others: ["XYZ-USD (line 4)", "QQQ-USD"])),
             "unknown instrument ABC-DEF: 400; also unknown: XYZ-USD (line 4), QQQ-USD; nothing was downloaded "
                + "(`ohlcv-fetch --instruments QUERY` or `make instruments QUERY=…` finds codes)"),
            (.retriesExhausted(RetriesExhausted(url: url, attempts: 1, server: "503", askedToWaitSeconds: nil, maxWaitSeconds: 60)),
             "gave up on \(url) after 1 attempt; the server: 503; try again later"),
            (.retriesExhausted(RetriesExhausted(url: url, attempts: 6, server: "429 ×6", askedToWaitSeconds: 3600,
                                                maxWaitSeconds: 60)),
             "gave up on \(url) after 6 attempts; the server: 429 ×6; it asked to wait 3600 s, more than the 60 s this "
                + "run waits; try again later"),
            (.notPublishedYet(series: "EUR-USD ASK", day: CivilDate(year: 2026, month: 7, day: 10)),
             "the server has not published EUR-USD ASK 2026-07-10 yet (\"From time is too late\"); try again later"),
            (.verifyDiffers(hours: 3, days: 1, cachedDays: 1), "3 hours and 1 days differ from Dukascopy's own candles "
                + "(listed on stdout), in 1 cached day; `make verify REPAIR=1` re-fetches them"),
            (.verifyDiffers(hours: 30, days: 0, cachedDays: 2), "30 hours and 0 days differ from Dukascopy's own candles "
                + "(listed on stdout), in 2 cached days; `make verify REPAIR=1` re-fetches them"),
        ])
    }

    func testWordsAPayloadRowOnAnotherDay() {
        assertMessages([(.wrongDay(row: 3, time: Self.monday, day: CivilDate(year: 2025, month: 1, day: 5)),
                         "row 3 at 2025-01-06 00:00:00 UTC is not on the file's day, 2025-01-05")])
    }

    /// The advice names the symbol's make target; an instrument's side is no part of it (settings are per symbol).
    func testWordsASettingsMismatchWithTheRebuildOfTheSymbol() {
        let kind = OHLCVError.Kind.settingsMismatch(setting: "align", configured: "stage=aggregate decimals=8 align=ny-close",
                                                    onDisk: "stage=aggregate decimals=8 align=utc")
        XCTAssertEqual(OHLCVError(kind).message,
                       "the files were built with 'stage=aggregate decimals=8 align=utc' but the configuration now says "
                        + "'stage=aggregate decimals=8 align=ny-close'; files built under two settings are never mixed: "
                        + "run `make rebuild-full SYMBOL=<symbol>`")
        var error = OHLCVError(kind)
        error.stage = "aggregate"
        error.symbol = "EUR-USD@ASK"
        XCTAssertEqual(error.description,
                       "ABORT! Critical error in aggregate: EUR-USD@ASK: the files were built with "
                        + "'stage=aggregate decimals=8 align=utc' but the configuration now says "
                        + "'stage=aggregate decimals=8 align=ny-close'; files built under two settings are never mixed: "
                        + "run `make rebuild-full SYMBOL=EUR-USD`")
    }

    func testASettingsMismatchNamesTheFirstSettingThatDiffers() {
        func setting(_ configured: String, _ onDisk: String) -> String? {
            guard case let .settingsMismatch(setting, c, d) = OHLCVError.settingsMismatch(configured: configured, onDisk: onDisk).kind
            else { return nil }
            XCTAssertEqual([c, d], [configured, onDisk], "the whole texts are kept for the message")
            return setting
        }
        XCTAssertEqual(setting("stage=transform decimals=6 align=utc", "stage=transform decimals=8 align=utc"), "decimals")
        XCTAssertEqual(setting("tf=5m decimals=8 align=ny-close", "tf=5m decimals=8 align=utc"), "align")
        XCTAssertEqual(setting("tf=5m align=utc", "tf=5m align=utc source=1m"), "source", "a setting only on disk")
        XCTAssertEqual(setting("tf=5m  align=utc", "tf=5m align=utc"), "settings", "the same words, spaced otherwise")
    }
}
