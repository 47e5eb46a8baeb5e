import Foundation
import OHLCVCore
import OHLCVTestSupport
import XCTest

/// Settings live in one place; nothing the user writes is silently ignored (issue 5, item 4).
final class ConfigurationTests: XCTestCase {
    /// A workdir with one cached EUR-USD day, the given symbols file and config.mk.
    func setUp(_ name: String, config: String?, symbols: String = "EUR-USD\n") -> Workdir {
        let dir = Workdir("config-\(name)")
        PipelineHarness(dir, seed: 1, symbols: ["EUR-USD"]).writeFinalDay(CivilDate(year: 2024, month: 5, day: 6))
        dir.write("symbols.txt", symbols)
        if let config { dir.write("config.mk", config) }
        return dir
    }

    func dir(_ run: ToolRun) -> String { run.directory }

    func failingRun(_ name: String, config: String? = nil, symbols: String = "EUR-USD\n",
                    variables: [String: String] = [:]) -> ToolRun {
        let dir = setUp(name, config: config, symbols: symbols)
        let run = dir.make(["pipeline"], variables: variables)
        XCTAssertNotEqual(run.status, 0, "\(name) must fail: \(run)")
        XCTAssertFalse(dir.exists("data/aggregate"), "\(name): nothing may be built")
        return run
    }

    func testAMisspelledSettingNamesItsLine() {
        let run = failingRun("misspelled", config: "# mine\nSTART_DATE = 2020-01-01\nTIMEFRAME = 5m 1h\n")
        XCTAssertTrue(run.stderr.contains("ABORT! Critical error in config: \(dir(run))/config.mk:3: bad configuration: unknown setting 'TIMEFRAME'"), run.stderr)
    }

    func testALineThatIsNoSettingNamesItsLine() {
        let run = failingRun("not-a-setting", config: "DECIMALS = 8\nplease use utc\n")
        // make itself refuses the file first, naming the line ("config.mk:2: *** missing separator").
        XCTAssertTrue(run.stderr.contains("config.mk:2:"), run.stderr)
    }

    func testPerSymbolSettingsAreKnown() {
        let dir = setUp("per-symbol", config: "TIMEFRAMES_EUR-USD = 5m 2h\nDECIMALS_EUR-USD = 6\nALIGNMENT_EUR-USD = 3600000\n")
        makeOK(dir)
        XCTAssertTrue(dir.exists("data/resample/2h/EUR-USD.csv"))
        XCTAssertFalse(dir.exists("data/resample/1d/EUR-USD.csv"))
        XCTAssertTrue(dir.readText("data/transform/1m/index/EUR-USD.settings")!.contains("decimals=6 align=shift-ms=3600000"))
    }

    func testABadSymbolLineNamesItsLine() {
        let run = failingRun("symbol", symbols: "# FX\nEUR-USD\nEUR_USD\n")
        XCTAssertTrue(run.stderr.contains("symbols.txt:3: bad configuration: bad symbol 'EUR_USD'"), run.stderr)
    }

    func testARepeatedSymbolIsAnError() {
        let run = failingRun("repeat", symbols: "EUR-USD\nEUR/USD\n")
        XCTAssertTrue(run.stderr.contains("symbols.txt:2:"), run.stderr)
    }

    /// Every bad value is found before any work, and the message names the setting, the value and where it
    /// was set: config.mk and its line, or the command line (issue 9, item 6).
    func testEveryBadSettingIsNamedWithWhereItWasSet() {
        let cases: [(setting: String, value: String, problem: String)] = [
            ("TIMEFRAMES", "5m 1h 7x", "timeframe '7x': unknown unit 'x'"),
            ("TIMEFRAMES", "5m 3m 3M", "3m and 3M would share one folder name"),
            ("DECIMALS", "20", "expected a whole number of decimal places in 0...12"),
            ("DECIMALS_EURUSD", "13", "expected a whole number of decimal places in 0...12"),
            ("RATE", "fast", "expected requests per second"),
            ("START_DATE", "2023-13-45", "expected a date YYYY-MM-DD"),
            ("LOCK_WAIT", "a while", "expected a whole number"),
            ("TIME_SHIFT_MS", "GMT+2", "expected whole seconds in milliseconds"),
            ("ALIGNMENT_EUR/USD", "tokyo", "alignment must be"),
            ("NY_CLOSE_SYMBOLS", "BTCUSD", "BTCUSD is not in"),
            ("TIMEFRAMES_BTCUSD", "5m", "BTCUSD is not in"),
        ]
        for (n, c) in cases.enumerated() {
            let inFile = failingRun("file-\(n)", config: "# mine\nRATE = 5\n\(c.setting) = \(c.value)\n")
            XCTAssertTrue(inFile.stderr.contains("ABORT! Critical error in config: \(dir(inFile))/config.mk:3: bad setting \(c.setting) = '\(c.value)': \(c.problem)"),
                          "\(c.setting): \(inFile.stderr)")
            let onLine = failingRun("line-\(n)", variables: [c.setting: c.value])
            XCTAssertTrue(onLine.stderr.contains("ABORT! Critical error in config: bad setting \(c.setting) = '\(c.value)' (from the command line): \(c.problem)"),
                          "\(c.setting): \(onLine.stderr)")
            XCTAssertTrue(onLine.stderr.contains("Error 78"), onLine.stderr)
        }
    }

