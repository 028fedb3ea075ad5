/// Vehicle registration plates as one key.
///
/// Ukrainian, Russian and Belarusian plates use only the Cyrillic letters that look Latin
/// (А В Е І К М Н О Р С Т Х У), so the same plate is typed `АА1234ВС` in Cyrillic by one agency and
/// `AA1234BC` in Latin by a partner's reader. Spaces, dashes and dots are layout, not content.
public enum PlateNormalizer {
    static let lookAlikes: [UInt32: UInt8] = [
        0x0410: 0x41, 0x0412: 0x42, 0x0415: 0x45, 0x0406: 0x49, 0x041A: 0x4B, 0x041C: 0x4D, 0x041D: 0x48,
        0x041E: 0x4F, 0x0420: 0x50, 0x0421: 0x43, 0x0422: 0x54, 0x0425: 0x58, 0x0423: 0x59,
        0x0430: 0x41, 0x0432: 0x42, 0x0435: 0x45, 0x0456: 0x49, 0x043A: 0x4B, 0x043C: 0x4D, 0x043D: 0x48,
        0x043E: 0x4F, 0x0440: 0x50, 0x0441: 0x43, 0x0442: 0x54, 0x0445: 0x58, 0x0443: 0x59,
    ]

    /// Upper-case Latin letters and digits; Cyrillic look-alikes become their Latin twins, other
    /// letters are kept as they are (a plate with `Ж` stays distinct), separators vanish.
    public static func normalize(_ plate: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in plate.unicodeScalars.prefix(64) {
            let value = scalar.value
            switch value {
            case 0x30...0x39, 0x41...0x5A: out.append(scalar)
            case 0x61...0x7A: if let upper = Unicode.Scalar(value - 32) { out.append(upper) }
            default:
                if let latin = lookAlikes[value] {
                    out.append(Unicode.Scalar(latin))
                } else if scalar.properties.isAlphabetic {
                    for upper in scalar.properties.uppercaseMapping.unicodeScalars { out.append(upper) }
                }
            }
        }
        return String(out)
    }
}

/// Document number matching rules.
enum DocumentMatcher {
    /// OCR-B confusions (ICAO 9303 Part 3 §4.1 uses OCR-B; readers still mistake these): letters
    /// folded onto the digit they are read as, so `AB0123456` and `ABO123456` meet.
    static func ocrFolded(_ normalized: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in normalized.unicodeScalars {
            switch scalar {
            case "O", "Q", "D": out.append("0")
            case "I", "L": out.append("1")
            case "Z": out.append("2")
            case "S": out.append("5")
            case "B": out.append("8")
            case "G": out.append("6")
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}
