import XCTest
@testable import OHLCVCore

final class RetryPolicyTests: XCTestCase {
    let policy = RetryPolicy(retries: 5, baseDelaySeconds: 0.5, maxDelaySeconds: 4, maxRetryAfterSeconds: 120)

    func testCeilingDoublesUpToTheMaximum() {
        XCTAssertEqual((1...6).map { policy.backoffCeiling(retry: $0) }, [0.5, 1, 2, 4, 4, 4])
    }

    func testEqualJitterStaysBetweenHalfAndAllOfTheCeiling() {
        XCTAssertEqual(policy.delay(retry: 3, retryAfterSeconds: nil, unitRandom: 0), 1)
        XCTAssertEqual(policy.delay(retry: 3, retryAfterSeconds: nil, unitRandom: 0.5), 1.5)
        XCTAssertEqual(policy.delay(retry: 3, retryAfterSeconds: nil, unitRandom: 0.999_999)!, 2, accuracy: 1e-5)
    }

    func testNoRetryBeyondTheBudget() {
        XCTAssertNotNil(policy.delay(retry: 5, retryAfterSeconds: nil, unitRandom: 0))
        XCTAssertNil(policy.delay(retry: 6, retryAfterSeconds: nil, unitRandom: 0))
        XCTAssertNil(RetryPolicy(retries: 0).delay(retry: 1, retryAfterSeconds: nil, unitRandom: 0))
    }

    func testRetryAfterIsAFloorAndTooLongMeansGiveUp() {
        XCTAssertEqual(policy.delay(retry: 1, retryAfterSeconds: 7, unitRandom: 0.9), 7)
        XCTAssertEqual(policy.delay(retry: 4, retryAfterSeconds: 1, unitRandom: 0), 2)
        XCTAssertNil(policy.delay(retry: 1, retryAfterSeconds: 121, unitRandom: 0))
    }

    func testParsesRetryAfterSecondsAndHTTPDates() {
        XCTAssertEqual(RetryPolicy.parseRetryAfter("120", nowEpochSeconds: 0), 120)
        XCTAssertEqual(RetryPolicy.parseRetryAfter(" 3 ", nowEpochSeconds: 0), 3)
        // Sun, 06 Nov 1994 08:49:37 GMT = 784111777
        XCTAssertEqual(RetryPolicy.parseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", nowEpochSeconds: 784_111_770), 7)
        XCTAssertEqual(RetryPolicy.parseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", nowEpochSeconds: 784_111_800), 0)
        XCTAssertNil(RetryPolicy.parseRetryAfter(nil, nowEpochSeconds: 0))
        XCTAssertNil(RetryPolicy.parseRetryAfter("soon", nowEpochSeconds: 0))
        XCTAssertNil(RetryPolicy.parseRetryAfter("-5", nowEpochSeconds: 0))
    }
}
