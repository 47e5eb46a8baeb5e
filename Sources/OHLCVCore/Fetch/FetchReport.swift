#if canImport(Glibc)
import Glibc
#endif

/// What a batch run did, for the estimate, the progress line, the closing summary and the change report.
/// Thread-safe.
public final class FetchReport: @unchecked Sendable {
    /// A day whose request failed, and why, in a few words (`gave up after 6 attempts: 503 ×6`).
    public struct Failure: Equatable, Sendable {
        public var symbol: String
        public var day: CivilDate
        public var reason: String
    }

    /// At most this many failed days are named in the summary; the rest are counted.
    public static let namedFailures = 10

    public private(set) var symbols = 0
    /// The run's series of each side.
    public private(set) var seriesBySide: [Side: Int] = [:]
    public private(set) var planned = 0
    /// Planned requests of each side.
    public private(set) var plannedBySide: [Side: Int] = [:]
    public private(set) var rechecks = 0
    public private(set) var done = 0
    public private(set) var cached = 0
    public private(set) var growingWritten = 0
    public private(set) var growingUnchanged = 0
    public private(set) var recheckedUnchanged = 0
    public private(set) var changed: [String] = []
    public private(set) var notes: [String] = []
    /// Days held back by this run (see `DayRevision`).
    public private(set) var heldBack: [String] = []
    public private(set) var recheckedHeldBack = 0
    /// Held-back answers waiting for `make accept-held` at the end of the run, this run's and older ones.
    public private(set) var heldWaiting = 0
    public private(set) var failures: [Failure] = []
    /// Failures of planned requests (not of the re-fetches of empty days, which come after every plan item).
    private var failedJobs = 0
    /// The request cap, requests per second, that the estimate and the ETA count on.
    private var rate = 1.0
    private var lock = pthread_mutex_t()
    private let started = RateLimiter.monotonicSeconds()
    private var lastDraw = 0.0
    let interactive: Bool

    public init(interactive: Bool = Terminal.isInteractive) {
        self.interactive = interactive
        pthread_mutex_init(&lock, nil)
    }

