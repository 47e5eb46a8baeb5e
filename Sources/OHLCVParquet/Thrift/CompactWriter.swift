/// The writer half of the Thrift Compact Protocol, as much of it as Parquet metadata needs.
///
/// Fields are written in ascending id order; the writer keeps the previous field id of every open
/// struct so each field header is a 1-byte delta when it can be. i16/i32/i64 are zigzag varints told
/// apart only by the type nibble, bools live in the type nibble, and each struct ends with STOP (0).
public struct CompactWriter {
    public enum FieldType: UInt8 {
        case boolTrue = 1, boolFalse = 2, i8 = 3, i16 = 4, i32 = 5, i64 = 6, double = 7, binary = 8
        case list = 9, set = 10, map = 11, structure = 12
    }

    public let buffer: ByteBuffer
    private var lastFieldID: Int16 = 0
    private var enclosingFieldIDs: [Int16] = []

    public init(into buffer: ByteBuffer = ByteBuffer(capacity: 256)) {
        self.buffer = buffer
    }

    // MARK: structs

    /// Opens a struct: a top-level one, a list element, or (after `fieldHeader(.structure)`) a field.
    public mutating func beginStruct() {
        enclosingFieldIDs.append(lastFieldID)
        lastFieldID = 0
    }

    /// Writes STOP and returns to the enclosing struct's field numbering.
    public mutating func endStruct() {
        buffer.append(0)
        lastFieldID = enclosingFieldIDs.removeLast()
    }

    public mutating func fieldHeader(_ id: Int16, _ type: FieldType) {
        precondition(id > lastFieldID, "thrift field \(id) written after field \(lastFieldID)")
        let delta = id - lastFieldID
        if delta <= 15 {
            buffer.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            buffer.append(type.rawValue)
            buffer.appendZigzagVarint(Int64(id))
        }
        lastFieldID = id
    }

    // MARK: fields

    public mutating func writeStructField(_ id: Int16, _ body: (inout CompactWriter) -> Void) {
        fieldHeader(id, .structure)
        beginStruct()
        body(&self)
        endStruct()
    }

    /// An empty struct field, as union members such as TimeUnit.MILLIS and ColumnOrder.TYPE_ORDER are.
    public mutating func writeEmptyStructField(_ id: Int16) {
        writeStructField(id) { _ in }
    }

    public mutating func writeBool(_ id: Int16, _ value: Bool) {
        fieldHeader(id, value ? .boolTrue : .boolFalse)
    }

    public mutating func writeI16(_ id: Int16, _ value: Int16) {
        fieldHeader(id, .i16)
        buffer.appendZigzagVarint(Int64(value))
    }

    public mutating func writeI32(_ id: Int16, _ value: Int32) {
        fieldHeader(id, .i32)
        buffer.appendZigzagVarint(Int64(value))
    }

    public mutating func writeI64(_ id: Int16, _ value: Int64) {
        fieldHeader(id, .i64)
        buffer.appendZigzagVarint(value)
    }

    public mutating func writeBinary(_ id: Int16, _ bytes: [UInt8]) {
        fieldHeader(id, .binary)
        writeBinaryValue(bytes)
    }

    public mutating func writeString(_ id: Int16, _ text: String) {
        writeBinary(id, Array(text.utf8))
    }

    // MARK: lists

    /// A list field's header; the elements follow with no field headers.
    public mutating func writeListHeader(_ id: Int16, elementType: FieldType, count: Int) {
        fieldHeader(id, .list)
        writeListHeaderValue(elementType: elementType, count: count)
    }

    public mutating func writeListHeaderValue(elementType: FieldType, count: Int) {
        if count < 15 {
            buffer.append(UInt8(count) << 4 | elementType.rawValue)
        } else {
            buffer.append(0xF0 | elementType.rawValue)
            buffer.appendVarint(UInt64(count))
        }
    }

    public mutating func writeI32List(_ id: Int16, _ values: [Int32]) {
        writeListHeader(id, elementType: .i32, count: values.count)
        for v in values { buffer.appendZigzagVarint(Int64(v)) }
    }

    public mutating func writeStringList(_ id: Int16, _ values: [String]) {
        writeListHeader(id, elementType: .binary, count: values.count)
        for v in values { writeBinaryValue(Array(v.utf8)) }
    }

    /// A list of structs; `element` writes the fields of one element (begin/end are done here).
    public mutating func writeStructList<T>(_ id: Int16, _ elements: [T], _ element: (inout CompactWriter, T) -> Void) {
        writeListHeader(id, elementType: .structure, count: elements.count)
        for e in elements {
            beginStruct()
            element(&self, e)
            endStruct()
        }
    }

    private func writeBinaryValue(_ bytes: [UInt8]) {
        buffer.appendVarint(UInt64(bytes.count))
        buffer.append(bytes)
    }
}
