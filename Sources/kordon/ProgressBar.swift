import Foundation

/// A one-line progress bar on standard error, redrawn in place; silent when stderr is not a terminal
/// unless `always` is set (CI logs get one line per stage instead of hundreds).
struct ProgressBar: Sendable {
    let always: Bool

    init(always: Bool = false) { self.always = always }

    func update(_ label: String, _ done: Int, _ total: Int) {
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let line = String(format: "%@ %3d%% %@ %d/%d", bar, Int(fraction * 100), label, done, total)
        if isatty(2) == 1 {
            FileHandle.standardError.write(Data("\r\u{1B}[2K\(line)\(done >= total ? "\n" : "")".utf8))
        } else if always || done >= total {
            FileHandle.standardError.write(Data("\(line)\n".utf8))
        }
    }
}
