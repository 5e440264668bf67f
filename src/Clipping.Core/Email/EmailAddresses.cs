using Clipping.Publishing;

namespace Clipping.Email;

/// <summary>
/// The site's public address, which every link in a mail starts with: mail is read far from any request, so it comes
/// from <c>Clipping:Site:BaseUrl</c>, which email needs.
/// </summary>
public sealed class EmailAddresses(ClippingOptions options)
{
    public Uri BaseUrl { get; } = Uri.TryCreate(options.Site.BaseUrl?.TrimEnd('/') + "/", UriKind.Absolute, out var url) ? url : new Uri("http://localhost/");

    public string Absolute(string path) => new Uri(BaseUrl, path.TrimStart('/')).AbsoluteUri;

    public string Unsubscribe(string token) => Absolute(SiteRoutes.UnsubscribeOf(token));

    /// <summary>
    /// The List-Id of one view's digests (RFC 2919): a description and an id made of its path and the site's host, all
    /// ASCII, since mail clients read the header as it stands ("Big Society clippings tagged 'libraries'" &lt;clippings.tags.libraries.example.org&gt;).
    /// </summary>
    public string ListId(string title, string viewPath)
    {
        var label = new string(viewPath.Trim('/').Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '.').ToArray()).Trim('.');
        while (label.Contains("..", StringComparison.Ordinal)) label = label.Replace("..", ".", StringComparison.Ordinal);
        var id = (label.Length == 0 ? "clippings" : "clippings." + label) + "." + BaseUrl.IdnHost;
        if (id.Length > 200) id = id[^200..].TrimStart('.');
        return $"\"{Ascii(title)}\" <{id}>";
    }

    /// <summary>Text as plain ASCII for a header's quoted description: accents dropped, curly quotes straightened, the rest left out.</summary>
    private static string Ascii(string text)
    {
        var plain = new System.Text.StringBuilder();
        foreach (var c in text.Normalize(System.Text.NormalizationForm.FormD))
        {
            if (c is '“' or '”' or '‘' or '’' or '"') plain.Append('\'');
            else if (c is >= ' ' and <= '~' && c != '\\') plain.Append(c);
        }
        return plain.ToString().Trim();
    }

    /// <summary>Why email cannot work with these settings, or null when it can (or is off).</summary>
    public static string? Problem(ClippingOptions options)
    {
        var email = options.Email;
        if (!email.Enabled) return null;
        if (!Uri.TryCreate(options.Site.BaseUrl, UriKind.Absolute, out var site) || site.Scheme is not ("http" or "https"))
        {
            return "Clipping:Email needs Clipping:Site:BaseUrl, the site's public address (like https://clippings.example.org), for the links in every mail.";
        }
        if (!MimeKit.MailboxAddress.TryParse(email.From, out _))
        {
            return $"Clipping:Email:From '{email.From}' is not a mail address: use clippings@example.org or \"Site name <clippings@example.org>\".";
        }
        return null;
    }
}
