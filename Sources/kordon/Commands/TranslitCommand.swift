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
            With --variants, the Latin spellings of the same name under other systems, one per line.
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
        } else if mrz {
            print(Transliteration.mrzName(input, standard: standard))
        } else {
            print(Transliteration.transliterate(input, standard: standard))
        }
    }
}

extension TransliterationStandard: ExpressibleByArgument {}
