import Foundation

extension Double {
    /// `12` rather than `12.0`; otherwise up to four decimals: how numbers read in messages.
    /// Defined here, beside `Diagnostic`, because every module that writes a message uses it.
    public var compact: String { compact(places: 4) }

    /// `12` rather than `12.0`; otherwise up to `places` decimals, trailing zeros dropped.
    public func compact(places: Int) -> String {
        if rounded() == self, abs(self) < 1e15 { return String(Int(self)) }
        var text = String(format: "%.\(places)f", self)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
