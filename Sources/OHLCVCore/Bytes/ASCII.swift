/// Named byte constants: no other file writes a character code as a number.
public enum ASCII {
    public static let newline: UInt8 = 0x0A
    public static let carriageReturn: UInt8 = 0x0D
    public static let space: UInt8 = 0x20
    public static let tab: UInt8 = 0x09
    public static let quote: UInt8 = 0x22
    public static let plus: UInt8 = 0x2B
    public static let comma: UInt8 = 0x2C
    public static let minus: UInt8 = 0x2D
    public static let dot: UInt8 = 0x2E
    public static let colon: UInt8 = 0x3A
    public static let zero: UInt8 = 0x30
    public static let nine: UInt8 = 0x39
    public static let upperE: UInt8 = 0x45
    public static let lowerE: UInt8 = 0x65
    public static let leftBracket: UInt8 = 0x5B
    public static let rightBracket: UInt8 = 0x5D
    public static let leftBrace: UInt8 = 0x7B
    public static let rightBrace: UInt8 = 0x7D

    @inlinable @inline(__always)
    public static func isDigit(_ b: UInt8) -> Bool { b &- zero < 10 }

    @inlinable @inline(__always)
    public static func isWhitespace(_ b: UInt8) -> Bool { b == space || b == newline || b == carriageReturn || b == tab }
}
