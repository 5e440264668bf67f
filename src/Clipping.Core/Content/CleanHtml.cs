namespace Clipping.Content;

/// <summary>A post's HTML made safe to show: sanitised, with absolute URLs, plus what the page shows of it.</summary>
/// <param name="Html">Sanitised HTML: allow-listed tags and attributes, absolute http(s) links with rel="nofollow ugc noopener".</param>
/// <param name="ExcerptText">Plain text, whitespace collapsed, cut at a word boundary.</param>
/// <param name="FirstImageUrl">The first image in the content, absolute, or null.</param>
public sealed record CleanHtml(string Html, string ExcerptText, string? FirstImageUrl);
