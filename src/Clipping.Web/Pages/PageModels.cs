using Clipping.Contributors;
using Clipping.Publishing;
using Clipping.Refresh;
using Clipping.Topics;

namespace Clipping.Web.Pages;

/// <summary>What every page's frame needs: the site, its topics and which one is current.</summary>
public sealed record SiteFrame(SiteInfo Site, SiteTopics Topics, Topic Current);

/// <summary>One page of the joint clipping page.</summary>
/// <param name="OlderUrl">The next page (older clippings), or null on the last page.</param>
public sealed record ClippingsModel(
    SiteFrame Frame,
    IReadOnlyList<Clippings.Clipping> Items,
    bool IsFirstPage,
    string? OlderUrl,
    int Total,
    IReadOnlyList<Contributor> Contributors);

/// <summary>The registration form, blank or after a submission.</summary>
public sealed record RegisterModel(SiteFrame Frame, string? Name = null, string? Url = null, bool AllPosts = false, string? Error = null, RegistrationResult? Result = null);

/// <summary>Feed health: every contributor's polling state.</summary>
public sealed record StatusModel(SiteFrame Frame, IReadOnlyList<Contributor> Contributors, RefreshReport? LastRun, DateTimeOffset Now);
