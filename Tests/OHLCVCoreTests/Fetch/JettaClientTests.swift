import XCTest
@testable import OHLCVCore

/// A scripted server: answers in order, records each URL.
final class ScriptedHTTP: HTTPGetting, @unchecked Sendable {
    var answers: [Result<HTTPResponse, TransportFailure>]
    var urls: [String] = []
    init(_ answers: [Result<HTTPResponse, TransportFailure>]) { self.answers = answers }
    func get(_ url: String) throws -> HTTPResponse {
        urls.append(url)
        return try answers.removeFirst().get()
    }
}

final class JettaClientTests: XCTestCase {
    static let dayStart: Int64 = 1_783_641_600_000      // 2026-07-10
    static let good = Array("""
    {"timestamp":1783641600000,"multiplier":1.0E-5,"open":1.14331,"high":1.14334,"low":1.14322,"close":1.14324,"shift":60000,"times":[0,1,3],"opens":[0,-8,9],"highs":[0,1,4],"lows":[0,-4,5],"closes":[0,9,-2],"volumes":[197.1,104.85,0]}
    """.utf8)
    static let empty = Array("""
    {"timestamp":1783641600000,"multiplier":1.0E-5,"open":null,"high":null,"low":null,"close":null,"shift":60000,"times":[],"opens":[],"highs":[],"lows":[],"closes":[],"volumes":[]}
    """.utf8)

    var sleeps: [Double] = []

    func client(_ http: ScriptedHTTP, retries: Int = 3) -> JettaClient {
        JettaClient(http: http, limiter: RateLimiter(requestsPerSecond: 1000), policy: RetryPolicy(retries: retries),
                    sleep: { self.sleeps.append($0) }, random: { 0 }, wallClock: { 0 })
    }

    func ok(_ body: [UInt8]) -> Result<HTTPResponse, TransportFailure> { .success(HTTPResponse(status: 200, body: body)) }
    func status(_ s: Int, _ body: String = "", headers: [String: String] = [:]) -> Result<HTTPResponse, TransportFailure> {
        .success(HTTPResponse(status: s, headers: headers, body: Array(body.utf8)))
    }

    func testGoodPayloadIsReturnedWithItsCandles() throws {
        let answer = try client(ScriptedHTTP([ok(Self.good)])).fetchDay(url: "u", dayStartMillis: Self.dayStart)
        guard case let .payload(bytes, day) = answer else { return XCTFail() }
        XCTAssertEqual(bytes, Self.good)
        XCTAssertEqual(day.candles.count, 2)           // the zero-volume row is dropped
        XCTAssertEqual(day.candles[1].time, 1_783_641_660)
        XCTAssertEqual(sleeps, [])
    }

    func testTransientAnswersAreRetriedWithBackoffAndRetryAfter() throws {
        let http = ScriptedHTTP([status(503), status(202), .failure(.connection("reset")),
                                 status(429, headers: ["retry-after": "9"]), ok(Self.good)])
        let answer = try client(http, retries: 4).fetchDay(url: "u", dayStartMillis: Self.dayStart)
        guard case .payload = answer else { return XCTFail() }
        XCTAssertEqual(sleeps, [0.25, 0.5, 1, 9])
        XCTAssertEqual(http.urls.count, 5)
    }

    func testExhaustedRetriesSayWhatTheServerDid() {
        let http = ScriptedHTTP([status(500), status(500), .failure(.timedOut(seconds: 20))])
        XCTAssertThrowsError(try client(http, retries: 2).fetchDay(url: "http://h/x", dayStartMillis: Self.dayStart)) { error in
            let e = error as! OHLCVError
            XCTAssertEqual(ExitStatus.code(for: e.kind), 75)
            XCTAssertEqual(e.message, "gave up on http://h/x after 3 attempts; the server: 500 ×2, no complete answer within 20 s; try again later")
        }
    }

    func testInvalidBodiesAreRetriedThenReportedAsDataErrors() {
        let truncated = Array(Self.good.prefix(100))
        let http = ScriptedHTTP([ok(truncated), ok(truncated)])
        XCTAssertThrowsError(try client(http, retries: 1).fetchDay(url: "u", dayStartMillis: Self.dayStart)) { error in
            XCTAssertEqual(ExitStatus.code(for: (error as! OHLCVError).kind), 65)
        }
    }

    func testAPayloadForAnotherDayIsRejected() {
        let http = ScriptedHTTP([ok(Self.good)])
        XCTAssertThrowsError(try client(http, retries: 0).fetchDay(url: "u", dayStartMillis: Self.dayStart + 86_400_000)) { error in
            XCTAssertTrue((error as! OHLCVError).message.contains("timestamp"), "\(error)")
        }
    }

    func testTooLateIsAnAnswerNotAnError() throws {
        let http = ScriptedHTTP([status(400, #"{"error":"From time is too late"}"#)])
        XCTAssertEqual(try client(http).fetchDay(url: "u", dayStartMillis: Self.dayStart), .tooLate)
        XCTAssertEqual(sleeps, [])
    }

    func testUnknownInstrumentIsFatalAtOnce() {
        let http = ScriptedHTTP([status(400, #"{"error":"Instrument not found"}"#)])
        XCTAssertThrowsError(try client(http).fetchDay(url: "http://h/FOO", dayStartMillis: Self.dayStart)) { error in
            let e = error as! OHLCVError
            XCTAssertEqual(ExitStatus.code(for: e.kind), 69)
            XCTAssertTrue(e.message.contains("400") && e.message.contains("Instrument not found"), e.message)
        }
        XCTAssertEqual(sleeps, [])
    }

    func testRetryAfterBeyondTheLimitEndsTheRunAtOnce() {
        let http = ScriptedHTTP([status(429, headers: ["retry-after": "3600"])])
        XCTAssertThrowsError(try client(http).fetchDay(url: "u", dayStartMillis: Self.dayStart)) { error in
            XCTAssertTrue((error as! OHLCVError).message.contains("asked to wait 3600 s"))
        }
        XCTAssertEqual(http.urls.count, 1)
    }

    func testEmptyDayValidatesAsEmpty() throws {
        let answer = try client(ScriptedHTTP([ok(Self.empty)])).fetchDay(url: "u", dayStartMillis: Self.dayStart)
        guard case let .payload(_, day) = answer else { return XCTFail() }
        XCTAssertTrue(day.isEmpty)
    }
}
