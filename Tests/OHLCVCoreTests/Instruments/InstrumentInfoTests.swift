import XCTest
@testable import OHLCVCore

final class InstrumentInfoTests: XCTestCase {
    func info(_ code: String) throws -> InstrumentInfo {
        try InstrumentInfo(parsing: try Fixtures.bytes("jetta/instrument-\(code).json"))
    }

    func day(_ text: String) -> CivilDate { CivilDate(parsing: text)! }

    /// BTC-USD's MINUTE history says 2000-01-01; its TICK, HOUR and DAY say 2017-05-07, where the data begins.
    func testFirstDataDayIsTheLatestHistoryStartOnBothRealAnswers() throws {
        let btc = try info("BTC-USD")
        XCTAssertEqual(btc.histories["MINUTE"], 946_684_800_000)
        XCTAssertEqual(btc.firstDataDay, day("2017-05-07"))
        let eur = try info("EUR-USD")
        XCTAssertEqual(eur.firstDataDay, day("2003-05-04"))
        XCTAssertEqual(eur.pipValue, "1.0E-4")
        XCTAssertEqual(btc.description, "Bitcoin vs US Dollar")
    }

    /// EUR-USD trades Sunday 17:00 to Friday 17:00 New York time: in UTC, Sunday from 21:00 (summer) or
    /// 22:00 (winter), Friday until then, never on Saturday.
    func testEURUSDScheduleInUTC() throws {
        let s = try XCTUnwrap(try info("EUR-USD").schedule)
        XCTAssertFalse(s.isOpen(day("2026-07-11")), "a Saturday")
        let sunday = s.openIntervals(day("2026-07-12"))
        XCTAssertEqual(sunday.count, 1)
        XCTAssertEqual(sunday[0].start, day("2026-07-12").daysSinceEpoch * 86_400_000 + 21 * 3_600_000, "17:00 EDT")
        let winterFriday = s.openIntervals(day("2026-01-09"))
        XCTAssertEqual(winterFriday.last?.end, day("2026-01-09").daysSinceEpoch * 86_400_000 + 22 * 3_600_000, "17:00 EST")
        XCTAssertTrue(s.isOpen(day("2026-07-08")), "a Wednesday")
    }

    func testBTCUSDTradesEveryDayAndHolidaysCutHours() throws {
        let s = try XCTUnwrap(try info("BTC-USD").schedule)
        for d in ["2026-07-11", "2026-07-12", "2023-02-19"] { XCTAssertTrue(s.isOpen(day(d)), d) }
        // Holiday 2020-12-31 22:00 .. 2021-01-01 22:00 UTC: two open hours are left on 1 January.
        let newYear = s.openIntervals(day("2021-01-01"))
        XCTAssertEqual(newYear.map { $0.end - $0.start }, [2 * 3_600_000])
    }

