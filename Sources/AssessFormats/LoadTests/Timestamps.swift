import Foundation

/// Fast parsing of the timestamps load tools write, without a formatter per call.
public enum Timestamps {
    /// Days from 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    @inline(__always) static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// RFC 3339 (`2023-09-08T21:03:10.549397854+02:00`, `2021-02-24T13:37:10Z`) to seconds
    /// since the epoch; nil when the text is not one.
    public static func rfc3339(_ bytes: UnsafeRawBufferPointer) -> Double? {
        let n = bytes.count
        guard n >= 19 else { return nil }
        @inline(__always) func digit(_ i: Int) -> Int? {
            let c = Int(bytes[i]) - 48
            return c >= 0 && c <= 9 ? c : nil
        }
        @inline(__always) func number(_ from: Int, _ count: Int) -> Int? {
            var value = 0
            for i in from..<(from + count) {
                guard let d = digit(i) else { return nil }
                value = value * 10 + d
            }
            return value
        }
        guard let year = number(0, 4), bytes[4] == 0x2D, let month = number(5, 2), bytes[7] == 0x2D,
            let day = number(8, 2), bytes[10] == 0x54 || bytes[10] == 0x74 || bytes[10] == 0x20,
            let hour = number(11, 2), bytes[13] == 0x3A, let minute = number(14, 2), bytes[16] == 0x3A,
            let second = number(17, 2), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var fraction = 0.0
        var i = 19
        if i < n, bytes[i] == 0x2E || bytes[i] == 0x2C {
            i += 1
            var scale = 0.1
            while i < n, let d = digit(i) {
                fraction += Double(d) * scale
                scale /= 10
                i += 1
            }
        }
        var offset = 0
        if i < n {
            switch bytes[i] {
            case 0x5A, 0x7A: i += 1
            case 0x2B, 0x2D:
                // `+02:00`, and `+0200` or `+02` as some tools write it.
                guard i + 3 <= n, let oh = number(i + 1, 2) else { return nil }
                var om = 0
                var width = 3
                if i + 6 <= n, bytes[i + 3] == 0x3A, let minutes = number(i + 4, 2) {
                    om = minutes
                    width = 6
                } else if i + 5 <= n, let minutes = number(i + 3, 2) {
                    om = minutes
                    width = 5
                }
                offset = (oh * 3600 + om * 60) * (bytes[i] == 0x2D ? -1 : 1)
                i += width
            default: return nil
            }
        }
        guard i == n else { return nil }
        let whole = days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Double(whole) + fraction
    }

    public static func rfc3339(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { rfc3339(UnsafeRawBufferPointer($0)) }
    }
}

/// RFC 3339 parsing for a stream whose timestamps share their second with the line before:
/// the date, time and zone are parsed once per second and only the fraction on each line.
public struct TimestampCache {
    private var prefix = [UInt8](repeating: 0, count: 19)
    private var zone: [UInt8] = []
    private var whole: Double?

    public init() {}

    public mutating func seconds(_ bytes: UnsafeRawBufferPointer) -> Double? {
        let n = bytes.count
        guard n >= 19 else { return nil }
        // The fraction runs from byte 19 while there are digits after a '.'.
        var zoneStart = 19
        var fraction = 0.0
        if n > 19, bytes[19] == 0x2E {
            zoneStart = 20
            var scale = 0.1
            while zoneStart < n, bytes[zoneStart] >= 0x30, bytes[zoneStart] <= 0x39 {
                fraction += Double(bytes[zoneStart] - 0x30) * scale
                scale /= 10
                zoneStart += 1
            }
        }
        let zoneBytes = UnsafeRawBufferPointer(rebasing: bytes[zoneStart..<n])
        if let whole, memcmp(bytes.baseAddress!, prefix, 19) == 0, zoneBytes.count == zone.count,
            zone.withUnsafeBytes({
                zoneBytes.count == 0 || memcmp($0.baseAddress!, zoneBytes.baseAddress!, zoneBytes.count) == 0
            })
        {
            return whole + fraction
        }
        var plain = Array(bytes[0..<19])
        plain += zoneBytes
        guard let value = plain.withUnsafeBytes({ Timestamps.rfc3339($0) }) else {
            whole = nil
            return nil
        }
        prefix = Array(bytes[0..<19])
        zone = Array(zoneBytes)
        whole = value
        return value + fraction
    }
}
