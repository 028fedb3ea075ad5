import ArgumentParser
import Foundation
import TravelDocuments

/// `kordon mrz`: read and write ICAO 9303 machine-readable zones.
struct MRZCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mrz",
        abstract: "Parse and validate, or generate, ICAO 9303 machine-readable zones (TD1, TD2, TD3, MRV-A, MRV-B).",
        subcommands: [MRZParseCommand.self, MRZMakeCommand.self]
    )
}

/// `kordon mrz parse [--lenient]`: MRZ blocks on stdin (blank line between), one JSON object per block.
struct MRZParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Read MRZs from standard input (blocks separated by a blank line); write one JSON object per block.",
        discussion: """
            Keys: format, documentCode, issuingState, surname, givenNames, documentNumber, nationality, birthDate, \
            expiryDate (YYMMDD as printed), sex (M|F|X), optionalData, optionalData2, checks, valid, problems \
            ({field, line, column, message}), repairs (with --lenient), warnings, birthDateISO, expiryDateISO. \
            Exit code 0 even when some zones are invalid; 1 with --fail-on-invalid.
            """
    )

    @Flag(help: "OCR input: trim and pad lines, read « and spaces as <, repair confusable characters, report repairs.")
    var lenient = false

    @Option(help: "Day against which two-digit years are resolved (YYYY-MM-DD, default: today, UTC).")
    var asOf: String?

    @Flag(help: "Exit with status 1 if any zone is invalid.")
    var failOnInvalid = false

    func validate() throws {
        if let asOf, MRZCommandSupport.date(asOf) == nil {
            throw ValidationError("--as-of must be a date YYYY-MM-DD")
        }
    }

    func run() throws {
        let day = asOf.flatMap(MRZCommandSupport.date) ?? Date()
        var reader = MRZBlockReader(parser: MRZParser(mode: lenient ? .lenient : .strict, asOf: day))
        var invalid = false
        // Bytes in, bytes out, 64 KiB at a time: per-line `readLine` and `print` cost more than the parse.
        var out: [UInt8] = []
        out.reserveCapacity(1 << 17)
        let input = FileHandle.standardInput
        var pending: [UInt8] = []
        func flush(force: Bool) {
            guard force || out.count >= 1 << 16 else { return }
            out.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                var offset = 0
                while offset < buffer.count {
                    let written = write(1, base + offset, buffer.count - offset)
                    if written <= 0 { break }
                    offset += written
                }
            }
            out.removeAll(keepingCapacity: true)
        }
        while let chunk = try input.read(upToCount: 1 << 16), !chunk.isEmpty {
            pending.append(contentsOf: chunk)
            var start = 0
            while let end = pending[start...].firstIndex(of: 0x0A) {
                let line = String(decoding: pending[start..<end], as: UTF8.self)
                if reader.feed(line, appendingTo: &out) == false { invalid = true }
                start = end + 1
                flush(force: false)
            }
            pending.removeFirst(start)
        }
        if !pending.isEmpty, reader.feed(String(decoding: pending, as: UTF8.self), appendingTo: &out) == false {
            invalid = true
        }
        if reader.finish(appendingTo: &out) == false { invalid = true }
        flush(force: true)
        if failOnInvalid, invalid { throw ExitCode(1) }
    }
}

/// `kordon mrz make`: JSON fields on stdin (one object per line) → MRZ lines, a blank line between zones.
struct MRZMakeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "make",
        abstract: "Build MRZs from JSON fields on standard input (one object per line).",
        discussion: """
            Fields: format (TD1|TD2|TD3|MRVA|MRVB), documentCode, issuingState, surname, givenNames, \
            documentNumber, nationality, birthDate and expiryDate (YYMMDD), sex (M|F|X), optionalData, \
            optionalData2 (TD1). Names in any script are transliterated per ICAO 9303 Part 3 §6 and truncated \
            per §4.6. A line that cannot be made prints {"error": {"code", "field", "message"}}.
            """
    )

    func run() throws {
        var first = true
        var failed = false
        while let line = readLine(strippingNewline: true) {
            if line.allSatisfy(\.isWhitespace) { continue }
            if !first { print("") }
            first = false
            switch MRZCommandSupport.make(jsonLine: line) {
            case .success(let lines): print(lines.joined(separator: "\n"))
            case .failure(let message):
                failed = true
                print(message)
            }
        }
        if failed { throw ExitCode(1) }
    }
}

/// The testable parts of the MRZ commands.
enum MRZCommandSupport {
    static func date(_ text: String) -> Date? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var components = DateComponents()
        components.year = year
        components.month = month
        components.day = day
        components.hour = 12
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar.date(from: components)
    }

    enum Outcome { case success([String]), failure(String) }

    static func make(jsonLine: String) -> Outcome {
        do {
            let fields = try JSONDecoder().decode(MRZFields.self, from: Data(jsonLine.utf8))
            return .success(try MRZ.make(fields))
        } catch let error as MRZError {
            return .failure(
                #"{"error":{"code":"\#(error.code.rawValue)","field":"\#(error.field.rawValue)","message":"\#(error.message)"}}"#)
        } catch {
            return .failure(#"{"error":{"code":"invalidJSON","field":null,"message":"not a JSON object of MRZ fields"}}"#)
        }
    }
}
