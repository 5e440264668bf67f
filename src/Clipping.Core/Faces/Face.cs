namespace Clipping.Faces;

/// <summary>
/// A contributor's face: a small raster image from their own feed or blog, kept in the store and served from the site
/// itself, so no reader's browser ever asks the blog for it.
/// </summary>
/// <param name="ContentType">What the bytes are, as recognised from them (never as the blog's server said).</param>
/// <param name="Image">The image, at most <see cref="FaceImage.MaxBytes"/>.</param>
/// <param name="Source">Where it was fetched from.</param>
public sealed record Face(string ContentType, byte[] Image, string Source, DateTimeOffset Fetched)
{
    /// <summary>A short hash of the image: the page's link to it carries it, so a new face is a new address.</summary>
    public string Version => Convert.ToHexStringLower(System.IO.Hashing.XxHash64.Hash(Image))[..12];
}
