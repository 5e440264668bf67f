namespace Clipping.Email;

/// <summary>
/// What one digest lists: a view's clippings stored in a stretch of time. Every subscriber of the view whose last digest
/// was at the same moment gets the same content, so it is rendered once for all of them.
/// </summary>
/// <param name="Clippings">Newest first, at most <see cref="EmailOptions.MaxClippings"/>.</param>
/// <param name="More">How many more there were, left for the site's page.</param>
/// <param name="From">The first day covered, in the site's time zone.</param>
/// <param name="To">The last day covered.</param>
public sealed record DigestContent(SubscribedView View, DigestFrequency Frequency, IReadOnlyList<Clippings.Clipping> Clippings, int More, DateOnly From, DateOnly To)
{
    public int Count => Clippings.Count + More;
}

/// <summary>A digest as every one of its recipients gets it, but for <see cref="UnsubscribeMark"/>, which stands for each one's unsubscribe address.</summary>
public sealed record RenderedDigest(string Subject, string Html, string Text, string ListId)
{
    /// <summary>Replaced in <see cref="Html"/> and <see cref="Text"/> with the recipient's own unsubscribe address.</summary>
    public const string UnsubscribeMark = "urn:clipping:unsubscribe";
}

/// <summary>Turns a digest's content into mail (the Web project renders it with the page's own components).</summary>
public interface IDigestRenderer
{
    Task<RenderedDigest> RenderAsync(DigestContent content, CancellationToken cancellationToken);
}
