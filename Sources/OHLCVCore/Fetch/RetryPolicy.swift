/// When to try a request again, and how long to wait first.
///
/// Exponential backoff with "equal jitter": attempt n (1-based, counting retries) waits
/// `d/2 + random × d/2` seconds with `d = min(maxDelay, baseDelay × 2^(n-1))`, so waits never collapse to zero
/// and concurrent workers do not retry in lockstep. A `Retry-After` from the server is a floor: the wait is
/// at least that long. A `Retry-After` beyond `maxRetryAfter` ends the run at once (exit 75, try next hour)
/// rather than holding a cron slot for minutes.
public struct RetryPolicy: Equatable, Sendable {
    /// Retries after the first attempt; 0 means a single attempt.
    public var retries: Int
    public var baseDelaySeconds: Double
    public var maxDelaySeconds: Double
    public var maxRetryAfterSeconds: Double

    public init(retries: Int = 5, baseDelaySeconds: Double = 0.5, maxDelaySeconds: Double = 30,
                maxRetryAfterSeconds: Double = 120) {
        self.retries = retries
        self.baseDelaySeconds = baseDelaySeconds
        self.maxDelaySeconds = maxDelaySeconds
        self.maxRetryAfterSeconds = maxRetryAfterSeconds
    }

    /// The ceiling of the backoff before retry `attempt` (1-based), before jitter.
    public func backoffCeiling(retry attempt: Int) -> Double {
        let exponent = Double(max(0, min(attempt - 1, 30)))
        return min(maxDelaySeconds, baseDelaySeconds * pow2(exponent))
    }

    /// Seconds to wait before retry `attempt` (1-based); `unitRandom` is in 0..<1. Nil: do not retry.
    public func delay(retry attempt: Int, retryAfterSeconds: Double?, unitRandom: Double) -> Double? {
        guard attempt >= 1, attempt <= retries else { return nil }
        let ceiling = backoffCeiling(retry: attempt)
        let jittered = ceiling / 2 + unitRandom * ceiling / 2
        if let retryAfterSeconds {
            if retryAfterSeconds > maxRetryAfterSeconds { return nil }
            return max(retryAfterSeconds, jittered)
        }
        return jittered
    }

    private func pow2(_ e: Double) -> Double {
        var r = 1.0
        for _ in 0..<Int(e) { r *= 2 }
        return r
    }

    /// Parses a `Retry-After` value: delta-seconds (`120`) or an IMF-fixdate (`Wed, 21 Oct 2015 07:28:00 GMT`),
    /// the latter relative to `nowEpochSeconds`. Nil when absent or unreadable.
    public static func parseRetryAfter(_ value: String?, nowEpochSeconds: Double) -> Double? {
        guard let raw = value?.trimmingSpaces, !raw.isEmpty else { return nil }
        if raw.allSatisfy({ $0.isASCII && $0.isNumber }) { return Double(raw) }
        // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
        let parts = raw.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let day = Int(parts[1]), let year = Int(parts[3]) else { return nil }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard let m = months.firstIndex(of: String(parts[2])) else { return nil }
        let hms = parts[4].split(separator: ":").compactMap { Int($0) }
        guard hms.count == 3 else { return nil }
        let date = CivilDate(year: year, month: m + 1, day: day)
        guard date.isValid else { return nil }
        let epoch = Double(date.daysSinceEpoch * 86_400 + Int64(hms[0] * 3600 + hms[1] * 60 + hms[2]))
        return max(0, epoch - nowEpochSeconds)
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}
