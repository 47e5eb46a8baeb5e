import XCTest
@testable import OHLCVCore

final class RateLimiterTests: XCTestCase {
    final class FakeClock: @unchecked Sendable { var now = 100.0 }

    func testSlotsAreSpacedByTheInterval() {
        let clock = FakeClock()
        let limiter = RateLimiter(requestsPerSecond: 5) { clock.now }
        let slots = (0..<5).map { _ in limiter.reserve() }
        XCTAssertEqual(slots, [100, 100.2, 100.4, 100.60000000000001, 100.80000000000001].map { $0 }, accuracy: 1e-9)
    }

    func testIdleTimeIsNotBankedAsABurst() {
        let clock = FakeClock()
        let limiter = RateLimiter(requestsPerSecond: 2) { clock.now }
        XCTAssertEqual(limiter.reserve(), 100)
        clock.now = 110
        XCTAssertEqual(limiter.reserve(), 110)
        XCTAssertEqual(limiter.reserve(), 110.5)
    }

    func testAnyWindowHoldsAtMostRateTimesLengthPlusOne() {
        let clock = FakeClock()
        let limiter = RateLimiter(requestsPerSecond: 8) { clock.now }
        var slots: [Double] = []
        for i in 0..<200 {
            if i % 17 == 0 { clock.now += 0.3 }      // arrivals come in bursts
            slots.append(limiter.reserve())
        }
        for i in slots.indices {
            let inWindow = slots[i...].prefix { $0 < slots[i] + 1 }.count
            XCTAssertLessThanOrEqual(inWindow, 8 + 1)
        }
    }

    func testRealThreadsShareOneCap() {
        let limiter = RateLimiter(requestsPerSecond: 40)
        let lock = NSLock()
        var starts: [Double] = []
        let launched = RateLimiter.monotonicSeconds()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            for _ in 0..<5 {
                limiter.acquire()
                let t = RateLimiter.monotonicSeconds()
                lock.lock(); starts.append(t); lock.unlock()
            }
        }
        starts.sort()
        XCTAssertEqual(starts.count, 20)
        // Slots are 1/40 s apart from the first, which is after `launched`, and a thread reads the clock after
        // its slot: of the first k+1 readings one had slot k or later, so the (k+1)-th is at least k/40 s after
        // the launch. A descheduled thread can only read later, so load cannot break this; four threads each
        // with their own cap would (the 20th reading would come after 4/40 s instead of 19/40 s).
        for (k, t) in starts.enumerated() {
            XCTAssertGreaterThanOrEqual(t - launched, Double(k) / 40 - 1e-9, "reading \(k + 1) of 20")
        }
    }
}

func XCTAssertEqual(_ a: [Double], _ b: [Double], accuracy: Double, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, file: file, line: line)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, file: file, line: line) }
}
