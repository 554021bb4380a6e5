import WerkbankEngine

/// The kinds of value one column of a sheet holds, and the type they make.
///
/// A cell's own type decides what it is: a text cell is text even when it
/// reads as a number (`"12345"`, a code stored as text), so text makes a
/// string column. One pass per column, no allocation per cell.
struct XLSXColumnKinds {
    var numbers = false
    var wholeNumbers = true
    var dates = false
    var dateTimes = false
    var bools = false
    var texts = false
    /// Times of day and durations: always shown as text.
    var clockTimes = false
    var errors = 0
    /// A whole number outside 1800–2100 (for the header of years).
    var nonYears = false

    mutating func add(_ kind: XLSXGrid.Kind, _ number: Double, _ style: XLSXStylesEvents.NumberStyle) {
        switch kind {
        case .empty: break
        case .error: errors += 1
        case .bool: bools = true
        case .text: texts = true
        case .number:
            switch style {
            case .date, .dateTime:
                dates = true
                if XLSXTableBuilder.hasTime(number) { dateTimes = true }
            case .time, .duration: clockTimes = true
            case .plain, .text:
                numbers = true
                let whole = number == number.rounded() && abs(number) <= 9_007_199_254_740_992
                if !whole { wholeNumbers = false } else if !CSVYearHeader.years.contains(Int(number)) { nonYears = true }
            }
        }
    }

    /// Numbers only → int when all are whole, else float; dates only → date
    /// (string when one has a time of day, so it is never cut); booleans
    /// only → bool; text, times, durations or a mix of kinds → string.
    var type: DataType {
        let kinds = (numbers ? 1 : 0) + (dates ? 1 : 0) + (bools ? 1 : 0) + (texts ? 1 : 0)
        if clockTimes || texts || kinds > 1 { return .string }
        if numbers { return wholeNumbers ? .int : .float }
        if dates { return dateTimes ? .string : .date }
        if bools { return .bool }
        return .string
    }
}
