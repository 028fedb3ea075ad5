import Foundation

/// How strictly input is read.
public enum MRZParseMode: String, Sendable, Codable, CaseIterable {
    /// The zone exactly as ICAO 9303 prints it; anything else is a problem.
    case strict
    /// OCR input: trims and pads lines, reads `«` and spaces as `<`, repairs confusable characters by the
    /// field's character class and the check digits, and reports every repair (see `MRZParser+Lenient`).
    case lenient
}

/// Entry points for reading and writing machine-readable zones.
public enum MRZ {
    /// Parses the lines of one zone. Never throws: problems come back in the result.
    ///
    /// `asOf` is the day against which two-digit years are resolved (birth dates never after it); the library
    /// never reads the clock.
    public static func parse(_ lines: [String], mode: MRZParseMode = .strict, asOf: Date) -> MRZParseResult {
        MRZParser(mode: mode, asOf: asOf).parse(lines)
    }

    /// Parses a zone given as one text with a line break between lines.
    public static func parse(_ text: String, mode: MRZParseMode = .strict, asOf: Date) -> MRZParseResult {
        MRZParser(mode: mode, asOf: asOf).parse(text)
    }
}

/// A reusable parser: holds the mode and the resolved `asOf` day, so a hot loop does no calendar work.
public struct MRZParser: Sendable {
    /// Strict or lenient.
    public let mode: MRZParseMode
    let asOf: CivilDate

    /// Lines beyond this many characters are not examined (bounded work on hostile input).
    public static let maximumLineLength = 256
    /// At most this many character problems are reported per line.
    static let maximumCharacterProblems = 8

    /// A parser resolving two-digit years against the UTC day of `asOf`.
    public init(mode: MRZParseMode = .strict, asOf: Date) {
        self.mode = mode
        self.asOf = CivilDate(asOf)
    }

    /// Parses a zone given as one text, lines separated by line breaks (at most 8 lines are looked at).
    public func parse(_ text: String) -> MRZParseResult {
        var lines: [String] = []
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            if lines.count > 8 { break }
            lines.append(String(line))
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return parse(lines)
    }

    /// Parses the lines of one zone. Never throws; in strict mode a well-formed zone allocates only the
    /// result's own storage (strings over 15 bytes, non-empty problem lists).
    public func parse(_ lines: [String]) -> MRZParseResult {
        switch mode {
        case .strict: return parseStrict(lines, repairs: [], extraProblems: [])
        case .lenient: return parseLenient(lines)
        }
    }

    // MARK: - Structure

    func structureFailure(_ problems: [MRZProblem], lines: [String], repairs: [MRZRepair]) -> MRZParseResult {
        MRZParseResult(
            format: nil, document: nil, checks: nil, problems: problems, warnings: [], repairs: repairs, lines: lines)
    }

