import XCTest
@testable import OHLCVCore

/// START_DATE_<SYM> (issue 11, item 2): checked like START_DATE, in any spelling of a listed symbol, and
/// handed to make as plan.start.SYM only for the symbols that have one.
final class StartDatePerSymbolTests: XCTestCase {
    func resolve(_ values: [String: String]) throws -> RunSettings {
        var all = ["TIMEFRAMES": "1h", "START_DATE": "2005-01-01"]
        for (k, v) in values { all[k] = v }
        return try SettingsResolver(values: all, origins: all.mapValues { _ in "command line" }, configFile: nil,
                                    list: try SymbolList(parsing: "EUR-USD\nBTC-USD\n", file: "symbols.txt"),
                                    today: CivilDate(year: 2026, month: 7, day: 15)).resolve()
    }

    func testPlanCarriesTheOverrideOfOneSymbolOnly() throws {
        let run = try resolve(["START_DATE_BTCUSD": "2017-05-07"])
        XCTAssertEqual(run.settings(of: try Symbol(parsing: "BTC-USD"))?.start, CivilDate(year: 2017, month: 5, day: 7))
        XCTAssertNil(run.settings(of: try Symbol(parsing: "EUR-USD"))?.start)
        let plan = RunPlan.render(run)
        XCTAssertTrue(plan.contains("plan.start.BTC-USD := 2017-05-07\n"), plan)
        XCTAssertFalse(plan.contains("plan.start.EUR-USD"), plan)
    }

    func testBadOrUnlistedOverridesAreRefused() throws {
        for (values, problem) in [(["START_DATE_BTC-USD": "2017-5-x"], "YYYY-MM-DD"),
                                  (["START_DATE_BTC-USD": "2030-01-01"], "after today"),
                                  (["START_DATE_XAUUSD": "2010-01-01"], "not in symbols.txt")] {
            XCTAssertThrowsError(try resolve(values)) { error in
                let e = error as! OHLCVError
                guard case let .badSetting(name, _, text, _) = e.kind else { return XCTFail("\(e)") }
                XCTAssertEqual(name, values.keys.first)
                XCTAssertTrue(text.contains(problem), text)
            }
        }
        XCTAssertEqual(PerSymbolSetting(name: "START_DATE_EURUSD"), PerSymbolSetting(name: "START_DATE_EURUSD"))
        XCTAssertEqual(PerSymbolSetting(name: "START_DATE_EURUSD")?.kind, "START_DATE")
        XCTAssertNil(PerSymbolSetting(name: "START_DATE"))
    }
}
