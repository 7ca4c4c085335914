import ArgumentParser
import Foundation

/// `--color auto|always|never`. `auto` colours only a terminal that can show it: standard
/// output is a TTY, `NO_COLOR` is unset and `TERM` is not `dumb`.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never

    func enabled(environment: [String: String] = ProcessInfo.processInfo.environment, isTTY: Bool) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto:
            return isTTY && (environment["NO_COLOR"].map(\.isEmpty) ?? true) && environment["TERM"] != "dumb"
        }
    }

    /// Whether standard output is a terminal.
    static var standardOutputIsTTY: Bool { isatty(STDOUT_FILENO) == 1 }

    /// The width to wrap the terminal report at: `COLUMNS`, else the TTY's width; a pipe or a
    /// file gets long lines (nothing is cut either way).
    static var terminalWidth: Int {
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 20 {
            return columns
        }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 { return Int(size.ws_col) }
        return 10_000
    }
}
