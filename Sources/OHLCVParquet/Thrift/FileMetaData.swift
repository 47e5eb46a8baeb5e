/// The Parquet footer (parquet.thrift `FileMetaData` and the structs under it), restricted to what a
/// flat table of REQUIRED INT64/DOUBLE columns needs, and its Thrift compact encoding.
public struct FileMetaData {
    public var version: Int32 = 1
    public var schema: [SchemaElement]
    public var numRows: Int64
    public var rowGroups: [RowGroup]
    public var createdBy: String?
    /// Adds one `ColumnOrder{TYPE_ORDER}` per leaf when true.
    public var typeDefinedColumnOrders = true

    public init(schema: [SchemaElement], numRows: Int64, rowGroups: [RowGroup], createdBy: String?) {
        self.schema = schema
        self.numRows = numRows
        self.rowGroups = rowGroups
        self.createdBy = createdBy
    }

    public func encode(into buffer: ByteBuffer) {
        var w = CompactWriter(into: buffer)
        w.beginStruct()
        w.writeI32(1, version)
        w.writeStructList(2, schema) { w, e in e.encode(&w) }
        w.writeI64(3, numRows)
        w.writeStructList(4, rowGroups) { w, g in g.encode(&w) }
        if let createdBy { w.writeString(6, createdBy) }
        if typeDefinedColumnOrders {
            let leaves = schema.filter { $0.numChildren == nil }.count
            w.writeStructList(7, Array(repeating: 0, count: leaves)) { w, _ in w.writeEmptyStructField(1) }
        }
        w.endStruct()
    }
}

public struct SchemaElement {
    public var type: PhysicalType?
    public var repetition: FieldRepetitionType?
    public var name: String
    public var numChildren: Int32?
    public var convertedType: ConvertedType?
    /// The TIMESTAMP logical type: (isAdjustedToUTC, unit).
    public var timestamp: (isAdjustedToUTC: Bool, unit: TimeUnit)?

    public static func root(name: String, children: Int) -> SchemaElement {
        SchemaElement(name: name, numChildren: Int32(children))
    }

    public static func required(_ name: String, _ type: PhysicalType) -> SchemaElement {
        SchemaElement(type: type, repetition: .required, name: name)
    }

    public static func requiredTimestampMillis(_ name: String, isAdjustedToUTC: Bool) -> SchemaElement {
        SchemaElement(type: .int64, repetition: .required, name: name, convertedType: .timestampMillis,
                      timestamp: (isAdjustedToUTC, .millis))
    }

    public init(type: PhysicalType? = nil, repetition: FieldRepetitionType? = nil, name: String,
                numChildren: Int32? = nil, convertedType: ConvertedType? = nil,
                timestamp: (isAdjustedToUTC: Bool, unit: TimeUnit)? = nil) {
        self.type = type
        self.repetition = repetition
        self.name = name
        self.numChildren = numChildren
        self.convertedType = convertedType
        self.timestamp = timestamp
    }

    func encode(_ w: inout CompactWriter) {
        if let type { w.writeI32(1, type.rawValue) }
        if let repetition { w.writeI32(3, repetition.rawValue) }
        w.writeString(4, name)
        if let numChildren { w.writeI32(5, numChildren) }
        if let convertedType { w.writeI32(6, convertedType.rawValue) }
        if let timestamp {
            w.writeStructField(10) { w in                      // LogicalType (union)
                w.writeStructField(8) { w in                   // TIMESTAMP: TimestampType
                    w.writeBool(1, timestamp.isAdjustedToUTC)
                    w.writeStructField(2) { w in w.writeEmptyStructField(timestamp.unit.rawValue) }
                }
            }
        }
    }
}

public struct RowGroup {
    public var columns: [ColumnChunk]
    public var numRows: Int64
    /// Absolute offset of the group's first page.
    public var fileOffset: Int64
    /// The group's position, an i16; left out past 32767 groups rather than wrapped.
    public var ordinal: Int16?

    public init(columns: [ColumnChunk], numRows: Int64, fileOffset: Int64, ordinal: Int16?) {
        self.columns = columns
        self.numRows = numRows
        self.fileOffset = fileOffset
        self.ordinal = ordinal
    }

    /// Σ chunk total_uncompressed_size, as pyarrow writes `total_byte_size`.
    public var totalByteSize: Int64 { columns.reduce(0) { $0 + $1.metaData.totalUncompressedSize } }
    public var totalCompressedSize: Int64 { columns.reduce(0) { $0 + $1.metaData.totalCompressedSize } }