    /// A misspelled name on make's command line would be ignored, and the run would use the default: a typo
    /// of START_DATE would start a download from 2005.
    func testAMisspelledNameOnTheCommandLineStopsTheRun() {
        for (typo, nearest) in [("STARTDATE", "START_DATE"), ("TIMEFRAME", "TIMEFRAMES"), ("SYMOBL", "SYMBOL")] {
            let run = failingRun("cmdline-\(typo)", variables: [typo: "x"])
            XCTAssertTrue(run.stderr.contains("unknown setting '\(typo)' on the command line; did you mean \(nearest)?"), run.stderr)
            XCTAssertTrue(run.stderr.contains("Error 78"), run.stderr)
        }
    }

    func testAMissingSymbolsFileIsAnErrorNotNothingToDo() {
        let dir = setUp("no-symbols", config: nil)
        dir.remove("symbols.txt")
        for target in ["pipeline", "all", "check-config"] {
            let run = dir.make([target])
            XCTAssertNotEqual(run.status, 0, "\(run)")
            XCTAssertTrue(run.stderr.contains("bad setting SYMBOLS_FILE = '\(dir.url("symbols.txt"))': no such file"), run.stderr)
        }
    }

    /// check-config's summary comes from ohlcv-config's own reading of the list (the listed spelling, whatever
    /// SYMBOL said); config.mk is named only when it exists, and the series line only when an ASK side is built.
    func testCheckConfigNamesTheFilesTheSymbolsAndTheirSeries() {
        let bidOnly = setUp("check-bid", config: nil, symbols: "EURUSD\nBTC-USD\n")
        let plain = bidOnly.make(["check-config"], variables: ["SYMBOL": "eur/usd"])
        XCTAssertEqual(plain.status, 0, "\(plain)")
        XCTAssertEqual(plain.stdoutText, "check-config: ok (every setting, \(bidOnly.url("symbols.txt"))); the run's symbols: EURUSD\n")

        let sides = setUp("check-sides", config: "SIDES_BTCUSD = BID ASK\n", symbols: "EUR-USD\nBTC-USD\n")
        let both = sides.make(["check-config"])
        XCTAssertEqual(both.status, 0, "\(both)")
        XCTAssertEqual(both.stdoutText, "check-config: ok (every setting, \(sides.url("symbols.txt")) and \(sides.url("config.mk")));"
                       + " the run's symbols: EUR-USD BTC-USD\n"
                       + "check-config: their series (one per side): EUR-USD BTC-USD BTC-USD@ASK\n")
    }

    func testAnAlignmentThatRepeatsAnHourIsAConfigurationLimitNamingTheFix() throws {
        // A 24/7 instrument under New York close on the autumn change: 06:00 UTC follows 05:59 UTC, but both
        // are 08:xx server time.
        let dir = Workdir("config-dst")
        let fall = CivilDate(year: 2025, month: 11, day: 2)
        PipelineHarness(dir, seed: 2, symbols: ["BTC-USD"]).writeFinalDay(fall)
        let run = dir.make(["pipeline"], variables: ["NY_CLOSE_SYMBOLS": "BTCUSD"])
        XCTAssertEqual(run.status, 2, "\(run)")
        XCTAssertTrue(run.stderr.contains("Error 78"), run.stderr)
        XCTAssertTrue(run.stderr.contains("ABORT! Critical error in transform: BTC-USD: "), run.stderr)
        for fact in ["ny-close alignment repeats the hour 08:00-08:59", "on 2025-11-02", "NY_CLOSE_SYMBOLS / ALIGNMENT_BTC-USD",
                     "ALIGNMENT_BTC-USD = utc", "make rebuild-full SYMBOL=BTC-USD"] {
            XCTAssertTrue(run.stderr.contains(fact), "\(fact): \(run.stderr)")
        }
        XCTAssertFalse(dir.listing("data").contains { $0.hasSuffix(".tmp") || $0.hasSuffix(".started") }, "\(dir.listing("data"))")
        XCTAssertFalse(dir.exists("data/aggregate/1m/BTC-USD.csv"))
        // The fix the message names works.
        makeOK(dir, ["rebuild-full"], variables: ["SYMBOL": "BTC-USD", "ALIGNMENT_BTC-USD": "utc"])
        XCTAssertTrue(dir.exists("data/aggregate/1m/BTC-USD.csv"))
    }
}
