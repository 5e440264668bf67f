using Clipping.Contributors;

namespace Clipping.Storage.Archive;

/// <summary>
/// One thing a store keeps that the site needs to carry on where it was: what a site archive holds, one line each, and
/// what a copy between stores moves. What a store derives from these (view entries, search text, months, timeline rows)
/// is not among them: the target store builds it again as it writes the clippings.
/// </summary>
public abstract record StoredRecord
{
    /// <summary>The archive's name for the kind of record; each kind has its own count and hash in the header.</summary>
    public abstract string Kind { get; }
}

/// <summary>A contributor: registration, moderation status, polling state, and its keys (a secret).</summary>
public sealed record StoredContributor(Contributor Contributor) : StoredRecord
{
    public override string Kind => ArchiveKinds.Contributor;
}

/// <summary>A clipping with its credits (its sources).</summary>
public sealed record StoredClipping(Clippings.Clipping Clipping) : StoredRecord
{
    public override string Kind => ArchiveKinds.Clipping;
}

/// <summary>
/// A contributor's item as last seen, and the clipping it became: what lets the next refresh skip an unchanged post
/// and keep a moved post's clipping.
/// </summary>
public sealed record StoredSource(string Topic, string ContributorId, string ItemKey, string ClippingKey, string SourceHash) : StoredRecord
{
    public override string Kind => ArchiveKinds.Source;
}

/// <summary>A WebSub subscription, with the secret its hub signs deliveries with.</summary>
public sealed record StoredSubscription(WebSub.HubSubscription Subscription) : StoredRecord
{
    public override string Kind => ArchiveKinds.Subscription;
}

/// <summary>A recent refresh run, as the status page reports it.</summary>
public sealed record StoredRun(Refresh.RefreshRun Run) : StoredRecord
{
    public override string Kind => ArchiveKinds.Run;
}

/// <summary>One key of the ring that signs the operator's session and forms (ASP.NET Core data protection's XML).</summary>
public sealed record StoredProtectionKey(string Name, string Xml) : StoredRecord
{
    public override string Kind => ArchiveKinds.ProtectionKey;
}

/// <summary>When the latest refresh run began: without it a moved site would think it had never refreshed.</summary>
public sealed record StoredRefreshStart(DateTimeOffset Started) : StoredRecord
{
    public override string Kind => ArchiveKinds.RefreshStart;
}

/// <summary>An email subscriber: a reader's address (personal data, so kept out of shared archives like a secret), view and sending state.</summary>
public sealed record StoredSubscriber(Email.Subscriber Subscriber) : StoredRecord
{
    public override string Kind => ArchiveKinds.Subscriber;
}

/// <summary>The key unsubscribe links are made with (<see cref="Email.SubscriptionTokens"/>): without it, links in mail already sent would stop working.</summary>
public sealed record StoredMailKey(string Key) : StoredRecord
{
    public override string Kind => ArchiveKinds.MailKey;
}

/// <summary>The kinds of record, in the order an archive lists them.</summary>
public static class ArchiveKinds
{
    public const string Contributor = "contributor";
    public const string Clipping = "clipping";
    public const string Source = "source";
    public const string Subscription = "subscription";
    public const string Run = "run";
    public const string ProtectionKey = "protectionKey";
    public const string RefreshStart = "refreshStart";
    public const string Subscriber = "subscriber";
    public const string MailKey = "mailKey";

    public static IReadOnlyList<string> All { get; } = [Contributor, Clipping, Source, Subscription, Run, ProtectionKey, RefreshStart, Subscriber, MailKey];

    /// <summary>People's words for a kind, plural: "3 clippings".</summary>
    public static string Plural(string kind) => kind switch
    {
        Contributor => "contributors",
        Clipping => "clippings",
        Source => "seen items",
        Subscription => "WebSub subscriptions",
        Run => "refresh runs",
        ProtectionKey => "data-protection keys",
        RefreshStart => "refresh start records",
        Subscriber => "email subscribers",
        MailKey => "mail keys",
        _ => kind,
    };
}
