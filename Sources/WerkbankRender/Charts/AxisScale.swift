#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WerkbankEngine

/// An axis: its domain and "nice" ticks — steps of 1, 2 or 5 times a power of
/// ten (for dates: days, months or years), 4 to 7 of them, with the data
/// range padded so no point sits on the frame.
struct AxisScale: Equatable {
    var low: Double
    var high: Double
    var ticks: [Double]
    /// Decimals every tick label is written with (one convention per axis).
    var decimals: Int
    var isDate: Bool

    /// A numeric axis over `values`. `includeZero` (bars) starts it at zero;
    /// `pad` widens the data range by that share on each side first.
    static func numeric(_ values: [Double], includeZero: Bool = false, pad: Double = 0) -> AxisScale {
        var lo = values.min() ?? 0, hi = values.max() ?? 1
        if includeZero { lo = min(lo, 0); hi = max(hi, 0) }
        if lo == hi {
            // One value: a range around it, so it draws in the middle.
            let d = lo == 0 ? 1 : abs(lo) * 0.1
            lo -= d
            hi += d
        } else if pad > 0 {
            // The padding never takes the axis across zero: values that are
            // all positive (times, counts) get no negative ticks.
            let d = (hi - lo) * pad
            if !(includeZero && lo == 0) { lo = lo >= 0 ? max(0, lo - d) : lo - d }
            if !(includeZero && hi == 0) { hi = hi <= 0 ? min(0, hi + d) : hi + d }
        }
        // Whole numbers (counts, years) get whole steps.
        let whole = !values.isEmpty && values.allSatisfy { $0 == $0.rounded() }
        let step = whole ? max(1, niceStep(lo, hi)) : niceStep(lo, hi)
        let first = (lo / step).rounded(.down), last = (hi / step).rounded(.up)
        let ticks = stride(from: first, through: last + 0.5, by: 1).map { ($0 * step).nonNegativeZero }
        let decimals = max(0, min(10, -Int((log10(step) + 1e-9).rounded(.down))))
        return AxisScale(low: first * step, high: last * step, ticks: ticks, decimals: decimals, isDate: false)
    }

    /// The smallest step of 1, 2 or 5 × 10^k that cuts [lo, hi] into at most 6
    /// intervals (so 4 to 7 ticks for any range).
    static func niceStep(_ lo: Double, _ hi: Double) -> Double {
        let span = hi - lo
        guard span > 0, span.isFinite else { return 1 }
        let magnitude = pow(10, (log10(span / 6)).rounded(.down))
        for factor in [1.0, 2, 5, 10, 20] {
            let step = factor * magnitude
            if ((hi / step).rounded(.up) - (lo / step).rounded(.down)) <= 6 { return step }
        }
        return 50 * magnitude
    }

    /// A date axis (days since 1970): ticks on the first of a year, month or
    /// a day count, whichever gives 4 to 7.
    static func dates(_ values: [Double]) -> AxisScale {
        let lo = values.min() ?? 0, hi = values.max() ?? lo
        let (y0, m0, _) = CalendarDate.civil(Int32(clamping: Int(lo.rounded(.down))))
        let (y1, m1, _) = CalendarDate.civil(Int32(clamping: Int(hi.rounded(.up))))
        func day(_ y: Int, _ m: Int) -> Double { Double(CalendarDate.days(year: y, month: m, day: 1) ?? 0) }
        // Years when the range spans more than two of them, else months, else days.
        if y1 - y0 >= 2 {
            for step in [1, 2, 5, 10, 20, 50, 100] {
                let first = Int((Double(y0) / Double(step)).rounded(.down)) * step
                let lastYear = (m1 == 1 && hi == day(y1, 1)) ? y1 : y1 + 1
                let last = Int((Double(lastYear) / Double(step)).rounded(.up)) * step
                if (last - first) / step <= 6 {
                    let ticks = stride(from: first, through: last, by: step).map { day($0, 1) }
                    return AxisScale(low: ticks.first!, high: ticks.last!, ticks: ticks, decimals: 0, isDate: true)
                }
            }
        }
        let months = (y1 - y0) * 12 + (m1 - m0) + 1
        if months > 3 {
            for step in [1, 2, 3, 6, 12] where (months + step - 1) / step <= 6 {
                var ticks: [Double] = []
                var y = y0, m = ((m0 - 1) / step) * step + 1
                while true {
                    ticks.append(day(y, m))
                    if ticks.last! >= hi { break }
                    m += step
                    if m > 12 { m -= 12; y += 1 }
                }
                return AxisScale(low: ticks.first!, high: ticks.last!, ticks: ticks, decimals: 0, isDate: true)
            }
        }
        // Days: a whole number of days a step.
        let step = max(1, niceStep(lo, hi).rounded(.up))
        let first = (lo / step).rounded(.down), last = max((hi / step).rounded(.up), first + 1)
        let ticks = stride(from: first, through: last, by: 1).map { $0 * step }
        return AxisScale(low: ticks.first!, high: ticks.last!, ticks: ticks, decimals: 0, isDate: true)
    }

    /// A tick's label: dates as dates (a year axis as years), numbers with the
    /// axis's decimals and a thousands separator from 10,000 on (years such
    /// as 2015 read best without one).
    func label(_ v: Double) -> String {
        if isDate {
            let days = Int32(clamping: Int(v.rounded()))
            let civil = ticks.map { CalendarDate.civil(Int32(clamping: Int($0.rounded()))) }
            let (y, m, _) = CalendarDate.civil(days)
            if civil.allSatisfy({ $0.month == 1 && $0.day == 1 }) { return String(y) }
            if civil.allSatisfy({ $0.day == 1 }) { return "\(y)-\(m < 10 ? "0" : "")\(m)" }
            return CalendarDate.format(days)
        }
        return AxisScale.number(v, decimals: decimals)
    }

    /// Numbers on axes, bar labels and legends: fixed decimals, grouped by
    /// the convention every number shown follows (`NumberText.groupFrom`).
    static func number(_ v: Double, decimals: Int) -> String {
        ValueFormatter.grouped(v.nonNegativeZero, decimals: decimals, groupFrom: Double(NumberText.groupFrom))
    }

    /// Where `v` falls on a length of `size`, from `start` (0 at `low`).
    func position(_ v: Double, start: Double, size: Double) -> Double {
        high > low ? start + (v - low) / (high - low) * size : start + size / 2
    }
}

extension Double {
    /// -0.0 written as 0.
    var nonNegativeZero: Double { self == 0 ? 0 : self }
}
