using Study.Kernel;

namespace Study.Tests.Kernel;

public sealed class WorkListTests
{
    public static TheoryData<WorkShape> Shapes => [.. Enum.GetValues<WorkShape>()];

    public static TheoryData<WorkShape> ShapesOfTheArticlesWork => [.. Enum.GetValues<WorkShape>().Where(s => s != WorkShape.Tiny)];

    [Fact]
    public void TheArticlesListIsTheArticles() =>
        Assert.Equal([100_000_000L, 1_000_000, 1_000_000, 1_000_000_000, 10_000_000_000], WorkList.Create(WorkShape.Article).Items.ToArray());

    [Theory]
    [MemberData(nameof(ShapesOfTheArticlesWork))]
    public void EveryShapeCarriesTheArticlesTotalWork(WorkShape shape)
    {
        var list = WorkList.Create(shape, scale: 0.01);
        long expected = WorkList.Create(WorkShape.Article, scale: 0.01).TotalWork;
        Assert.InRange(list.TotalWork, expected * 0.999, expected * 1.001);
        Assert.Equal(list.Items.Sum(), list.TotalWork);
        Assert.All(list.Items, n => Assert.True(n >= 1));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ShapesAreDeterministic(WorkShape shape) =>
        Assert.Equal(WorkList.Create(shape, 0.02).Items.ToArray(), WorkList.Create(shape, 0.02).Items.ToArray());

    [Theory]
    [MemberData(nameof(Shapes))]
    public void TheCriticalPathIsTheLargestItem(WorkShape shape)
    {
        var list = WorkList.Create(shape, 0.01);
        Assert.Equal(list.Items.Max(), list.CriticalPath);
    }

    [Fact]
    public void TinyIsAHundredThousandItemsOfAboutSixtyNanoseconds()
    {
        var list = WorkList.Create(WorkShape.Tiny, scale: 0.05);
        Assert.Equal(WorkList.TinyItems, list.Items.Length);
        Assert.All(list.Items, n => Assert.Equal(WorkList.TinyItemIterations, n));
        Assert.True(WorkList.Create(WorkShape.Tiny, scale: 5e-5).Items.Length < 1_000);
    }

    [Fact]
    public void AscendingAndDescendingHoldTheArticlesItems()
    {
        var article = WorkList.Create(WorkShape.Article).Items;
        Assert.Equal(article.Order(), WorkList.Create(WorkShape.Ascending).Items);
        Assert.Equal(article.OrderDescending(), WorkList.Create(WorkShape.Descending).Items);
    }

    [Theory]
    [InlineData(WorkShape.Article, 1, 1.0)]
    [InlineData(WorkShape.Article, 5, 1.1102)]
    [InlineData(WorkShape.Uniform, 4, 4.0)]
    [InlineData(WorkShape.Uniform, 5, 5.0)]
    [InlineData(WorkShape.FewLarge, 8, 2.0)]
    public void BestSpeedupIsCappedByTheCriticalPath(WorkShape shape, int workers, double expected) =>
        Assert.Equal(expected, WorkList.Create(shape).BestSpeedup(workers), precision: 3);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void ScaleMustBePositiveAndFinite(double scale) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => WorkList.Create(WorkShape.Uniform, scale));
}
