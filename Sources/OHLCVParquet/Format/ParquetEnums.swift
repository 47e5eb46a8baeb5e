/// The enum values of parquet.thrift that this writer uses, with their wire numbers.
public enum PhysicalType: Int32, Sendable { case int64 = 2, double = 5 }

public enum Encoding: Int32, Sendable {
    case plain = 0, rle = 3, deltaBinaryPacked = 5, rleDictionary = 8
}

public enum CompressionCodec: Int32, Sendable { case uncompressed = 0, snappy = 1 }

public enum PageType: Int32, Sendable { case dataPage = 0, dictionaryPage = 2 }

public enum ConvertedType: Int32, Sendable { case timestampMillis = 9, timestampMicros = 10 }

public enum FieldRepetitionType: Int32, Sendable { case required = 0, optional = 1, repeated = 2 }

/// `TimeUnit` members of the TIMESTAMP logical type (a union of empty structs, by field id).
public enum TimeUnit: Int16, Sendable { case millis = 1, micros = 2, nanos = 3 }

/// The compression a file is written with (one codec for every column chunk).
public enum ParquetCompression: String, Sendable, CaseIterable {
    case none, snappy

    public var codec: CompressionCodec { self == .none ? .uncompressed : .snappy }
}
