import Screening

/// One libFuzzer input: a JSON Lines record and a name. Expected failures are `ScreeningError`s;
/// what must never happen is a crash, a trap, or a normalised name that normalises differently again.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScreening(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    _ = try? JSONValue.parse(text)
    _ = try? BenchmarkFormat.alert(fromLine: text)
    _ = try? BenchmarkFormat.query(fromLine: text)
    let normalized = NameNormalizer.normalize(text)
    precondition(NameNormalizer.normalize(normalized) == normalized, "normalisation is not idempotent")
    _ = PlateNormalizer.normalize(text)
    _ = BirthDate(iso: text)
    let index = ScreeningIndex(alerts: [Alert(id: "A", category: .entryBan, person: AlertPerson(names: [PersonName(surname: text)]))])
    _ = index.screen(PersonQuery(surname: text, givenNames: text), threshold: 0.0)
    return 0
}

/// libFuzzer's driver, called from the entry point SwiftPM links as `main` for this executable.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafeRawPointer?, Int) -> CInt
) -> CInt

@_cdecl("FuzzScreening_main")
public func fuzzScreeningMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in fuzzScreening(data, size) }
}
