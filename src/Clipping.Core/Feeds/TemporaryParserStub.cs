namespace Clipping.Feeds.Parsing;

public static class FeedParser
{
    public static ParsedFeed Parse(ReadOnlyMemory<byte> body, string? contentType, Uri? documentUrl, int maxPosts = 500) => throw new NotImplementedException();
}
