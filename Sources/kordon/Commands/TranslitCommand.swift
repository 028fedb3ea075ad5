import ArgumentParser
import TravelDocuments

/// `kordon translit`: the Latin (MRZ) form of a name under a transliteration standard.
struct TranslitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "translit",
        abstract: "Transliterate a name into its Latin MRZ form (ICAO 9303 Part 3 §6, Ukrainian KMU 55/2010, ...).",
        discussion: """
            Standards: icao (ICAO 9303 Part 3 §6), ua2010 (Ukraine, Cabinet of Ministers Resolution 55 of \
            27 January 2010), ru (Russian passports since 2014), by (Belarusian passports). With --mrz the \
            name-field form is printed (`SURNAME<<GIVEN<NAMES`; a comma separates surname and given names). \
            With --variants, the Latin spellings of the same name under other systems, one per line. \
            Greek follows ELOT 743, Hebrew, Armenian and Georgian their national systems (Doc 9303 has no table \
            for them). A name with letters no table covers (e.g. Chinese) is reported as an error, never printed \
            with letters missing.
            """
    )

    @Option(help: "Standard: icao, ua2010, ru or by.")
    var standard: TransliterationStandard = .icao9303

    @Flag(help: "Print the MRZ name-field form (fillers '<').")
    var mrz = false

    @Flag(help: "Print the plausible Latin spellings of the name under other systems (screening keys).")
    var variants = false

    @Argument(help: "The text to transliterate (quote it if it has spaces).")
    var text: [String]

    func validate() throws {
        guard !text.isEmpty else { throw ValidationError("Give the text to transliterate.") }
    }

    func run() throws {
        let input = text.joined(separator: " ")
        if variants {
            for spelling in Transliteration.latinVariants(of: input).sorted() { print(spelling) }
            return
        }
        // A name with letters that have no Latin form is reported, never printed shortened or empty.
        do {
            _ = try Transliteration.latin(input, standard: standard)
        } catch {
            throw UntransliterableName(error: error)
        }
        print(mrz ? Transliteration.mrzName(input, standard: standard) : Transliteration.transliterate(input, standard: standard))
    }
}

/// The CLI's report of a name it will not print with letters missing (exit status 1).
struct UntransliterableName: Error, CustomStringConvertible {
    var error: TransliterationError
    var description: String {
        "cannot transliterate: \(error); no table covers these letters: enter the name in the Latin form its document shows"
    }
}

extension TransliterationStandard: ExpressibleByArgument {}
