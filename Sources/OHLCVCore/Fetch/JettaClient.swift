#if canImport(Glibc)
import Glibc
#endif

/// Asks the API for one day and classifies the answer, retrying what is worth retrying.
///
/// | answer                                   | outcome                                              |
/// |------------------------------------------|------------------------------------------------------|
/// | 200 and the body validates               | `.payload`                                           |
/// | 200 and the body fails validation        | retried; at the end the validation error (exit 65)   |
/// | 202 (bot challenge), 429, 5xx            | retried, honouring Retry-After; then exit 75         |
/// | timeout, reset, truncated body           | retried; then exit 75                                |
/// | 400 "From time is too late"              | `.tooLate` (the caller decides whether that is fine) |
/// | any other 4xx (unknown instrument, …)    | fatal at once, exit 69                               |
public final class JettaClient: @unchecked Sendable {
    public enum Answer: Equatable {
        case payload(bytes: [UInt8], day: DayPayload)
        case tooLate
    }

    let http: HTTPGetting
    let limiter: RateLimiter
    let policy: RetryPolicy
    let sleep: (Double) -> Void
    let random: () -> Double
    let wallClock: () -> Double
    private var counterLock = pthread_mutex_t()
    private var _requests = 0
    private var _retries = 0
    private var _requestsBySide: [Side: Int] = [:]
    private var failureReasons: [String: String] = [:]

    public init(http: HTTPGetting, limiter: RateLimiter, policy: RetryPolicy,
                sleep: @escaping (Double) -> Void = RateLimiter.sleep(seconds:),
                random: @escaping () -> Double = { Double.random(in: 0..<1) },
                wallClock: @escaping () -> Double = { Double(time(nil)) }) {
        self.http = http; self.limiter = limiter; self.policy = policy
        self.sleep = sleep; self.random = random; self.wallClock = wallClock
        pthread_mutex_init(&counterLock, nil)
    }

    /// Requests sent and retries made so far (all threads).
    public var counts: (requests: Int, retries: Int) {
        pthread_mutex_lock(&counterLock); defer { pthread_mutex_unlock(&counterLock) }
        return (_requests, _retries)
    }

    /// Why the last request for `url` failed, in a few words (`gave up after 6 attempts: 503 ×6`), when it
    /// failed here; nil otherwise.
    public func failureReason(for url: String) -> String? {
        pthread_mutex_lock(&counterLock); defer { pthread_mutex_unlock(&counterLock) }
        return failureReasons[url]
    }

    /// Remembers `reason` for `url` and returns `error`, for a throw.
    private func failing(_ url: String, _ reason: String, _ error: OHLCVError) -> OHLCVError {
        pthread_mutex_lock(&counterLock); defer { pthread_mutex_unlock(&counterLock) }
        failureReasons[url] = reason
        return error
    }

    /// Requests sent so far for each side's candles, retries included (all threads). Instrument requests count
    /// in `counts` only.
    public var requestsBySide: [Side: Int] {
        pthread_mutex_lock(&counterLock); defer { pthread_mutex_unlock(&counterLock) }
        return _requestsBySide
    }

    private func count(retry: Bool, side: Side? = nil) {
        pthread_mutex_lock(&counterLock); defer { pthread_mutex_unlock(&counterLock) }
        _requests += 1
        if retry { _retries += 1 }
        if let side { _requestsBySide[side, default: 0] += 1 }
    }

    /// GETs `url` and validates the body as the day starting at `dayStartMillis`; `side` is the side the
    /// URL asks for, counted in `requestsBySide`.
    public func fetchDay(url: String, dayStartMillis: Int64, side: Side = .bid) throws -> Answer {
        switch try fetch(url: url, side: side, validate: { try DayPayload.validate($0, dayStartMillis: dayStartMillis) }) {
        case .tooLate: return .tooLate
        case let .body(bytes, day): return .payload(bytes: bytes, day: day)
        }
    }

    /// What `fetch` got: a body that `validate` accepted, with what it made of it, or "From time is too late".
    public enum Reply<Value> {
        case body([UInt8], Value)
        case tooLate
    }

