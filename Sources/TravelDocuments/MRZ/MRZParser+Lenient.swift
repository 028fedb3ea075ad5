extension MRZParser {
    func parseLenient(_ lines: [String]) -> MRZParseResult {
        parseStrict(lines, repairs: [], extraProblems: [])
    }
}
