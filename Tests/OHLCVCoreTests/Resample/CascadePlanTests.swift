import OHLCVCore
import XCTest

final class CascadePlanTests: XCTestCase {
    private func steps(_ names: [String]) throws -> [String] {
        try CascadePlan(names).steps.map { "\($0.timeframe)<-\($0.source)" }
    }

    func testTheDefaultCascadeIsTheSpecs() throws {
        XCTAssertEqual(try steps(Timeframe.defaults),
                       ["5m<-1m", "15m<-5m", "30m<-15m", "1h<-30m", "4h<-1h", "8h<-4h", "1d<-8h", "1W<-1d", "1M<-1d", "1Y<-1M"])
    }

    func testBuildsSourcesFirstWhateverTheListedOrder() throws {
        XCTAssertEqual(try steps(["1Y", "1M", "1d"]), ["1d<-1m", "1M<-1d", "1Y<-1M"])
        XCTAssertEqual(try steps(Timeframe.defaults.reversed()), try steps(Timeframe.defaults))
    }

    func testChoosesTheLargestConfiguredTimeframeThatNests() throws {
        XCTAssertEqual(try steps(["2h", "3h", "12h"]), ["2h<-1m", "3h<-1m", "12h<-3h"])
        XCTAssertEqual(try steps(["4h+1h"]), ["4h+1h<-1m"])
        XCTAssertEqual(try steps(["1h", "4h", "4h+1h"]), ["1h<-1m", "4h<-1h", "4h+1h<-1h"])
        XCTAssertEqual(try steps(["30m", "4h+30m", "1d"]), ["30m<-1m", "4h+30m<-30m", "1d<-30m"])
        XCTAssertEqual(try steps(["1d", "1W", "2M", "6M", "1Y"]), ["1d<-1m", "1W<-1d", "2M<-1d", "6M<-2M", "1Y<-6M"])
        XCTAssertEqual(try steps(["7m", "1W"]), ["7m<-1m", "1W<-1m"])
    }

    func testEveryStepsSourceIsOneMinuteOrBuiltEarlier() throws {
        var rng = seededGenerator(0x5EED_0B01)
        let pool = TimeframeTests.names.filter { $0 != "1m" }
        for _ in 0..<200 {
            let names = Array(pool.shuffled(using: &rng).prefix(Int.random(in: 1...8, using: &rng)))
            let plan = try CascadePlan(names)
            XCTAssertEqual(Set(plan.steps.map(\.timeframe.description)), Set(names))
            var built: Set<String> = ["1m"]
            for step in plan.steps {
                XCTAssertTrue(built.contains(step.source.description), "\(names): \(step.timeframe) before its source \(step.source)")
                XCTAssertTrue(step.timeframe.nests(in: step.source), "\(names): \(step.timeframe) <- \(step.source)")
                // No configured timeframe that nests is larger than the chosen source.
                for other in plan.steps.map(\.timeframe) where step.timeframe.nests(in: other) {
                    XCTAssertLessThanOrEqual(other.nominalSeconds, step.source.nominalSeconds, "\(names): \(step.timeframe)")
                }
                built.insert(step.timeframe.description)
            }
        }
    }

    func testIgnoresOneMinuteInTheList() throws {
        XCTAssertEqual(try steps(["1m", "5m"]), ["5m<-1m"])
        XCTAssertEqual(try steps([]), [])
    }

    func testRefusesATimeframeListedTwice() {
        assertThrows(.configuration(.timeframeListedTwice("5m")), try CascadePlan(["5m", "15m", "5m"]))
    }

    func testRefusesATimeframeThatCannotBeParsed() {
        // Every timeframe the parser accepts is a whole number of minutes, so it always nests in 1m: the refusal
        // of a non-nesting set is reached only through names the parser already rejects.
        for name in ["4h+30s", "90s", "2W", "5M"] {
            let error = assertOHLCVError(try CascadePlan(["5m", name]), name)
            guard case .configuration(.timeframe(let named, _))? = error?.kind else {
                XCTFail("\(name): \(String(describing: error))"); continue
            }
            XCTAssertEqual(named, name)
        }
    }
}
