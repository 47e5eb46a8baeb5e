import XCTest
@testable import OHLCVCore

/// Every setting is checked before any work, and an error names the setting, its value and where it was set
/// (issue 9, item 6).
final class SettingsResolverTests: XCTestCase {
    let today = CivilDate(year: 2026, month: 7, day: 15)

    func resolver(_ values: [String: String], origins: [String: String] = [:], config: String? = nil,
                  symbols: String = "EUR-USD\nBTCUSD\n") throws -> SettingsResolver {
        var all = ["TIMEFRAMES": "5m 1h 1d", "DECIMALS": "8", "TIME_SHIFT_MS": "0", "START_DATE": "2020-01-01", "RATE": "5",
                   "LOCK_WAIT": "10"]
        for (k, v) in values { all[k] = v }
        var o: [String: String] = [:]
        for k in all.keys { o[k] = origins[k] ?? "file" }
        let file = try config.map { try MakeSettingsFile(parsing: $0, path: "config.mk") }
        return SettingsResolver(values: all, origins: o, configFile: file,
                                list: try SymbolList(parsing: symbols, file: "symbols.txt"), today: today)
    }

    func assertBad(_ values: [String: String], origins: [String: String] = [:], config: String? = nil,
                   setting: String, contains: String, file: String? = nil, line: Int? = nil, origin: String? = nil,
                   _ message: String = "", line sourceLine: UInt = #line) throws {
        XCTAssertThrowsError(try resolver(values, origins: origins, config: config).resolve(), message, line: sourceLine) { error in
            let e = error as! OHLCVError
            guard case let .badSetting(name, _, problem, from) = e.kind else { return XCTFail("\(e)", line: sourceLine) }
            XCTAssertEqual(name, setting, line: sourceLine)
            XCTAssertTrue(problem.contains(contains), problem, line: sourceLine)
            XCTAssertEqual(e.file, file, line: sourceLine)
            XCTAssertEqual(e.line, line, line: sourceLine)
            XCTAssertEqual(from, origin, line: sourceLine)
            XCTAssertEqual(ExitStatus.code(for: e.kind), ExitStatus.config, line: sourceLine)
        }
    }

    func testBadValuesNameTheSettingAndWhereItWasSet() throws {
        let cmd = ["TIMEFRAMES": "command line", "DECIMALS": "command line", "RATE": "command line", "START_DATE": "command line"]
        try assertBad(["TIMEFRAMES": "5m 1h 7x"], origins: cmd, setting: "TIMEFRAMES", contains: "'7x'", origin: "the command line")
        try assertBad(["DECIMALS": "20"], origins: cmd, setting: "DECIMALS", contains: "0...12", origin: "the command line")
        try assertBad(["RATE": "fast"], origins: cmd, setting: "RATE", contains: "requests per second", origin: "the command line")
        try assertBad(["START_DATE": "2023-13-45"], origins: cmd, setting: "START_DATE", contains: "YYYY-MM-DD", origin: "the command line")
        try assertBad(["START_DATE": "2027-01-01"], setting: "START_DATE", contains: "after today", origin: "the Makefile's default")
        try assertBad(["LOCK_WAIT": "soon"], setting: "LOCK_WAIT", contains: "whole number", origin: "the Makefile's default")
        try assertBad(["TIME_SHIFT_MS": "2h"], setting: "TIME_SHIFT_MS", contains: "milliseconds", origin: "the Makefile's default")
        try assertBad(["TIMEFRAMES": "5m 1h 5m"], setting: "TIMEFRAMES", contains: "listed twice", origin: "the Makefile's default")
        try assertBad(["TIMEFRAMES": "5m 5W"], setting: "TIMEFRAMES", contains: "only 1W", origin: "the Makefile's default")
        try assertBad(["TIMEFRAMES": ""], setting: "TIMEFRAMES", contains: "no timeframe", origin: "the Makefile's default")
    }

    func testAValueFromConfigMkNamesItsLine() throws {
        try assertBad(["TIMEFRAMES": "5m 1h 7x"], config: "RATE = 5\n# x\nTIMEFRAMES = 5m 1h 7x\n",
                      setting: "TIMEFRAMES", contains: "'7x'", file: "config.mk", line: 3)
        try assertBad(["DECIMALS_EURUSD": "13"], config: "DECIMALS_EURUSD = 13\n",
                      setting: "DECIMALS_EURUSD", contains: "0...12", file: "config.mk", line: 1)
    }

    func testPerSymbolSettingsTakeAnySpellingAndMustNameAListedSymbol() throws {
        let run = try resolver(["TIMEFRAMES_EURUSD": "5m 2h", "DECIMALS_BTC/USD": "2", "ALIGNMENT_EUR-USD": "ny-close"]).resolve()
        XCTAssertEqual(run.settings(of: try Symbol(parsing: "EUR-USD"))?.timeframes.map(\.description), ["5m", "2h"])
        XCTAssertEqual(run.settings(of: try Symbol(parsing: "EUR-USD"))?.alignment, "ny-close")
        XCTAssertEqual(run.settings(of: try Symbol(parsing: "BTCUSD"))?.decimals, 2)
        try assertBad(["TIMEFRAMES_GBPUSD": "5m"], config: "TIMEFRAMES_GBPUSD = 5m\n", setting: "TIMEFRAMES_GBPUSD",
                      contains: "GBPUSD is not in symbols.txt", file: "config.mk", line: 1)
        try assertBad(["TIMEFRAMES_EURUSD": "5m", "TIMEFRAMES_EUR-USD": "1h"], setting: "TIMEFRAMES_EURUSD",
                      contains: "TIMEFRAMES_EUR-USD already sets TIMEFRAMES for EUR-USD", origin: "the Makefile's default")
        try assertBad(["NY_CLOSE_SYMBOLS": "EUR-USD XAU-USD"], setting: "NY_CLOSE_SYMBOLS", contains: "XAU-USD is not in",
                      origin: "the Makefile's default")
        try assertBad(["ALIGNMENT_BTC-USD": "tokyo"], setting: "ALIGNMENT_BTC-USD", contains: "tokyo", origin: "the Makefile's default")
    }

