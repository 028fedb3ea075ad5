import ArgumentParser
import StayRules

/// `kordon stay`: the 90/180 short-stay calculator over JSON lines.
///
/// Reads lines `{"stays": [{"entry": "YYYY-MM-DD", "exit": "YYYY-MM-DD" | null}], "control": "YYYY-MM-DD"}` on
/// standard input and writes each one back with all its keys and a `result` object
/// (`daysUsed`, `daysRemaining`, `overstay`, `latestExitIfEnteringOnControl`), in the semantics of
/// `shared/testdata/stay/README.md`. A bad line becomes `{"line": n, "error": {"code", "field", "message"}}`;
/// the command carries on. The line logic is `StayLine.process`, tested in StayRulesTests.
struct StayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stay",
        abstract: "Compute days used, days left and latest exit under the 90/180 rule for JSON lines on stdin.",
        discussion: """
            Rule: Regulation (EU) 2016/399 Art. 6(1) and Regulation (EU) 2017/2226 Art. 11 - at most 90 days \
            in any 180-day period; days of entry and exit both count. Exit code 0 even when some lines are \
            bad (each gives an error object); 1 when --fail-on-error is set and a line was bad.
            """
    )

    @Flag(help: "Reject overlapping stays and stays after the control date instead of merging/ignoring them.")
    var strict = false

    @Flag(help: "Exit with status 1 if any line was bad.")
    var failOnError = false

    func run() throws {
        let validation: StayHistory.Validation = strict ? .strict : .lenient
        var lineNumber = 0
        var bad = 0
        while let line = readLine(strippingNewline: true) {
            lineNumber += 1
            guard let output = StayLine.output(for: line, lineNumber: lineNumber, validation: validation) else {
                continue
            }
            if output.isError { bad += 1 }
            print(output.text)
        }
        if failOnError, bad > 0 { throw ExitCode(1) }
    }
}
