import ArgumentParser
import Edifact
import Foundation

/// `kordon apis`: advance passenger information (UN/EDIFACT PAXLST or JSON manifests).
struct APISCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apis",
        abstract: "Advance passenger information: read PAXLST (UN/EDIFACT) or JSON manifests.",
        subcommands: [APISParse.self]
    )
}

/// `kordon apis parse FILE`: prints the parsed manifest as JSON (pretty, sorted keys), in the shape of
/// `shared/testdata/paxlst/*.expected.json`. What can be read is read (issue 14): a flawed manifest prints
/// with `complete` and `problems` (each with traveller and field) beside it, and its problems go to standard
/// error, one a line. Only a body with nothing to read is rejected: it prints `{"expectError": true,
/// "error": …, "problems": […]}` and exits with status 1.
struct APISParse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse a PAXLST interchange (or a JSON manifest) and print it as JSON.",
        discussion: """
            UN/EDIFACT PAXLST D:05B (WCO/IATA/ICAO API Guidelines). A body whose first non-blank character is '{' \
            is read as a JSON manifest. Problems name the segment number, tag, element and component, and the \
            traveller and field they belong to. Exit status 1 only when nothing could be read.
            """
    )

    @Argument(help: "The EDIFACT (.edi) or JSON manifest file; '-' reads standard input.")
    var file: String

    @Flag(help: "Kept for old scripts: unknown segments are always skipped and reported as warnings.")
    var allowUnknownSegments = false

    func run() throws {
        let bytes = try APISParse.read(file)
        let parser = PaxlstParser()
        let (output, warnings, accepted) = try APISParse.render(parser.parseAny(bytes))
        FileHandle.standardOutput.write(output)
        if !warnings.isEmpty { FileHandle.standardError.write(Data(warnings.utf8)) }
        if !accepted { throw ExitCode(1) }
    }

    /// The bytes of `path`, or of standard input for `-`.
    static func read(_ path: String) throws -> [UInt8] {
        if path == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read \(path)")
        }
        return Array(data)
    }

    /// What the command prints: JSON and a final newline, the problems of a manifest read (one a line) and
    /// whether it was read.
    static func render(_ result: PaxlstParseResult) throws -> (output: Data, warnings: String, accepted: Bool) {
        var output = try result.outputJSON()
        output.append(0x0A)
        let warnings = result.isAccepted ? result.problems.map { "\($0)\n" }.joined() : ""
        return (output, warnings, result.isAccepted)
    }
}
