/// The character repertoire an interchange declares in `UNB` S001 0001 (syntax identifier, UNCL 0001).
///
/// ISO 9735-1 Annex A: levels A and B (`UNOA`, `UNOB`) are 7-bit ASCII subsets; `UNOC`..`UNOK` are the parts
/// of ISO 8859 (graphic characters only, so C1 controls 0x80–0x9F are outside them); `UNOW` is UTF-8
/// (syntax version 4). No level has C0 controls or DEL as data. Lower-case letters under `UNOA` are let
/// through on purpose: carriers send them, and they change no name when screened.
public enum EdifactSyntaxLevel: Hashable, Sendable {
    /// `UNOA`, `UNOB`: 7-bit.
    case sevenBit
    /// `UNOC`..`UNOK`: one part of ISO 8859.
    case iso8859
    /// `UNOW`: UTF-8.
    case utf8
    /// Another or no identifier (`UNOX`, `UNOY` ISO 2022 / 10646 with escapes): only controls are checked.
    case other

    /// The level named by a syntax identifier such as `UNOA`.
    public init(identifier: String?) {
        switch identifier {
        case "UNOA", "UNOB": self = .sevenBit
        case "UNOC", "UNOD", "UNOE", "UNOF", "UNOG", "UNOH", "UNOI", "UNOJ", "UNOK": self = .iso8859
        case "UNOW": self = .utf8
        default: self = .other
        }
    }

    /// Whether bytes of these classes lie outside the level's repertoire.
    func excludes(_ bytes: EdifactSegment.Note.Bytes) -> Bool {
        if bytes.contains(.control) { return true }
        switch self {
        case .sevenBit: return bytes.contains(.high)
        case .iso8859: return bytes.contains(.c1)
        case .utf8: return bytes.contains(.notUTF8)
        case .other: return false
        }
    }
}