    func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(&lock); defer { pthread_mutex_unlock(&lock) }
        return body()
    }

    /// `sides[i]` is the side of `jobs[i]` and `seriesSides` the side of each of the run's series; both
    /// default to all BID, whose lines name no side.
    func plan(symbols: Int, jobs: [DayPlanner.Job], rate: Double, sides: [Side]? = nil, seriesSides: [Side]? = nil) {
        locked {
            self.symbols = symbols
            planned += jobs.count
            rechecks += jobs.filter { $0.purpose == .recheck }.count
            self.rate = rate
            for side in sides ?? jobs.map({ _ in .bid }) { plannedBySide[side, default: 0] += 1 }
            for side in seriesSides ?? Array(repeating: .bid, count: symbols) { seriesBySide[side, default: 0] += 1 }
        }
    }

    /// True when the run fetches a side other than BID: then the estimate and the summary count per side. A
    /// BID-only run keeps the lines it has always printed.
    var namesSides: Bool { seriesBySide.keys.contains { $0 != .bid } }

    /// `3 series (BID 2, ASK 1)`, as the estimate and the summary both write it.
    var seriesCounts: String {
        "\(Terminal.grouped(seriesBySide.values.reduce(0, +))) series (\(perSide(seriesBySide)))"
    }

    /// `BID 40, ASK 20`: the sides in order, those with no series left out; `grouped` as the line's other
    /// counts are (the summary's request count never is).
    func perSide(_ counts: [Side: Int], grouped: Bool = true) -> String {
        Side.allCases.filter { seriesBySide[$0] != nil }
            .map { "\($0) \(grouped ? Terminal.grouped(counts[$0] ?? 0) : String(counts[$0] ?? 0))" }.joined(separator: ", ")
    }
    func cachedDay() { locked { cached += 1 } }
    func growing(written: Bool) { locked { if written { growingWritten += 1 } else { growingUnchanged += 1 } } }
    func recheckUnchanged() { locked { recheckedUnchanged += 1 } }
    func failure(symbol: String, day: CivilDate, reason: String, planned: Bool = true) {
        locked {
            failures.append(Failure(symbol: symbol, day: day, reason: reason))
            if planned { failedJobs += 1 }
        }
    }

    func held(waiting: Int) { locked { heldWaiting = waiting } }

    /// The line printed before the first request: `fetch: 3 symbols, 23,012 days to fetch: 23,012 requests,
    /// about 1 h 17 min at 5 requests/s`; for a run under 10 s just `fetch: 3 symbols, 3 requests`.
    /// With an ASK series, the series and the requests are counted per side: `fetch: 2 symbols, 3 series
    /// (BID 2, ASK 1), 60 days to fetch: 60 requests (BID 40, ASK 20), about 12 s at 5 requests/s`.
    /// Counts one request a day: retries and re-fetches of suspicious empty days come on top.
    public func estimate() -> String {
        locked {
            let seconds = Int((Double(planned) / rate).rounded(.up))
            var head = "fetch: \(plural(symbols, "symbol")), "
            var requests = plural(planned, "request")
            if namesSides {
                head += seriesCounts + ", "
                requests += " (\(perSide(plannedBySide)))"
            }
            if seconds < 10 { return head + requests }
            let recheck = rechecks > 0 ? " (\(Terminal.grouped(rechecks)) to recheck)" : ""
            return head + "\(plural(planned, "day")) to fetch\(recheck): \(requests), "
                + "about \(Terminal.duration(seconds: seconds)) at \(FetchReport.shortest(rate)) requests/s"
        }
    }

    /// The rate as typed: `5`, `0.25` (Swift prints the shortest text that reads back as the same number).
    static func shortest(_ x: Double) -> String {
        let text = "\(x)"
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// One line on stdout per replaced day: `EUR-USD 2026-07-08: 3 changed, 0 added, 0 removed; replaced`.
    func dayChanged(_ line: String) {
        locked { changed.append(line) }
        ToolMain.printOut(line + "\n")
    }

    /// A day kept back because the answer would remove candles: on stderr, prefixed `fetch: HELD BACK: ` so
    /// that a cron log can be grepped for it. The run still exits 0: the data on disk is intact.
    func holdBack(_ line: String, rechecked: Bool) {
        locked {
            heldBack.append(line); if rechecked { recheckedHeldBack += 1 }
            Terminal.printLine("fetch: HELD BACK: " + line)
        }
    }

    /// A warning on stderr that does not stop the run (suspicious empty day, day not published yet).
    func note(_ line: String) {
        locked {
            notes.append(line)
            Terminal.printLine("fetch: " + line)
        }
    }

    /// Counts a finished day; on a terminal, redraws at most five times a second
    /// `fetch: EUR-USD  1,234/23,012 days  5%  5.0 req/s  ETA 1 h 12 min`. The ETA is the remaining days at the
    /// pace seen so far, never less than they take at the rate cap (early on, the pace says little).
    func finished(job symbol: String, requests: Int) {
        locked {
            done += 1
            guard interactive else { return }
            let t = RateLimiter.monotonicSeconds()
            if t - lastDraw < 0.2 && done < planned { return }
            lastDraw = t
            let elapsed = max(t - started, 0.001)
            let left = Double(planned - done)
            let eta = max(left / rate, left * elapsed / Double(done))
            Terminal.drawProgress("fetch: \(symbol)  \(Terminal.grouped(done))/\(Terminal.grouped(planned)) days  "
                + "\(Terminal.percent(Int64(done), of: Int64(planned)))%  \(oneDecimal(Double(requests) / elapsed)) req/s  "
                + "ETA \(Terminal.duration(seconds: Int(eta.rounded(.up))))")
        }
    }

    /// `fetch: 2 symbols, 730 days fetched, 2 growing days updated, 0 failed, 740 requests (3 retries), 5.0 req/s, 148.2 s`;
    /// after a failure `…, 4 failed, 120 not attempted, …` (the run stops at the first failure). With an ASK
    /// series: `fetch: 2 symbols, 3 series (BID 2, ASK 1), …, 62 requests (BID 41, ASK 21; 1 retries), …`, where
    /// `bySide` is the client's count of each side's requests, retries included; requests for instrument
    /// metadata, on neither side, are counted as `metadata N`.
    func summary(requests: Int, retries: Int, bySide: [Side: Int] = [:]) -> String {
        locked {
            let elapsed = max(RateLimiter.monotonicSeconds() - started, 0.001)
            var parts = [plural(symbols, "symbol"), "\(plural(cached, "day")) fetched"]
            if namesSides {
                parts.insert(seriesCounts, at: 1)
            }
            parts.append("\(plural(growingWritten, "growing day")) updated (\(growingUnchanged) unchanged)")
            if recheckedUnchanged > 0 || !changed.isEmpty || recheckedHeldBack > 0 {
                let held = recheckedHeldBack > 0 ? ", \(recheckedHeldBack) held back" : ""
                parts.append("\(plural(changed.count, "rechecked day")) changed (\(recheckedUnchanged) unchanged\(held))")
            }
            if heldWaiting > 0 {
                parts.append("\(plural(heldWaiting, "held-back day")) awaiting `make accept-held`")
            }
            parts.append("\(failures.count) failed")
            let notAttempted = planned - done - failedJobs
            if !failures.isEmpty && notAttempted > 0 { parts.append("\(Terminal.grouped(notAttempted)) not attempted") }
            let requestNoun = requests == 1 ? "request" : "requests"
            if namesSides {
                let metadata = requests - bySide.values.reduce(0, +)
                parts.append("\(requests) \(requestNoun) (\(perSide(bySide, grouped: false))\(metadata > 0 ? ", metadata \(metadata)" : ""); \(retries) retries)")
            } else {
                parts.append("\(requests) \(requestNoun) (\(retries) retries)")
            }
            parts.append("\(oneDecimal(Double(requests) / elapsed)) req/s")
            parts.append("\(oneDecimal(elapsed)) s")
            return "fetch: " + parts.joined(separator: ", ")
        }
    }

    /// `fetch: failed: EUR-USD 2026-07-13 (gave up after 6 attempts: 503 ×6), … and 3 more`, oldest day first;
    /// nil when nothing failed.
    func failureList() -> String? {
        locked {
            guard !failures.isEmpty else { return nil }
            let sorted = failures.sorted { ($0.symbol, $0.day) < ($1.symbol, $1.day) }
            var text = "fetch: failed: " + sorted.prefix(FetchReport.namedFailures)
                .map { "\($0.symbol) \($0.day) (\($0.reason))" }.joined(separator: ", ")
            if sorted.count > FetchReport.namedFailures { text += " and \(sorted.count - FetchReport.namedFailures) more" }
            return text
        }
    }
}

func oneDecimal(_ x: Double) -> String {
    let tenths = Int((x * 10).rounded())
    return "\(tenths / 10).\(tenths % 10)"
}