    func encode(_ w: inout CompactWriter) {
        w.writeStructList(1, columns) { w, c in c.encode(&w) }
        w.writeI64(2, totalByteSize)
        w.writeI64(3, numRows)
        w.writeI64(5, fileOffset)
        w.writeI64(6, totalCompressedSize)
        if let ordinal { w.writeI16(7, ordinal) }
    }
}

public struct ColumnChunk {
    public var metaData: ColumnMetaData

    public init(metaData: ColumnMetaData) { self.metaData = metaData }

    func encode(_ w: inout CompactWriter) {
        w.writeI64(2, 0)                  // file_offset: deprecated but required by most readers; 0
        w.writeStructField(3) { w in metaData.encode(&w) }
    }
}

public struct ColumnMetaData {
    public var type: PhysicalType
    public var encodings: [Encoding]
    public var path: [String]
    public var codec: CompressionCodec
    public var numValues: Int64
    /// Σ over pages of header bytes + uncompressed body bytes.
    public var totalUncompressedSize: Int64
    /// Σ over pages of header bytes + on-disk body bytes.
    public var totalCompressedSize: Int64
    public var dataPageOffset: Int64
    public var dictionaryPageOffset: Int64?
    public var statistics: Statistics?
    public var encodingStats: [PageEncodingStats]

    public init(type: PhysicalType, encodings: [Encoding], path: [String], codec: CompressionCodec,
                numValues: Int64, totalUncompressedSize: Int64, totalCompressedSize: Int64,
                dataPageOffset: Int64, dictionaryPageOffset: Int64?, statistics: Statistics?,
                encodingStats: [PageEncodingStats]) {
        self.type = type
        self.encodings = encodings
        self.path = path
        self.codec = codec
        self.numValues = numValues
        self.totalUncompressedSize = totalUncompressedSize
        self.totalCompressedSize = totalCompressedSize
        self.dataPageOffset = dataPageOffset
        self.dictionaryPageOffset = dictionaryPageOffset
        self.statistics = statistics
        self.encodingStats = encodingStats
    }

    func encode(_ w: inout CompactWriter) {
        w.writeI32(1, type.rawValue)
        w.writeI32List(2, encodings.map(\.rawValue))
        w.writeStringList(3, path)
        w.writeI32(4, codec.rawValue)
        w.writeI64(5, numValues)
        w.writeI64(6, totalUncompressedSize)
        w.writeI64(7, totalCompressedSize)
        w.writeI64(9, dataPageOffset)
        if let dictionaryPageOffset { w.writeI64(11, dictionaryPageOffset) }
        if let statistics { w.writeStructField(12) { w in statistics.encode(&w) } }
        if !encodingStats.isEmpty {
            w.writeStructList(13, encodingStats) { w, s in
                w.writeI32(1, s.pageType.rawValue)
                w.writeI32(2, s.encoding.rawValue)
                w.writeI32(3, s.count)
            }
        }
    }
}

/// Column-chunk statistics. Values are PLAIN-encoded (8 bytes little-endian); the deprecated
/// `max`/`min` (fields 1, 2) repeat `maxValue`/`minValue` (5, 6), whose order is the type order.
public struct Statistics: Equatable {
    public var maxValue: [UInt8]?
    public var minValue: [UInt8]?
    public var nullCount: Int64 = 0
    /// Doubles only; nil for other types.
    public var nanCount: Int64?

    public init(maxValue: [UInt8]?, minValue: [UInt8]?, nullCount: Int64 = 0, nanCount: Int64? = nil) {
        self.maxValue = maxValue
        self.minValue = minValue
        self.nullCount = nullCount
        self.nanCount = nanCount
    }

    func encode(_ w: inout CompactWriter) {
        if let maxValue { w.writeBinary(1, maxValue) }
        if let minValue { w.writeBinary(2, minValue) }
        w.writeI64(3, nullCount)
        if let maxValue { w.writeBinary(5, maxValue) }
        if let minValue { w.writeBinary(6, minValue) }
        if let nanCount { w.writeI64(9, nanCount) }
    }
}

public struct PageEncodingStats: Equatable {
    public var pageType: PageType
    public var encoding: Encoding
    public var count: Int32

    public init(pageType: PageType, encoding: Encoding, count: Int32) {
        self.pageType = pageType
        self.encoding = encoding
        self.count = count
    }
}
