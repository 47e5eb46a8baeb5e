import XCTest
@testable import OHLCVCore

final class RunPlanTests: XCTestCase {
    func testThePlanNamesEveryListedSymbolByItsFileName() throws {
        let run = try SettingsResolver(values: ["TIMEFRAMES": "5m 1M", "NY_CLOSE_SYMBOLS": "EUR/USD", "SYMBOL": "EURUSD",
                                                "DECIMALS_BTC-USD": "2"],
                                       origins: [:], configFile: nil,
                                       list: try SymbolList(parsing: "EURUSD\nBTC-USD\n", file: "s"),
                                       today: CivilDate(year: 2026, month: 1, day: 1)).resolve()
        let lines = RunPlan.render(run).split(separator: "\n").map(String.init)
        for expected in ["plan.all := EURUSD BTC-USD", "plan.selected := EURUSD", "plan.timeframes.EURUSD := 5m 1M",
                         "plan.alignment.EURUSD := ny-close", "plan.alignment.BTC-USD := 0", "plan.decimals.BTC-USD := 2",
                         "plan.decimals.EURUSD := 8", "plan.parquet.BTC-USD := 1m 5m 1M", "plan.folder.1M := 1mo",
                         "plan.folder.1m := 1m", "plan.extract := EURUSD@1m EURUSD@5m EURUSD@1M"] {
            XCTAssertTrue(lines.contains(expected), "\(expected) in\n\(lines.joined(separator: "\n"))")
        }
    }

    func testThePlanListsTheSeriesOfTheSelectedSymbolsAndEachSymbolsSides() throws {
        let run = try SettingsResolver(values: ["TIMEFRAMES": "5m", "SIDES_EURUSD": "BID ASK", "SIDES_XAU/USD": "ASK", "SYMBOL": "EURUSD XAUUSD"],
                                       origins: [:], configFile: nil,
                                       list: try SymbolList(parsing: "EUR-USD\nBTC-USD\nXAU-USD\n", file: "s"),
                                       today: CivilDate(year: 2026, month: 1, day: 1)).resolve()
        let lines = RunPlan.render(run).split(separator: "\n").map(String.init)
        for expected in ["plan.series := EUR-USD EUR-USD@ASK XAU-USD@ASK", "plan.sides.EUR-USD := BID ASK",
                         "plan.sides.BTC-USD := BID", "plan.sides.XAU-USD := ASK"] {
            XCTAssertTrue(lines.contains(expected), "\(expected) in\n\(lines.joined(separator: "\n"))")
        }
        XCTAssertEqual(RunPlan.selectedSeries(inPlan: RunPlan.render(run)), ["EUR-USD", "EUR-USD@ASK", "XAU-USD@ASK"])
        XCTAssertEqual(RunPlan.selectedSymbols(inPlan: RunPlan.render(run)), ["EUR-USD", "XAU-USD"])
    }
}
