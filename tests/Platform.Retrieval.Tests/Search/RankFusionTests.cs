using Platform.Retrieval.Index;
using Platform.Retrieval.Search;

namespace Platform.Retrieval.Tests.Search;

public sealed class RankFusionTests
{
    private static RankedChunk Hit(string id, double score, string path = "a.py") =>
        new(new IndexedChunk(id, "repo", path, "python", 1, 2, null, id, []), score);

    private static List<string> Ids(IEnumerable<RankedChunk> ranked) => [.. ranked.Select(hit => hit.Chunk.Id)];

    [Fact]
    public void A_chunk_both_rankers_find_outranks_one_only_a_single_ranker_puts_first()
    {
        List<RankedChunk> lexical = [Hit("only-lexical", 9), Hit("both", 8), Hit("x", 1)];
        List<RankedChunk> semantic = [Hit("only-semantic", 0.9), Hit("both", 0.8), Hit("y", 0.1)];
        foreach (var method in new[] { FusionMethod.ReciprocalRank, FusionMethod.NormalisedScore })
        {
            var fused = RankFusion.Fuse(new FusionSettings(method, 60, 0.5), lexical, semantic);
            Assert.Equal("both", fused[0].Chunk.Id);
        }
    }

    [Fact]
    public void The_lexical_weight_decides_which_rankers_first_hit_leads()
    {
        List<RankedChunk> lexical = [Hit("lexical-first", 10), Hit("x", 1)], semantic = [Hit("semantic-first", 0.9), Hit("y", 0.1)];
        foreach (var method in new[] { FusionMethod.ReciprocalRank, FusionMethod.NormalisedScore })
        {
            Assert.Equal("lexical-first", RankFusion.Fuse(new FusionSettings(method, 60, 0.7), lexical, semantic)[0].Chunk.Id);
            Assert.Equal("semantic-first", RankFusion.Fuse(new FusionSettings(method, 60, 0.3), lexical, semantic)[0].Chunk.Id);
        }
    }

    [Fact]
    public void Normalised_scores_keep_a_large_lead_that_ranks_would_lose()
    {
        // BM25 is sure of its first hit (far ahead); the embeddings barely prefer theirs over the lexical winner.
        List<RankedChunk> lexical = [Hit("clear-winner", 30), Hit("semantic-favourite", 3), Hit("z", 2)];
        List<RankedChunk> semantic = [Hit("semantic-favourite", 0.60), Hit("w", 0.595), Hit("clear-winner", 0.59), Hit("v", 0.2)];
        Assert.Equal("clear-winner", RankFusion.Fuse(new FusionSettings(FusionMethod.NormalisedScore, 60, 0.5), lexical, semantic)[0].Chunk.Id);
        Assert.Equal("semantic-favourite", RankFusion.Fuse(new FusionSettings(FusionMethod.ReciprocalRank, 60, 0.5), lexical, semantic)[0].Chunk.Id);
    }

    [Fact]
    public void One_empty_list_leaves_the_other_in_its_order()
    {
        List<RankedChunk> lexical = [Hit("a", 5), Hit("b", 4), Hit("c", 1)];
        foreach (var method in new[] { FusionMethod.ReciprocalRank, FusionMethod.NormalisedScore })
        {
            Assert.Equal(["a", "b", "c"], Ids(RankFusion.Fuse(new FusionSettings(method, 60, 0.5), lexical, [])));
        }
    }

    [Fact]
    public void The_per_file_cap_applies_after_fusion_and_fills_the_answer_from_other_files()
    {
        List<RankedChunk> fused = [Hit("a1", 9, "a.py"), Hit("a2", 8, "a.py"), Hit("a3", 7, "a.py"), Hit("b1", 6, "b.py"), Hit("c1", 5, "c.py")];
        Assert.Equal(["a1", "a2", "b1"], Ids(RankFusion.CapPerFile(fused, perFile: 2, count: 3)));
    }
}
