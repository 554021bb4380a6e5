import Testing
@testable import WerkbankEngine

/// Group ids are numbered in order of first appearance, whether the key's
/// ids already come in that order (a CSV column's string codes: the ids are
/// then the codes themselves) or not (renumbered).
@Suite struct GroupingTests {
    @Test func idsAlreadyInOrderOfFirstAppearanceAreKept() {
        let g = Grouping.renumber([0, 1, 0, 2, 1, 2, 3], 4)
        #expect(g.ids == [0, 1, 0, 2, 1, 2, 3])
        #expect(g.count == 4)
        #expect(g.firstRow == [0, 1, 3, 6])
    }

    @Test func idsOutOfOrderAreRenumbered() {
        // 2 appears before 1: by first appearance 0 → 0, 2 → 1, 1 → 2.
        let g = Grouping.renumber([0, 2, 0, 1, 2], 3)
        #expect(g.ids == [0, 1, 0, 2, 1])
        #expect(g.count == 3)
        #expect(g.firstRow == [0, 1, 3])
        // The first row's id need not be 0.
        let h = Grouping.renumber([1, 1, 0], 2)
        #expect(h.ids == [0, 0, 1])
        #expect(h.firstRow == [0, 2])
    }

    /// A string key with a null (its id is the dictionary's size, here 2,
    /// seen before code 1): groups in order of first appearance, null its own.
    @Test func aStringKeyWithANullBeforeALaterValue() throws {
        let key = Column.strings(["a", nil, "b", "a", nil])
        let g = try Grouping.group([key], rowCount: 5, cancel: .never)
        #expect(g.ids == [0, 1, 2, 0, 1])
        #expect(g.firstRow == [0, 1, 2])
    }
}
