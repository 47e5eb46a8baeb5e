/// The one CSV dialect of the suite (behaviour §3.1).
public enum CandleCSVFormat {
    public static let header = "time,open,high,low,close,volume\n"
    public static let headerBytes: [UInt8] = Array(header.utf8)
    /// Bytes of the header line, newline included: the offset of the first row.
    public static var headerLength: Int64 { Int64(headerBytes.count) }
    public static let defaultDecimals = 8
    public static let decimalsRange = 0...12
}
