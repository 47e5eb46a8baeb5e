/// The one table this library writes (behaviour §9): `time` INT64 TIMESTAMP(MILLIS) + TIMESTAMP_MILLIS,
/// then five REQUIRED DOUBLE columns.
public enum OHLCVSchema {
    public static let rootName = "schema"
    public static let timeColumn = "time"
    public static let priceColumns = ["open", "high", "low", "close", "volume"]
    public static var columnNames: [String] { [timeColumn] + priceColumns }

    public static func elements(timeIsAdjustedToUTC: Bool) -> [SchemaElement] {
        [.root(name: rootName, children: 1 + priceColumns.count),
         .requiredTimestampMillis(timeColumn, isAdjustedToUTC: timeIsAdjustedToUTC)]
            + priceColumns.map { SchemaElement.required($0, .double) }
    }
}
