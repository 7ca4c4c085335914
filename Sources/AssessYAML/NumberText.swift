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

extension Int {
    /// `value` rounded toward zero and held to `Int`'s range (NaN reads as 0). A number read
    /// from a learner's file can be anything (`1e300`), and `Int(_:)` traps outside the range:
    /// a conversion of such a number must saturate, never end the process.
    public init(saturating value: Double) {
        if value.isNaN {
            self = 0
        } else if value >= 9.2e18 {
            self = .max
        } else if value <= -9.2e18 {
            self = .min
        } else {
            self = Int(value)
        }
    }
}
