@testable import Screening

// screening-pair: the spellings each word gets, as alert and as traveller. Usage: screening-pair WORD...
for word in CommandLine.arguments.dropFirst() {
    for w in NameNormalizer.words(word, limit: 12) {
        let s = AlertPreparer.spellings(of: w)
        let key = s.first.flatMap { ConsonantKey.of($0) }
        print("\(w.text): cyr=\(w.isCyrillic) spellings=\(s) travellerKey=\(key ?? "-")")
    }
}
