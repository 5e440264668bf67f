namespace Clipping.Tests.Feeds.Corpus;

/// <summary>One expected field of one file, compared.</summary>
/// <param name="Field">"feed.title", "items[2].link" and so on: with the file, what the allow-list names.</param>
internal sealed record FieldCheck(string File, string Field, string Expected, string Actual, bool Matched);
