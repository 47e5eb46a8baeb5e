import Foundation
import OHLCVCore
import OHLCVTestSupport
import XCTest

/// KNOWN BUG (core): `JettaDay.candles(alignment:scale:)` does not check the range of the times it computes.
/// - `timestamp + shift × Σtimes` (and `tick += times[i]`) use trapping arithmetic: a payload with a huge
///   times delta kills ohlcv-transform with SIGILL (status 132) instead of an ABORT line and status 65.
/// - A time before year 0 reaches `TimestampText.write`, whose `UInt8(y / 1000 % 10)` traps on a negative
///   year: again a crash.
/// - A time after 9999-12-31 is written with its year modulo 10000: a payload whose timestamp is in
///   microseconds by mistake (1783641600000000) becomes rows dated 8491-05-09, exit status 0. Bad input is
///   silently turned into plausible-looking data.
/// Fix: use the reporting-overflow operations for the tick and the time, and refuse any time outside the
/// range `TimestampText` can write (ideally a plausible one, e.g. 1970…2100) with a `malformedJSON` or
/// `overflow` error naming the row.
final class JettaDayTimeRangeTests: XCTestCase {
    func testATimestampPastYear9999IsRefusedNotWrittenModulo10000() throws {
        let payload = PayloadBuilder().with("timestamp", "1783641600000000")     // microseconds by mistake
        do {
            let rows = try JettaDayDecoder.decode(payload.bytes).candles(alignment: .utc, scale: 8)
            XCTFail("a time in year 58491 was accepted and would be written as '\(rows.first.map { TimestampText.string($0.time) } ?? "")'")
        } catch is OHLCVError {
        }
    }

    private func transform(_ payload: PayloadBuilder) throws -> (status: Int32, stderr: String) {
        let dir = Workdir(for: self)
        dir.write("EUR-USD_20260710.json", payload.bytes)
        return try ToolBinary.run("ohlcv-transform", ["EUR-USD_20260710.json"], in: dir.path)
    }

    func testTimeArithmeticOverflowIsReportedNotACrash() throws {
        let run = try transform(PayloadBuilder().with("times", "[0,999999999999999999,1]"))
        XCTAssertEqual(run.status, 65, String(run.stderr.prefix(300)))
        XCTAssertTrue(run.stderr.hasPrefix("ABORT! Critical error in transform: EUR-USD: EUR-USD_20260710.json:1: "), String(run.stderr.prefix(300)))
    }

    func testATimestampBeforeYearZeroIsReportedNotACrash() throws {
        let run = try transform(PayloadBuilder().with("timestamp", "-70000000000000"))
        XCTAssertEqual(run.status, 65, String(run.stderr.prefix(300)))
        XCTAssertTrue(run.stderr.hasPrefix("ABORT! Critical error in transform: EUR-USD: EUR-USD_20260710.json:1: "), String(run.stderr.prefix(300)))
    }
}
