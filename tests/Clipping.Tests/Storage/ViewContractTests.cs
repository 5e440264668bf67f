using Azure.Data.Tables;
using Clipping.Clippings;
using Clipping.Storage;
using Clipping.Storage.Sqlite;
using Clipping.Tests.Clippings;
using Clipping.Tests.TestSupport;
using Clipping.Views;
using Microsoft.Data.Sqlite;

namespace Clipping.Tests.Storage;

public sealed class SqliteViewContractTests : ViewContractTests, IDisposable
{
    private readonly TempDirectory _folder = new();

    protected override IClippingStore CreateStore() => new SqliteClippingStore(Path.Combine(_folder.Path, "clipping.db"));

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_file_from_before_the_views_has_its_clippings_indexed_when_opened()
    {
        // The schema as it was before the views (version 1), holding one clipping.
        var path = Path.Combine(_folder.Path, "before-views.db");
        var clipping = ClippingMerger.Merge(null, Post("rich", 1, Now, "Volunteers and the library", ["Big Society"])).Result;
        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE clippings (topic TEXT NOT NULL, key TEXT NOT NULL, published INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (topic, key));
                INSERT INTO clippings (topic, key, published, data) VALUES ($topic, $key, $published, $data);
                """;
            command.Parameters.AddWithValue("$topic", clipping.Topic);
            command.Parameters.AddWithValue("$key", clipping.Key);
            command.Parameters.AddWithValue("$published", clipping.Published.UtcTicks);
            command.Parameters.AddWithValue("$data", System.Text.Json.JsonSerializer.Serialize(clipping, StoreJson.Stored.Clipping));
            await command.ExecuteNonQueryAsync();
        }
        SqliteConnection.ClearAllPools();

        var store = new SqliteClippingStore(path);
        await store.InitializeAsync(CancellationToken.None);
        Assert.Single(await ListAsync(store, new ClippingFilter.ByContributor("rich")));
        Assert.Single(await ListAsync(store, new ClippingFilter.Matching(SearchQuery.Parse("library"))));
        Assert.Single(await ListAsync(store, new ClippingFilter.ByTag("bigsociety")));
    }
}

public sealed class TableViewContractTests : ViewContractTests
{
    private readonly string _prefix = TableStorage.UniquePrefix();

    protected override IClippingStore CreateStore() => TableStorage.CreateStore(_prefix);

    [Fact]
    public async Task Clippings_written_before_the_views_are_indexed_when_the_store_starts()
    {
        await Store.SaveSightingsAsync("big-society", [Post("rich", 1, Now, "Volunteers and the library", ["Big Society"])], CancellationToken.None);
        // Take away what the views wrote, as a deployment from before them would have left the tables.
        var service = new TableServiceClient(TableStorage.ConnectionString);
        var clippings = service.GetTableClient(_prefix + "Clippings");
        await foreach (var row in clippings.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
        {
            if (row.RowKey.StartsWith("x|", StringComparison.Ordinal) || row.RowKey.StartsWith("m|", StringComparison.Ordinal)) await clippings.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }
        await service.GetTableClient(_prefix + "Contributors").DeleteEntityAsync("meta", "views");
        Assert.Empty(await ListAsync(Store, new ClippingFilter.ByContributor("rich")));

        var restarted = CreateStore();
        await restarted.InitializeAsync(CancellationToken.None);
        Assert.Single(await ListAsync(restarted, new ClippingFilter.ByContributor("rich")));
        Assert.Single(await ListAsync(restarted, new ClippingFilter.Matching(SearchQuery.Parse("library"))));
        Assert.Single(await restarted.GetMonthsAsync("big-society", CancellationToken.None));
    }
}

/// <summary>The filtered views (contributor, tag, month, search), held to one contract on both stores.</summary>
public abstract class ViewContractTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    protected IClippingStore Store { get; private set; } = default!;

    protected abstract IClippingStore CreateStore();

    public async Task InitializeAsync()
    {
        Store = CreateStore();
        await Store.InitializeAsync(CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    protected static Sighting Post(string contributor, int n, DateTimeOffset published, string title = "A post", string[]? tags = null, string excerpt = "Text") =>
        ClippingMergerTests.Sighting(contributor, $"https://{contributor}.example/{n}", published, title, tags: tags) with { ExcerptText = excerpt };

    /// <summary>Every clipping the view lists, following continuations through pages of three.</summary>
    protected static async Task<List<Clipping.Clippings.Clipping>> ListAsync(IClippingStore store, ClippingFilter filter, string topic = "big-society")
    {
        var all = new List<Clipping.Clippings.Clipping>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await store.GetClippingsAsync(topic, filter, 3, token, CancellationToken.None);
            Assert.True(page.Items.Count <= 3);
            all.AddRange(page.Items);
            token = page.Continuation;
            Assert.True(++pages < 100, "the view never ended");
        } while (token is not null);
        return all;
    }

    private static IEnumerable<string?> Links(IEnumerable<Clipping.Clippings.Clipping> clippings) => clippings.Select(c => c.Link);

    [Fact]
    public async Task A_contributor_view_lists_what_they_carried_alone_or_with_others_newest_first()
    {
        var sightings = Enumerable.Range(0, 7).Select(i => Post(i % 2 == 0 ? "rich" : "phil", i, Now.AddHours(-i))).ToList();
        await Store.SaveSightingsAsync("big-society", sightings, CancellationToken.None);
        // Phil also carries Rich's post 4: the clipping is credited to both and listed under both.
        await Store.SaveSightingsAsync("big-society", [ClippingMergerTests.Sighting("phil", "https://rich.example/4", Now.AddHours(-3))], CancellationToken.None);

        Assert.Equal(["https://rich.example/0", "https://rich.example/2", "https://rich.example/4", "https://rich.example/6"],
            Links(await ListAsync(Store, new ClippingFilter.ByContributor("rich"))));
        Assert.Equal(["https://phil.example/1", "https://phil.example/3", "https://rich.example/4", "https://phil.example/5"],
            Links(await ListAsync(Store, new ClippingFilter.ByContributor("phil"))));
        Assert.Empty(await ListAsync(Store, new ClippingFilter.ByContributor("nobody")));
        Assert.Empty(await ListAsync(Store, new ClippingFilter.ByContributor("rich"), topic: "localism"));
    }

    [Fact]
    public async Task A_tag_view_finds_every_spelling_of_the_tag_and_a_tag_added_later()
    {
        await Store.SaveSightingsAsync("big-society",
        [
            Post("rich", 1, Now.AddHours(-1), tags: ["Big Society", "Libraries"]),
            Post("rich", 2, Now.AddHours(-2), tags: ["big-society", "Volunteering"]),
            Post("rich", 3, Now.AddHours(-3), tags: ["Big Society", "libraries"]),
        ], CancellationToken.None);

        Assert.Equal(["https://rich.example/1", "https://rich.example/3"], Links(await ListAsync(Store, new ClippingFilter.ByTag("libraries"))));
        Assert.Equal(3, (await ListAsync(Store, new ClippingFilter.ByTag("bigsociety"))).Count);

        // Post 2 edited: tagged "Libraries" too.
        await Store.SaveSightingsAsync("big-society", [Post("rich", 2, Now.AddHours(-2), title: "Edited", tags: ["big-society", "LIBRARIES"])], CancellationToken.None);
        Assert.Equal(["https://rich.example/1", "https://rich.example/2", "https://rich.example/3"], Links(await ListAsync(Store, new ClippingFilter.ByTag("libraries"))));
    }

    [Fact]
    public async Task A_month_lists_what_was_published_in_it_and_the_months_are_listed_in_the_site_s_zone()
    {
        var lastOfJanuary = new DateTimeOffset(2026, 1, 31, 20, 0, 0, TimeSpan.Zero);
        await Store.SaveSightingsAsync("big-society",
        [
            Post("rich", 1, lastOfJanuary),
            Post("rich", 2, lastOfJanuary.AddDays(-3)),
            Post("rich", 3, new DateTimeOffset(2026, 3, 10, 9, 0, 0, TimeSpan.Zero)),
        ], CancellationToken.None);

        Assert.Equal(["https://rich.example/1", "https://rich.example/2"], Links(await ListAsync(Store, new ArchiveMonth(2026, 1).In(TimeZoneInfo.Utc))));
        Assert.Empty(await ListAsync(Store, new ArchiveMonth(2026, 2).In(TimeZoneInfo.Utc)));
        Assert.Equal([new ArchiveMonth(2026, 3), new ArchiveMonth(2026, 1)], await ArchiveMonths.ListAsync(Store, "big-society", TimeZoneInfo.Utc, CancellationToken.None));

        // Ten hours ahead of UTC, 20:00 on 31 January is 06:00 on 1 February.
        var sydney = TimeZoneInfo.CreateCustomTimeZone("UTC+10", TimeSpan.FromHours(10), "UTC+10", "UTC+10");
        Assert.Equal([new ArchiveMonth(2026, 3), new ArchiveMonth(2026, 2), new ArchiveMonth(2026, 1)],
            await ArchiveMonths.ListAsync(Store, "big-society", sydney, CancellationToken.None));
        Assert.Equal(["https://rich.example/1"], Links(await ListAsync(Store, new ArchiveMonth(2026, 2).In(sydney))));
    }

    [Fact]
    public async Task Search_finds_every_word_in_titles_excerpts_and_tags_whatever_the_case_or_accents()
    {
        await Store.SaveSightingsAsync("big-society",
        [
            Post("rich", 1, Now.AddHours(-1), "Libraries run by volunteers", excerpt: "The council hands the branch library to a trust."),
            Post("rich", 2, Now.AddHours(-2), "A café for the village", excerpt: "Volunteers open a community café."),
            Post("phil", 3, Now.AddHours(-3), "Cuts", tags: ["Big Society", "Volunteering"], excerpt: "Funding falls again."),
        ], CancellationToken.None);

        async Task<IEnumerable<string?>> Search(string text) => Links(await ListAsync(Store, new ClippingFilter.Matching(SearchQuery.Parse(text))));

        Assert.Equal(["https://rich.example/1", "https://rich.example/2"], await Search("VOLUNTEERS"));
        Assert.Equal(["https://rich.example/2"], await Search("cafe"));
        Assert.Equal(["https://rich.example/2"], await Search("Café village"));
        Assert.Equal(["https://phil.example/3"], await Search("volunteering"));
        Assert.Empty(await Search("café library"));
        Assert.Empty(await Search("volunteer"));
        // FTS5 syntax typed by a reader is searched for as words, never read as a query.
        Assert.Equal(["https://rich.example/1"], await Search("\"branch\" library* (trust) -council"));
        Assert.Empty(await Search("a \" ( - *"));
    }

    [Fact]
    public async Task A_search_pages_through_matches_scattered_among_many_other_clippings()
    {
        // Every fifth post mentions both words; others mention one of them or neither.
        var posts = Enumerable.Range(0, 60).Select(i => Post("rich", i, Now.AddMinutes(-i),
            title: (i % 5) switch { 0 => "Library volunteers", 1 => "Library hours", 2 => "Volunteers wanted", _ => "Other news" })).ToList();
        await Store.SaveSightingsAsync("big-society", posts, CancellationToken.None);

        var found = await ListAsync(Store, new ClippingFilter.Matching(SearchQuery.Parse("volunteers library")));
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"https://rich.example/{i * 5}"), Links(found));
    }

    [Fact]
    public async Task A_clipping_that_moves_in_time_is_listed_once_at_its_new_place_in_every_view()
    {
        await Store.SaveSightingsAsync("big-society", [Post("rich", 1, Now.AddDays(-1), "Library news"), Post("rich", 2, Now.AddDays(-2), "Library hours")], CancellationToken.None);
        // Phil carried Rich's post 1 earlier than Rich dates it: the clipping moves back past post 2.
        await Store.SaveSightingsAsync("big-society", [ClippingMergerTests.Sighting("phil", "https://rich.example/1", Now.AddDays(-5), "Library news")], CancellationToken.None);

        Assert.Equal(["https://rich.example/2", "https://rich.example/1"], Links(await ListAsync(Store, new ClippingFilter.ByContributor("rich"))));
        Assert.Equal(["https://rich.example/2", "https://rich.example/1"], Links(await ListAsync(Store, new ClippingFilter.Matching(SearchQuery.Parse("library")))));
        Assert.Equal(["https://rich.example/2", "https://rich.example/1"], Links(await ListAsync(Store, new ClippingFilter.ByTag("bigsociety"))));
    }

    [Fact]
    public async Task Clippings_are_found_by_what_their_content_links_to_and_conversations_follow_from_that()
    {
        var original = Post("rich", 1, Now.AddDays(-3), "The original");
        var reply = Post("phil", 2, Now.AddDays(-2), "A reply") with
        {
            ContentHtml = "<p><a href=\"https://www.rich.example/1?utm_source=feed\">Rich says</a>, and <a href=\"https://outside.example/report\">the report</a> agrees.</p>",
        };
        var another = Post("david", 3, Now.AddDays(-1), "Also on the report") with { ContentHtml = "<p><a href=\"https://outside.example/report#part-2\">Part 2</a></p>" };
        await Store.SaveSightingsAsync("big-society", [original, reply, another], CancellationToken.None);
        // Seen again, and edited once: still one of each.
        await Store.SaveSightingsAsync("big-society", [reply], CancellationToken.None);
        await Store.SaveSightingsAsync("big-society", [reply with { Title = "A reply, edited", SourceHash = "edited" }], CancellationToken.None);

        var originalKey = CanonicalUrl.Hash(CanonicalUrl.Of("https://rich.example/1")!);
        var reportKey = CanonicalUrl.Hash(CanonicalUrl.Of("https://outside.example/report")!);
        Assert.Equal(["https://phil.example/2"], Links(await ListAsync(Store, new ClippingFilter.LinkingTo(originalKey))));
        Assert.Equal(["https://david.example/3", "https://phil.example/2"], Links(await ListAsync(Store, new ClippingFilter.LinkingTo(reportKey))));
        var byKey = await Store.GetClippingsByKeyAsync("big-society", [originalKey, reportKey], CancellationToken.None);
        Assert.Equal([originalKey], byKey.Keys);

        var all = await ListAsync(Store, ClippingFilter.Everything);
        var conversations = await Clipping.Conversations.ConversationFinder.FindAsync(Store, "big-society", all, CancellationToken.None);
        var replyKey = all.Single(c => c.Link == "https://phil.example/2").Key;
        Assert.Equal(["The original"], conversations[replyKey].RepliesTo.Select(c => c.Title));
        Assert.Equal(["A reply, edited"], conversations[originalKey].DiscussedBy.Select(c => c.Title));
        var shared = Assert.Single(conversations[replyKey].SharedArticles);
        Assert.Equal("https://outside.example/report", shared.Url);
        Assert.Equal(2, shared.Contributors);
        Assert.True(conversations[all.Single(c => c.Link == "https://david.example/3").Key].RepliesTo.Count == 0);
    }

    private static string KeyOf(string url) => CanonicalUrl.Hash(CanonicalUrl.Of(url)!);

    private static Sighting Linking(string contributor, int n, DateTimeOffset published, params string[] urls) =>
        Post(contributor, n, published, $"{contributor} {n}") with { ContentHtml = string.Concat(urls.Select(u => $"<p><a href=\"{u}\">a link</a></p>")) };

    [Fact]
    public async Task Discussions_rank_articles_and_answered_clippings_by_contributors_within_the_window()
    {
        var report = "https://outside.example/report";
        await Store.SaveSightingsAsync("big-society",
        [
            // An outside article linked by two contributors, one of them twice: two contributors, not three.
            Linking("rich", 1, Now.AddDays(-3), report),
            Linking("rich", 2, Now.AddDays(-2), report + "?utm_source=feed"),
            Linking("phil", 3, Now.AddDays(-1), report),
            // A clipping from before the window, answered inside it by two others: three contributors.
            Post("david", 4, Now.AddDays(-20), "David's original"),
            Linking("rich", 5, Now.AddDays(-4), "https://david.example/4"),
            Linking("sam", 6, Now.AddHours(-5), "https://david.example/4"),
            // Linked by one contributor only, and a contributor answering their own post: neither is a discussion.
            Linking("phil", 7, Now.AddDays(-1), "https://lonely.example/x"),
            Linking("david", 8, Now.AddDays(-2), "https://david.example/4"),
            // Linked by two, but one of them before the window: not a discussion in it.
            Linking("sam", 9, Now.AddDays(-12), "https://old.example/y"),
            Linking("phil", 10, Now.AddDays(-2), "https://old.example/y"),
        ], CancellationToken.None);

        var week = await Clipping.Conversations.Discussions.FindAsync(Store, "big-society", 7, Now, CancellationToken.None);

        Assert.Equal([KeyOf("https://david.example/4"), KeyOf(report)], week.Select(d => d.Key));
        var answered = week[0];
        Assert.Equal("David's original", answered.Discussed?.Title);
        Assert.Equal(["david", "rich", "sam"], answered.Participants.Select(p => p.ContributorId));
        Assert.Equal(Now.AddDays(-20), answered.Began);
        Assert.Equal(Now.AddDays(-4), answered.Started);
        Assert.Equal(Now.AddHours(-5), answered.LastJoined);
        var article = week[1];
        Assert.Null(article.Discussed);
        Assert.Equal(report, article.Url);
        Assert.Equal(["rich", "phil"], article.Participants.Select(p => p.ContributorId));
        Assert.Equal(["https://rich.example/2", "https://rich.example/1"], article.Participants[0].Clippings.Select(c => c.Link));
        Assert.Equal(Now.AddDays(-3), article.Began);

        // A longer window takes in the older link; the ranking is by contributors, then by the newest clipping.
        var month = await Clipping.Conversations.Discussions.FindAsync(Store, "big-society", 30, Now, CancellationToken.None);
        Assert.Equal([KeyOf("https://david.example/4"), KeyOf(report), KeyOf("https://old.example/y")], month.Select(d => d.Key));
        Assert.Equal(["sam", "phil"], month[2].Participants.Select(p => p.ContributorId));
    }

    [Fact]
    public async Task Published_times_come_newest_first_for_the_topic_or_one_contributor_since_a_moment()
    {
        await Store.SaveSightingsAsync("big-society",
        [
            Post("rich", 1, Now.AddDays(-400)),
            Post("rich", 2, Now.AddDays(-30)),
            Post("phil", 3, Now.AddDays(-2)),
            // Phil's copy of Rich's second post: credited to both, counted once.
            ClippingMergerTests.Sighting("phil", "https://rich.example/2", Now.AddDays(-30)),
        ], CancellationToken.None);

        Assert.Equal([Now.AddDays(-2), Now.AddDays(-30), Now.AddDays(-400)], await Store.GetPublishedTimesAsync("big-society", null, DateTimeOffset.MinValue, CancellationToken.None));
        Assert.Equal([Now.AddDays(-2), Now.AddDays(-30)], await Store.GetPublishedTimesAsync("big-society", null, Now.AddDays(-30), CancellationToken.None));
        Assert.Equal([Now.AddDays(-30), Now.AddDays(-400)], await Store.GetPublishedTimesAsync("big-society", "rich", DateTimeOffset.MinValue, CancellationToken.None));
        Assert.Equal([Now.AddDays(-2), Now.AddDays(-30)], await Store.GetPublishedTimesAsync("big-society", "phil", Now.AddDays(-365), CancellationToken.None));
        Assert.Empty(await Store.GetPublishedTimesAsync("other-topic", null, DateTimeOffset.MinValue, CancellationToken.None));

        var months = Clipping.Views.MonthCounts.Of(await Store.GetPublishedTimesAsync("big-society", null, DateTimeOffset.MinValue, CancellationToken.None),
            TimeZoneInfo.Utc, null, Clipping.Views.ArchiveMonth.Of(Now, TimeZoneInfo.Utc));
        Assert.Equal(new Clipping.Views.ArchiveMonth(2025, 10), months[0].Month);
        Assert.Equal(14, months.Count);
        Assert.Equal(3, months.Sum(m => m.Clippings));
        Assert.Equal([1, 1, 1], months.Where(m => m.Clippings > 0).Select(m => m.Clippings));
    }
}