    /// GETs `url` under the rate cap and retry policy of the table above; a 200 body counts only once
    /// `validate` accepts it (the day payload for days, a month or year of reference candles for verify).
    /// `side`, when given, is counted in `requestsBySide`.
    public func fetch<Value>(url: String, side: Side? = nil, validate: ([UInt8]) throws -> Value) throws -> Reply<Value> {
        var problems: [String] = []          // what the server did, one entry per failed attempt
        var lastValidationError: OHLCVError?
        var attempt = 0
        while true {
            limiter.acquire()
            count(retry: attempt > 0, side: side)
            var retryAfter: Double?
            do {
                let response = try http.get(url)
                switch response.status {
                case 200:
                    do {
                        return .body(response.body, try validate(response.body))
                    } catch var error as OHLCVError {
                        error.file = error.file ?? url
                        lastValidationError = error
                        problems.append("200 with an invalid body (\(error.message))")
                    }
                case 202 where response.body.isEmpty:
                    problems.append("202 with an empty body (bot challenge)")
                case 400 where JettaClient.isTooLate(response.body):
                    return .tooLate
                case 429, 500...599:
                    retryAfter = RetryPolicy.parseRetryAfter(response.headers["retry-after"], nowEpochSeconds: wallClock())
                    var text = "\(response.status)"
                    if let raw = response.headers["retry-after"] { text += " (Retry-After: \(raw))" }
                    problems.append(text)
                default:
                    let body = JettaClient.excerpt(response.body)
                    var hint = ""
                    if response.status == 400 { hint = " (unknown instrument or bad date?)" }
                    throw failing(url, "HTTP \(response.status)\(hint)",
                                  OHLCVError(.http(.status(response.status, url: url, bodyExcerpt: body))))
                }
            } catch let failure as TransportFailure {
                problems.append(failure.description)
            }
            attempt += 1
            guard let delay = policy.delay(retry: attempt, retryAfterSeconds: retryAfter, unitRandom: random()) else {
                let attempts = "\(attempt) attempt\(attempt == 1 ? "" : "s")"
                if let lastValidationError, problems.allSatisfy({ $0.hasPrefix("200 ") }) {
                    throw failing(url, "invalid body, \(attempts): \(lastValidationError.message.prefix(80))", lastValidationError)
                }
                let server = JettaClient.summarize(problems)
                var brief = "gave up after \(attempts): \(server)"
                let waitRefused = retryAfter.flatMap { $0 > policy.maxRetryAfterSeconds ? $0 : nil }
                if let waitRefused { brief += "; asked to wait \(formatSeconds(waitRefused)) s" }
                let exhausted = RetriesExhausted(url: url, attempts: attempt, server: server, askedToWaitSeconds: waitRefused,
                                                 maxWaitSeconds: policy.maxRetryAfterSeconds)
                throw failing(url, brief, OHLCVError(.retriesExhausted(exhausted)))
            }
            sleep(delay)
        }
    }

    /// What an instrument request (`/v1/instruments…`) got.
    public enum DocumentAnswer: Equatable {
        /// 200: the body, not yet parsed.
        case body([UInt8])
        /// 400 with "not found" in the body: the server has no such instrument.
        case unknownInstrument
        /// Any other 4xx, or 429/5xx/transport failures until the retries ran out: no answer to be had now.
        case unavailable(String)
    }

    /// GETs an instrument document with the retry policy of day requests; never throws for HTTP trouble (the
    /// caller falls back to cached or shipped metadata), only for a 200 it cannot use (caller's parsing).
    public func fetchDocument(url: String) -> DocumentAnswer {
        var problems: [String] = []
        var attempt = 0
        while true {
            limiter.acquire()
            count(retry: attempt > 0)
            var retryAfter: Double?
            do {
                let response = try http.get(url)
                switch response.status {
                case 200: return .body(response.body)
                case 400 where String(decoding: response.body, as: UTF8.self).lowercased().contains("not found"):
                    return .unknownInstrument
                case 202 where response.body.isEmpty: problems.append("202 with an empty body (bot challenge)")
                case 429, 500...599:
                    retryAfter = RetryPolicy.parseRetryAfter(response.headers["retry-after"], nowEpochSeconds: wallClock())
                    problems.append("\(response.status)")
                default:
                    return .unavailable("HTTP \(response.status)")
                }
            } catch let failure as TransportFailure {
                problems.append(failure.description)
            } catch {
                problems.append("\(error)")
            }
            attempt += 1
            guard let delay = policy.delay(retry: attempt, retryAfterSeconds: retryAfter, unitRandom: random()) else {
                return .unavailable("gave up after \(attempt) attempt\(attempt == 1 ? "" : "s"): \(JettaClient.summarize(problems))")
            }
            sleep(delay)
        }
    }

    static func isTooLate(_ body: [UInt8]) -> Bool {
        String(decoding: body, as: UTF8.self).lowercased().contains("too late")
    }

    static func excerpt(_ body: [UInt8]) -> String {
        let text = String(decoding: body.prefix(200), as: UTF8.self).filter { $0 != "\n" && $0 != "\r" }
        return body.count > 200 ? text + "…" : text
    }

    /// `500 ×3, no complete answer within 20 s ×2`, in order of first appearance.
    static func summarize(_ problems: [String]) -> String {
        var order: [String] = []
        var tally: [String: Int] = [:]
        for p in problems {
            if tally[p] == nil { order.append(p) }
            tally[p, default: 0] += 1
        }
        return order.map { tally[$0]! > 1 ? "\($0) ×\(tally[$0]!)" : $0 }.joined(separator: ", ")
    }
}
