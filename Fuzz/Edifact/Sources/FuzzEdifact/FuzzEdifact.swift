import Edifact
import Foundation

/// libFuzzer entry point: every input goes through `PaxlstParser.parse` (EDIFACT) and `parseAny` (JSON when it
/// starts with `{`). Problems are expected and ignored; what must never happen is asserted: a crash, a parse
/// that holds more travellers than the caps allow, an accepted manifest without messages, a rejection that is
/// not among the problems, a problem naming a traveller that was not read, or a manifest whose JSON does not
/// decode back to the same JSON.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEdifact(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let limits = EdifactLimits(maxSegments: 2_000, maxMessages: 20, maxTravellersPerMessage: 200)
    let parser = PaxlstParser(limits: limits)
    check(parser.parse(bytes), limits: limits)
    check(parser.parseAny(bytes), limits: limits)
    return 0
}

private func check(_ result: PaxlstParseResult, limits: EdifactLimits) {
    let manifest = result.manifest
    precondition(manifest.messages.count <= limits.maxMessages, "messages above the cap")
    for message in manifest.messages {
        precondition(message.travellers.count <= limits.maxTravellersPerMessage, "travellers above the cap")
        precondition(message.flights.count <= limits.maxFlightsPerMessage, "flights above the cap")
    }
    // Read what can be read, reject only what has nothing to read (issue 14).
    if result.isAccepted {
        precondition(!manifest.messages.isEmpty, "accepted manifest without messages")
    } else {
        precondition(result.rejection.map(result.problems.contains) == true, "rejection not among the problems")
    }
    let travellers = manifest.travellers.count
    for problem in result.problems {
        // The traveller cut off by the end of the input may be named one past the last kept.
        precondition((problem.traveller ?? 0) <= travellers, "problem names a traveller that was not read")
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    guard let json = try? encoder.encode(manifest) else { preconditionFailure("manifest does not encode") }
    guard let back = try? JSONDecoder().decode(Manifest.self, from: json) else {
        preconditionFailure("manifest JSON does not decode")
    }
    guard let again = try? encoder.encode(back), again == json else { preconditionFailure("JSON round trip differs") }
    _ = try? result.outputJSON()
}

/// libFuzzer's driver (LLVM 12+), started from the entry point SwiftPM gives an executable target.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32
) -> Int32

@_cdecl("FuzzEdifact_main")
func fuzzMain(
    _ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
    var count = argc
    var arguments = argv
    return withUnsafeMutablePointer(to: &arguments) { pointer in
        LLVMFuzzerRunDriver(&count, UnsafeMutableRawPointer(pointer).assumingMemoryBound(
            to: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?.self), fuzzEdifact)
    }
}
