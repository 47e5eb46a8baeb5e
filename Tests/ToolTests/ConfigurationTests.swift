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
        XCTAssertTrue(run.stderr.contains("config.mk:3: unknown setting 'TIMEFRAME'"), run.stderr)
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

    func testABadTimeframeNamesTheSymbol() {
        let run = failingRun("timeframe", variables: ["TIMEFRAMES": "5m 7q"])
        XCTAssertTrue(run.stderr.contains("EUR-USD: bad configuration: timeframe '7q'"), run.stderr)
    }

    func testABadDecimalsValueIsRefused() {
        let run = failingRun("decimals", variables: ["DECIMALS": "13"])
        XCTAssertTrue(run.stderr.contains("--decimals must be a whole number in 0...12, not '13'"), run.stderr)
    }
}