    func testAWholeDayHolidayClosesTheDay() throws {
        let start = day("2020-12-25").daysSinceEpoch * 86_400_000
        let s = try TradingSchedule(schedule: try JSONValue(parsing: Array(#"[{"id":"ALL","from":0,"to":null,"sessions":{"FRIDAY":[{"start":"00:00:00","previousDayStart":false,"end":"24:00:00","previousDayEnd":false}]}}]"#.utf8)),
                                    holidays: .array([.object(["from": .number("\(start)"), "till": .number("\(start + 86_400_000)")])]),
                                    timeZone: "UTC")
        XCTAssertFalse(s.isOpen(day("2020-12-25")))
        XCTAssertTrue(s.isOpen(day("2021-01-01")), "the next Friday")
        XCTAssertFalse(s.isOpen(day("2021-01-02")))
    }

    func testScheduleJudgesEmptyDaysInsteadOfTheWeekdayHeuristic() throws {
        let s = try XCTUnwrap(try info("EUR-USD").schedule)
        let today = day("2026-07-13")
        // Nothing is known of other weeks: the heuristic would call every empty day closed.
        XCTAssertEqual(DayPlanner.judgeEmpty(day: day("2026-07-08"), today: today, confirmedEmpty: false, schedule: s) { _ in nil }, .suspicious)
        XCTAssertEqual(DayPlanner.judgeEmpty(day: day("2026-07-08"), today: today, confirmedEmpty: false) { _ in nil }, .closedDay)
        // Every other Saturday had candles: the heuristic would doubt it; the schedule says closed.
        XCTAssertEqual(DayPlanner.judgeEmpty(day: day("2026-07-11"), today: today, confirmedEmpty: false, schedule: s) { _ in true }, .closedDay)
        XCTAssertEqual(DayPlanner.judgeEmpty(day: day("2026-06-10"), today: today, confirmedEmpty: true, schedule: s) { _ in nil }, .holiday)
    }

    func testShortDayAgainstTheSchedule() throws {
        let s = try XCTUnwrap(try info("BTC-USD").schedule)
        let d = day("2023-02-19")
        let midnight = d.daysSinceEpoch * 86_400
        func candles(_ minutes: ClosedRange<Int64>) -> [Candle] {
            minutes.map { Candle(time: midnight + $0 * 60, open: 1, high: 1, low: 1, close: 1, volume: 1) }
        }
        XCTAssertFalse(DayPlanner.isShort(candles(0...1439), day: d, schedule: s))
        XCTAssertFalse(DayPlanner.isShort(candles(100...1339), day: d, schedule: s), "within the 2 h slack")
        XCTAssertTrue(DayPlanner.isShort(candles(0...700), day: d, schedule: s), "cut in half")
        XCTAssertTrue(DayPlanner.isShort(candles(200...1439), day: d, schedule: s), "starts late")
        let real = try DayPayload.validate(try Fixtures.bytes("jetta/candles-minute-BTC-USD-BID-2023-2-19.json"),
                                           dayStartMillis: d.daysSinceEpoch * 86_400_000)
        XCTAssertFalse(DayPlanner.isShort(real.candles, day: d, schedule: s), "the real day is whole")
    }

    func testBadShapesAreDataErrorsNamingTheMember() {
        let cases: [(String, String)] = [
            (#"{"code":"X-Y","histories":"2017"}"#, "histories"),
            (#"{"histories":[]}"#, "code"),
            (#"{"code":"X-Y","histories":[{"period":"DAY","from":1.5}]}"#, "histories[0]"),
            (#"{"code":"X-Y","histories":[],"tradeSchedule":{"a":1}}"#, "tradeSchedule"),
            (#"{"code":"X-Y","histories":[],"pipValue":"1"}"#, "pipValue"),
            (#"{"code":"X-Y","histories":[]"#, "malformed"),
            (#"[1,2]"#, "expected an object"),
        ]
        for (text, member) in cases {
            XCTAssertThrowsError(try InstrumentInfo(parsing: Array(text.utf8)), text) { error in
                let e = error as! OHLCVError
                XCTAssertEqual(ExitStatus.code(for: e.kind), 65, text)
                XCTAssertTrue(e.message.contains(member), "\(text): \(e.message)")
            }
        }
    }

    func testUnknownTimeZoneLeavesNoScheduleButStillParses() throws {
        let text = #"{"code":"X-Y","histories":[],"defaultTimezone":"Mars/Olympus","tradeSchedule":[]}"#
        let info = try InstrumentInfo(parsing: Array(text.utf8))
        XCTAssertNil(info.schedule)
        XCTAssertEqual(info.scheduleProblem, "unknown time zone 'Mars/Olympus'")
        XCTAssertNil(info.firstDataDay)
    }
}

final class CatalogueTests: XCTestCase {
    func testListAnswerOfTheAssumedShapeAndOfAnother() throws {
        let eur = try Fixtures.text("jetta/instrument-EUR-USD.json")
        let btc = try Fixtures.text("jetta/instrument-BTC-USD.json")
        let c = try Catalogue(listAnswer: Array("[\(btc),\(eur)]".utf8))
        XCTAssertEqual(c.entries.map(\.code), ["BTC-USD", "EUR-USD"])
        XCTAssertEqual(c.entry(code: "BTC-USD")?.firstDay, CivilDate(parsing: "2017-05-07"))
        XCTAssertThrowsError(try Catalogue(listAnswer: Array("{\"instruments\":[\(eur)]}".utf8))) { error in
            let e = error as! OHLCVError
            XCTAssertEqual(ExitStatus.code(for: e.kind), 65)
            XCTAssertTrue(e.message.contains("expected an array of instrument objects"), e.message)
        }
        XCTAssertThrowsError(try Catalogue(listAnswer: Array("[\(eur),{\"code\":\"A-B\"}]".utf8))) { error in
            XCTAssertTrue((error as! OHLCVError).message.contains("[1] (A-B): histories"), "\(error)")
        }
    }

    func testTSVRoundTripAndSearch() throws {
        let c = Catalogue(entries: [
            .init(code: "XAU-USD", description: "Gold vs US Dollar", pipValue: "0.01", firstDay: CivilDate(parsing: "2003-05-05")),
            .init(code: "EUR-USD", description: "Euro\tvs US Dollar", pipValue: "0.0001", firstDay: nil),
        ])
        let back = try Catalogue(tsv: c.tsv, file: "x.tsv")
        XCTAssertEqual(back.entries.map(\.code), ["EUR-USD", "XAU-USD"])
        XCTAssertEqual(back.entries[0].description, "Euro vs US Dollar")
        XCTAssertNil(back.entries[0].firstDay)
        XCTAssertEqual(back.search("GOLD").map(\.code), ["XAU-USD"])
        XCTAssertEqual(back.search("eurusd").map(\.code), ["EUR-USD"])
        XCTAssertEqual(back.search(nil).count, 2)
        XCTAssertThrowsError(try Catalogue(tsv: "code\tdescription\n", file: "x.tsv"))
    }

    func testShippedSnapshotReadsAndKnowsGold() throws {
        let root = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent("catalogue/instruments.tsv").path
        let c = try Catalogue(tsv: String(decoding: try FileSystem.readAll(path), as: UTF8.self), file: path)
        XCTAssertGreaterThan(c.entries.count, 1000)
        XCTAssertEqual(c.entry(code: "BTC-USD")?.firstDay, CivilDate(parsing: "2017-05-07"))
        XCTAssertTrue(c.search("gold").contains { $0.code == "XAU-USD" })
    }
}
