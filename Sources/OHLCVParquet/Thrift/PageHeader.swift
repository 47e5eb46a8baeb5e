/// parquet.thrift `PageHeader` for the two page kinds written here: data page v1 and dictionary page.
public struct PageHeader {
    public enum Kind {
        /// `DataPageHeader{num_values, encoding, definition/repetition level encoding = RLE}`.
        case data(numValues: Int32, encoding: Encoding)
        /// `DictionaryPageHeader{num_values, encoding = PLAIN}`.
        case dictionary(numValues: Int32)
    }

    public var kind: Kind
    public var uncompressedPageSize: Int32
    public var compressedPageSize: Int32

    public init(kind: Kind, uncompressedPageSize: Int32, compressedPageSize: Int32) {
        self.kind = kind
        self.uncompressedPageSize = uncompressedPageSize
        self.compressedPageSize = compressedPageSize
    }

    public func encode(into buffer: ByteBuffer) {
        var w = CompactWriter(into: buffer)
        w.beginStruct()
        switch kind {
        case let .data(numValues, encoding):
            w.writeI32(1, PageType.dataPage.rawValue)
            w.writeI32(2, uncompressedPageSize)
            w.writeI32(3, compressedPageSize)
            w.writeStructField(5) { w in
                w.writeI32(1, numValues)
                w.writeI32(2, encoding.rawValue)
                w.writeI32(3, Encoding.rle.rawValue)
                w.writeI32(4, Encoding.rle.rawValue)
            }
        case let .dictionary(numValues):
            w.writeI32(1, PageType.dictionaryPage.rawValue)
            w.writeI32(2, uncompressedPageSize)
            w.writeI32(3, compressedPageSize)
            w.writeStructField(7) { w in
                w.writeI32(1, numValues)
                w.writeI32(2, Encoding.plain.rawValue)
            }
        }
        w.endStruct()
    }
}
