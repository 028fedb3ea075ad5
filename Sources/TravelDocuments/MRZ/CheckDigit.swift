/// MRZ check digits, ICAO 9303 Part 3 §4.9: weights 7-3-1 repeating; `0`-`9` count as their value, `A`-`Z` as
/// 10-35, `<` as 0; the digit is the sum modulo 10.
public enum CheckDigit {
    /// The value of one MRZ character, or nil for a character the MRZ cannot hold.
    @inline(__always)
    /// The value of one MRZ character in a check-digit sum: `0`-`9` → 0-9, `A`-`Z` → 10-35, `<` → 0; nil otherwise.
    public static func value(of byte: UInt8) -> Int? {
        switch byte {
        case 0x30...0x39: return Int(byte) - 0x30
        case 0x41...0x5A: return Int(byte) - 0x41 + 10
        case 0x3C: return 0
        default: return nil
        }
    }

    /// The check digit (0-9) over `text`; characters outside `A-Z 0-9 <` count as 0.
    public static func compute(_ text: String) -> Int {
        var accumulator = Accumulator()
        for byte in text.utf8 { accumulator.add(byte) }
        return accumulator.digit
    }

    /// The check digit character (`"0"`...`"9"`) over `text`.
    public static func character(for text: String) -> Character {
        Character(Unicode.Scalar(UInt8(0x30 + compute(text))))
    }

    /// Running weighted sum, so that composite digits can span several ranges without copying.
    struct Accumulator {
        private var sum = 0
        private var weightIndex = 0

        @inline(__always)
        mutating func add(_ byte: UInt8) {
            let weight = weightIndex == 0 ? 7 : (weightIndex == 1 ? 3 : 1)
            sum &+= (CheckDigit.value(of: byte) ?? 0) &* weight
            weightIndex = weightIndex == 2 ? 0 : weightIndex + 1
        }

        @inline(__always)
        mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
            for byte in bytes { add(byte) }
        }

        var digit: Int { sum % 10 }
    }
}
