/// The exit statuses every tool documents (sysexits.h values).
public enum ExitStatus {
    public static let success: Int32 = 0
    public static let usage: Int32 = 64
    public static let dataError: Int32 = 65
    public static let noInput: Int32 = 66
    public static let unavailable: Int32 = 69
    public static let software: Int32 = 70
    public static let ioError: Int32 = 74
    public static let tempFail: Int32 = 75
    public static let config: Int32 = 78

    public static func code(for kind: OHLCVError.Kind) -> Int32 {
        switch kind {
        case .usage, .badSymbol: return usage
        case .malformedJSON, .arrayLengthMismatch, .badNumber, .highBelowLow, .candleNotWhole, .outOfOrder, .wrongDay,
             .badCSV, .overflow, .corruptIndex, .verifyDiffers:
            return dataError
        // A value that fits at fewer decimals is a setting to change; one that fits no setting is bad data.
        case .exceedsDecimalsLimit(_, _, _, _, let fitsAt): return fitsAt == nil ? dataError : config
        case .settingsMismatch, .configuration, .badSetting, .duplicateInstrument, .alignmentRepeatsHour: return config
        case .noInput, .nothingCached: return noInput
        case .http: return unavailable
        case .io: return ioError
        case .retriesExhausted, .notPublishedYet: return tempFail
        }
    }

    /// The statuses `ohlcv-<tool>` can return, for its `--help`. Only fetch talks to a server (69) and retries
    /// (75: the run lock's 75 comes from make, not from a tool); ohlcv-config reads settings, never candles
    /// (no 65). Every other tool reads candle files, so it can meet bad data, a missing input, a setting that
    /// does not fit the files, and I/O errors.
    public static func statuses(forTool tool: String) -> [Int32] {
        switch tool {
        case "fetch", "verify": return [success, usage, dataError, noInput, unavailable, software, ioError, tempFail, config]
        case "config": return [success, usage, noInput, software, ioError, config]
        // report only reads what exists: an absent file is "not built", a bad payload an unreadable day.
        case "report": return [success, usage, software, ioError]
        default: return [success, usage, dataError, noInput, software, ioError, config]
        }
    }

    /// The table printed at the end of `ohlcv-<tool> --help`: the rows of the statuses it can return.
    public static func helpTable(forTool tool: String) -> String {
        let statuses = Set(statuses(forTool: tool))
        return "Exit status:\n" + helpRows.filter { statuses.contains($0.status) }.map(\.text).joined(separator: "\n")
    }

    static let helpRows: [(status: Int32, text: String)] = [
        (success, "  0   success (also when stdout is closed early, e.g. by `head`)"),
        (usage, "  64  bad command line"),
        (dataError, """
          65  bad input data: malformed JSON or CSV, out-of-order rows, a candle whose open or close lies
              outside [low, high], a number no DECIMALS setting can hold, corrupt index
        """),
        (noInput, "  66  an input file does not exist"),
        (unavailable, "  69  the server refused the request (unknown instrument, HTTP error)"),
        (software, "  70  internal error (a bug: please report it)"),
        (ioError, "  74  I/O error: read, write, fsync or rename failed"),
        (tempFail, "  75  temporary failure: retries exhausted, or the day is not published yet; try again later"),
        (config, """
          78  configuration error, files built with another alignment, or a number too large for the
              configured decimals (the message says which DECIMALS would hold it)
        """),
    ]
}