    func testTheSelectionResolvesToTheListedSymbol() throws {
        XCTAssertEqual(try resolver(["SYMBOL": "BTC/USD"]).resolve().selected.map(\.fileName), ["BTCUSD"])
        XCTAssertEqual(try resolver(["SYMBOLS": "eur-usd BTC-USD"]).resolve().selected.map(\.fileName), ["EUR-USD", "BTCUSD"])
        XCTAssertEqual(try resolver([:]).resolve().selected.map(\.fileName), ["EUR-USD", "BTCUSD"])
        try assertBad(["SYMBOL": "GBPUSD"], origins: ["SYMBOL": "command line"], setting: "SYMBOL", contains: "'GBPUSD' is not in symbols.txt",
                      origin: "the command line")
        try assertBad(["SYMBOL": "BTCUSD", "SYMBOLS": "EUR-USD"], origins: ["SYMBOLS": "command line"], setting: "SYMBOLS",
                      contains: "give only one", origin: "the command line")
        // Even when both name the same symbols: one word for one choice.
        try assertBad(["SYMBOL": "BTCUSD", "SYMBOLS": "BTC-USD"], origins: ["SYMBOLS": "command line"], setting: "SYMBOLS",
                      contains: "SYMBOLS is its synonym; give only one", origin: "the command line")
    }

    func testTimeframesThatDifferOnlyByCaseAreRefused() throws {
        try assertBad(["TIMEFRAMES": "3m 1h 3M"], setting: "TIMEFRAMES", contains: "3m and 3M", origin: "the Makefile's default")
        // Across symbols too: data/resample/2m/ and data/resample/2M/ would be one folder.
        try assertBad(["TIMEFRAMES": "5m 2m 1h", "TIMEFRAMES_BTCUSD": "1h 2M"], setting: "TIMEFRAMES", contains: "2m and 2M",
                      origin: "the Makefile's default")
        XCTAssertNoThrow(try resolver(["TIMEFRAMES_BTCUSD": "1h 2M"]).resolve())
    }

    func testExtractsOnlyConfiguredTimeframes() throws {
        let run = try resolver(["EXTRACT_TIMEFRAMES": "1h 1m", "SYMBOL": "BTC-USD"]).resolve()
        XCTAssertEqual(run.extract.map { "\($0.symbol)@\($0.timeframe)" }, ["BTCUSD@1h", "BTCUSD@1m"])
        try assertBad(["EXTRACT_TIMEFRAMES": "2h"], setting: "EXTRACT_TIMEFRAMES", contains: "not a configured timeframe of EUR-USD",
                      origin: "the Makefile's default")
    }

    func testMT4TimeIsOneOfTheTwoForms() throws {
        XCTAssertNoThrow(try resolver(["MT4_TIME": "hh:mm"]).resolve())
        XCTAssertNoThrow(try resolver(["MT4_TIME": "hh:mm:ss"]).resolve())
        try assertBad(["MT4_TIME": "HH:MM"], setting: "MT4_TIME", contains: "expected hh:mm:ss or hh:mm", origin: "the Makefile's default")
    }

    func testAnEmptyListIsRefused() {
        XCTAssertThrowsError(try resolver([:], symbols: "# nothing yet\n").resolve()) { error in
            guard case .badSetting("SYMBOLS_FILE", _, _, _) = (error as! OHLCVError).kind else { return XCTFail("\(error)") }
        }
    }

    /// SIDES and SIDES_<SYM> (issue #12): BID by default, each side once, a per-symbol list in any spelling.
    func testSidesAreCheckedAndResolvedPerSymbol() throws {
        let run = try resolver(["SIDES": "BID", "SIDES_EURUSD": "ask bid"]).resolve()
        XCTAssertEqual(run.settings(of: try Symbol(parsing: "EUR-USD"))?.sides, [.bid, .ask])
        XCTAssertEqual(run.settings(of: try Symbol(parsing: "BTCUSD"))?.sides, [.bid])
        XCTAssertEqual(run.selectedSeries.map(\.fileName), ["EUR-USD", "EUR-USD@ASK", "BTCUSD"])
        XCTAssertEqual(try resolver([:]).resolve().selectedSeries.map(\.fileName), ["EUR-USD", "BTCUSD"])
        XCTAssertEqual(try resolver(["SIDES": "ASK"]).resolve().selectedSeries.map(\.fileName), ["EUR-USD@ASK", "BTCUSD@ASK"])
        try assertBad(["SIDES": "BID MID"], origins: ["SIDES": "command line"], setting: "SIDES", contains: "'MID' is not a side",
                      origin: "the command line")
        try assertBad(["SIDES": ""], origins: ["SIDES": "command line"], setting: "SIDES", contains: "no side", origin: "the command line")
        try assertBad(["SIDES_GBPUSD": "ASK"], config: "SIDES_GBPUSD = ASK\n", setting: "SIDES_GBPUSD", contains: "GBPUSD is not in symbols.txt",
                      file: "config.mk", line: 1)
        try assertBad(["SIDES_EURUSD": "ASK", "SIDES_EUR-USD": "BID"], setting: "SIDES_EURUSD", contains: "already sets SIDES for EUR-USD",
                      origin: "the Makefile's default")
    }
}