    func parseStrict(_ lines: [String], repairs: [MRZRepair], extraProblems: [MRZProblem]) -> MRZParseResult {
        if let result = parseWellFormed(lines, repairs: repairs, extraProblems: extraProblems) { return result }
        var problems = extraProblems
        let count = lines.count
        guard count == 2 || count == 3 else {
            problems.append(
                MRZProblem(.wrongLineCount, field: .lineCount, line: 1, column: 1,
                           message: "\(min(count, 99)) line(s); an MRZ has 2 (TD2, TD3, MRV) or 3 (TD1)"))
            return structureFailure(problems, lines: lines, repairs: repairs)
        }
        var lengths = (0, 0, 0)
        var allASCII = true
        for (index, line) in lines.enumerated() {
            var scalars = 0
            for byte in line.utf8 {
                if byte & 0xC0 != 0x80 { scalars += 1 }
                if byte >= 0x80 { allASCII = false }
            }
            switch index {
            case 0: lengths.0 = scalars
            case 1: lengths.1 = scalars
            default: lengths.2 = scalars
            }
        }
        let first = lengths.0
        var structural = false
        let equal = lengths.1 == first && (count == 2 || lengths.2 == first)
        if !equal {
            structural = true
            let expected = [30, 36, 44].contains(lengths.1) ? lengths.1 : first
            for (index, length) in [lengths.0, lengths.1, lengths.2].prefix(count).enumerated() where length != expected {
                problems.append(
                    MRZProblem(.wrongLineLength, field: .lineLength, line: index + 1, column: min(length, expected) + 1,
                               message: "line has \(length) characters, the other lines \(expected)"))
            }
        } else if ![30, 36, 44].contains(first) {
            structural = true
            problems.append(
                MRZProblem(.unknownFormat, field: .format, line: 1, column: 1,
                           message: "lines of \(first) characters; ICAO 9303 formats have 30, 36 or 44"))
        } else if (first == 30) != (count == 3) {
            structural = true
            problems.append(
                MRZProblem(.wrongLineCount, field: .lineCount, line: 1, column: 1,
                           message: "\(count) lines of \(first) characters; \(first == 30 ? "TD1 has 3" : "this format has 2")"))
        }
        // Characters: A-Z, 0-9 and < only (ICAO 9303 Part 3 §4.3).
        var badCharacters = false
        for (index, line) in lines.enumerated() {
            if allASCII {
                var clean = true
                for byte in line.utf8 {
                    let upper = byte &- 0x41 < 26
                    let digit = byte &- 0x30 < 10
                    if !(upper || digit || byte == 0x3C) { clean = false; break }
                }
                if clean { continue }
            }
            var column = 0
            var reported = 0
            for scalar in line.unicodeScalars {
                column += 1
                if column > Self.maximumLineLength { break }
                let value = scalar.value
                let ok = (0x41...0x5A).contains(value) || (0x30...0x39).contains(value) || value == 0x3C
                guard !ok else { continue }
                badCharacters = true
                if reported < Self.maximumCharacterProblems {
                    reported += 1
                    let lower = (0x61...0x7A).contains(value)
                    problems.append(
                        MRZProblem(lower ? .lowercase : .illegalCharacter, field: .characters, line: index + 1,
                                   column: column,
                                   message: lower ? "lowercase letter; the MRZ has upper case only"
                                       : "character U+\(String(value, radix: 16, uppercase: true)) not allowed; only A-Z, 0-9 and <"))
                }
            }
        }
        guard !structural, !badCharacters, allASCII,
              let format = MRZFormat.detect(lineCount: count, lineLength: first, firstCharacter: lines[0].utf8.first ?? 0)
        else {
            return structureFailure(problems, lines: lines, repairs: repairs)
        }
        let length = format.lineLength
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 3 * 44) { storage in
            var offset = 0
            for line in lines {
                for byte in line.utf8 {
                    storage[offset] = byte
                    offset += 1
                }
            }
            let zone = Zone(bytes: UnsafeBufferPointer(rebasing: storage[0..<offset]), lineLength: length)
            return readFields(zone, format: format, lines: lines, problems: problems, repairs: repairs)
        }
    }
}

extension MRZParser {
    /// The hot path: lines of the right count and length holding only `A-Z 0-9 <` are checked and copied in one
    /// pass over contiguous UTF-8; anything else returns nil and goes through the diagnosing path above.
    @inline(__always)
    func parseWellFormed(_ lines: [String], repairs: [MRZRepair], extraProblems: [MRZProblem]) -> MRZParseResult? {
        let count = lines.count
        guard count == 2 || count == 3 else { return nil }
        let length = lines[0].utf8.count
        guard length == 30 || length == 36 || length == 44, (length == 30) == (count == 3) else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 3 * 44) { storage -> MRZParseResult? in
            guard let base = storage.baseAddress else { return nil }
            var offset = 0
            for line in lines {
                guard line.utf8.count == length else { return nil }
                let clean = line.utf8.withContiguousStorageIfAvailable { source -> Bool in
                    var ok = true
                    for index in 0..<length {
                        let byte = source[index]
                        ok = ok && (byte &- 0x41 < 26 || byte &- 0x30 < 10 || byte == 0x3C)
                        base[offset + index] = byte
                    }
                    return ok
                }
                guard clean == true else { return nil }
                offset += length
            }
            guard let format = MRZFormat.detect(lineCount: count, lineLength: length, firstCharacter: base[0]) else {
                return nil
            }
            let zone = Zone(bytes: UnsafeBufferPointer(start: base, count: offset), lineLength: length)
            return readFields(zone, format: format, lines: lines, problems: extraProblems, repairs: repairs)
        }
    }
}

/// The zone's characters, addressed as ICAO 9303 does: 1-based line and column.
struct Zone {
    let bytes: UnsafeBufferPointer<UInt8>
    let lineLength: Int

    @inline(__always)
    func at(_ line: Int, _ column: Int) -> UInt8 { bytes[(line - 1) * lineLength + column - 1] }

    @inline(__always)
    func slice(_ line: Int, _ column: Int, _ count: Int) -> UnsafeBufferPointer<UInt8> {
        let start = (line - 1) * lineLength + column - 1
        return UnsafeBufferPointer(rebasing: bytes[start..<(start + count)])
    }
}
