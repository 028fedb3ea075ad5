import Foundation
import TravelDocuments

/// libFuzzer entry point: the input, read as text (invalid UTF-8 repaired), split into lines, is parsed in
/// strict and lenient mode, and transliterated. Expected outcomes (problems) are ignored; what must never
/// happen is asserted: a crash, a valid result without fields, a lenient result whose own lines do not
/// re-parse strictly to the same validity, an unbounded or non-A-Z transliteration.
///
/// `FUZZ_MRZ_MODE` = `strict`, `lenient`, `translit` or `all` (default) picks what each input goes through.
let fuzzMode = ProcessInfo.processInfo.environment["FUZZ_MRZ_MODE"] ?? "all"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMRZ(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let text = String(decoding: bytes, as: UTF8.self)
    let lines = text.split(separator: "\n", maxSplits: 8, omittingEmptySubsequences: false).map(String.init)
    let asOf = Date(timeIntervalSince1970: 1_795_000_000)
    let mode = fuzzMode

    if mode == "strict" || mode == "all" {
        fuzzStrict(lines, asOf: asOf)
    }
    if mode == "lenient" || mode == "all" {
        fuzzLenient(lines, asOf: asOf, encode: mode == "all")
    }
    if mode == "translit" || mode == "all" {
        fuzzTransliteration(text)
    }
    return 0
}

func fuzzStrict(_ lines: [String], asOf: Date) {
    let strict = MRZ.parse(lines, mode: .strict, asOf: asOf)
    if strict.isValid {
        precondition(strict.document != nil && strict.checks?.allPass == true, "valid without fields or checks")
        precondition(strict.problems.isEmpty)
    }
    if strict.document == nil { precondition(!strict.problems.isEmpty, "unreadable without a problem") }
}

/// Lenient parse; `encode` also renders the JSON report (slow under ASan, so only in `all` mode).
func fuzzLenient(_ lines: [String], asOf: Date, encode: Bool) {
    let lenient = MRZ.parse(lines, mode: .lenient, asOf: asOf)
    let again = MRZ.parse(lenient.lines, mode: .strict, asOf: asOf)
    precondition(
        again.isValid == lenient.isValid || lenient.problems.contains { $0.code == .ambiguousRepair },
        "lenient lines re-parse differently")
    if encode { _ = MRZReport(lenient, mode: .lenient).jsonLine() }
}

func fuzzTransliteration(_ text: String) {
    for standard in TransliterationStandard.allCases {
        let latin = Transliteration.transliterate(text, standard: standard)
        precondition(latin.utf8.allSatisfy { (0x41...0x5A).contains($0) || $0 == 0x20 }, "non-MRZ letter")
    }
    let variants = Transliteration.latinVariants(of: text)
    precondition(variants.count <= Transliteration.maximumVariantCount, "unbounded variants")
}

/// libFuzzer's driver (LLVM 12+), started from the entry point SwiftPM gives an executable target.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32
) -> Int32

@_cdecl("FuzzMRZ_main")
func fuzzMain(
    _ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
    var count = argc
    var arguments = argv
    return withUnsafeMutablePointer(to: &arguments) { pointer in
        LLVMFuzzerRunDriver(&count, UnsafeMutableRawPointer(pointer).assumingMemoryBound(
            to: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?.self), fuzzMRZ)
    }
}
