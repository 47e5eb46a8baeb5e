/// One instrument as `/v1/instruments/{CODE}` describes it (the list endpoint `/v1/instruments` is assumed to
/// be an array of these). Only what ohlcv uses is kept; unknown members are ignored.
///
/// Shape errors (a missing `code`, `histories` that is not an array of `{period, from}`, …) throw
/// `.malformedJSON` (exit 65) naming the member, so that a changed API stops a run with a clear line.
public struct InstrumentInfo: Equatable, Sendable {
    /// The API code, e.g. `EUR-USD`, `DEU.IDX-EUR`.
    public var code: String
    public var description: String
    /// The pip value as the server wrote it (`0.0001`, `1.0`): shown, never computed with.
    public var pipValue: String
    /// Epoch milliseconds of the first data per period (`TICK`, `MINUTE`, `HOUR`, `DAY`).
    public var histories: [String: Int64]
    /// Nil when the answer has no `tradeSchedule`, or its time zone is unknown here (then `scheduleProblem`
    /// says why): the weekday heuristic judges empty days instead.
    public var schedule: TradingSchedule?
    public var scheduleProblem: String?

    /// The periods whose start bounds the first minute candle.
    public static let historyPeriods = ["TICK", "MINUTE", "HOUR", "DAY"]

    /// The first UTC day that can hold minute candles: the day of the LATEST start among the TICK, MINUTE,
    /// HOUR and DAY histories. One field is not trusted: BTC-USD's answer says MINUTE from 2000-01-01 while
    /// TICK, HOUR and DAY start on 2017-05-07, and the data begins in 2017; minute candles are made of ticks
    /// and summed into hours and days, so none can exist before any of the four. Nil without histories.
    public var firstDataDay: CivilDate? {
        let starts = InstrumentInfo.historyPeriods.compactMap { histories[$0] }
        guard let latest = starts.max() else { return nil }
        return CivilDate(daysSinceEpoch: floorDiv(latest, 86_400_000))
    }

    public init(code: String, description: String, pipValue: String, histories: [String: Int64],
                schedule: TradingSchedule? = nil, scheduleProblem: String? = nil) {
        self.code = code; self.description = description; self.pipValue = pipValue
        self.histories = histories; self.schedule = schedule; self.scheduleProblem = scheduleProblem
    }

    /// Parses one instrument answer's bytes.
    public init(parsing bytes: [UInt8]) throws {
        try self.init(json: try JSONValue(parsing: bytes))
    }

    /// Reads one instrument object; `place` prefixes errors (`[3]` for the list's fourth entry).
    public init(json: JSONValue, place: String = "") throws {
        func bad(_ member: String, _ problem: JSONProblem, code: String? = nil) -> OHLCVError {
            OHLCVError(.malformedJSON(.instrumentAnswer(place: place, code: code, problem: .inMember(member, problem))))
        }
        guard case .object = json else { throw bad("the answer", .expected("an object", found: json.typeName)) }
        guard let code = json["code"]?.stringValue, !code.isEmpty else { throw bad("code", .missingOrNotAString) }
        func badHere(_ member: String, _ problem: JSONProblem) -> OHLCVError { bad(member, problem, code: code) }
        self.code = code
        switch json["description"] {
        case .string(let s)?: description = s
        case nil, .null?: description = ""
        case let other?: throw badHere("description", .expected("a string", found: other.typeName))
        }
        switch json["pipValue"] {
        case .number(let text)?: pipValue = text
        case nil, .null?: pipValue = ""
        case let other?: throw badHere("pipValue", .expected("a number", found: other.typeName))
        }
        guard let list = json["histories"]?.arrayValue else {
            throw badHere("histories", .expected("an array of {period, from}", found: json["histories"]?.typeName ?? "nothing"))
        }
        histories = [:]
        for (i, item) in list.enumerated() {
            guard let period = item["period"]?.stringValue, let from = item["from"]?.int64Value else {
                throw badHere("histories[\(i)]", .expected("{\"period\": text, \"from\": epoch milliseconds}", found: nil))
            }
            histories[period] = min(from, histories[period] ?? .max)
        }
        schedule = nil
        scheduleProblem = nil
        if let raw = json["tradeSchedule"], !raw.isNull {
            do {
                schedule = try TradingSchedule(schedule: raw, holidays: json["holidays"] ?? .null,
                                               timeZone: json["defaultTimezone"]?.stringValue ?? "UTC")
            } catch let e as TradingSchedule.UnknownTimeZone {
                scheduleProblem = "unknown time zone '\(e.name)'"
            } catch let e as OHLCVError {
                if case .malformedJSON(let problem) = e.kind { throw badHere("tradeSchedule", problem) }
                throw e
            }
        } else {
            scheduleProblem = "no tradeSchedule"
        }
    }
}

/// Floor division for epoch milliseconds before 1970.
func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }
