/// Every stage of the language, by keyword. `help`, completion and the
/// parser all read this one list.
public enum StageRegistry {
    public static let all: [any Stage.Type] = [
        WhereStage.self, SelectStage.self, DeriveStage.self, DropStage.self, RenameStage.self,
        SortStage.self, TakeStage.self, TopStage.self, SummarizeStage.self, CountStage.self,
        DistinctStage.self, JoinStage.self, AppendStage.self, DescribeStage.self, SampleStage.self,
        PivotStage.self, UnpivotStage.self, CardStage.self, ChartStage.self, SaveStage.self,
    ]

    public static let byName: [String: any Stage.Type] = Dictionary(all.map { ($0.help.name, $0) }, uniquingKeysWith: { a, _ in a })

    public static var names: [String] { all.map { $0.help.name } }
}
