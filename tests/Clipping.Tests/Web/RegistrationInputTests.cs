using System.Net;
using System.Text;
using System.Text.Json;
using Clipping.Tests.TestSupport;

namespace Clipping.Tests.Web;

/// <summary>
/// Every way a registration request can be malformed is a 4xx that says what to fix (never a 500), nothing a
/// stranger sends comes back larger than a registration's fields allow, and the form cannot be posted from another site.
/// </summary>
public sealed class RegistrationInputTests : IAsyncLifetime
{
    private SiteUnderTest _site = default!;

    public async Task InitializeAsync() => _site = await SiteUnderTest.StartAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(string path, HttpContent? content)
    {
        using var response = await _site.Http.PostAsync(path, content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_form_refuses_other_content_types_with_415()
    {
        var json = await PostAsync("register", new StringContent("""{"name":"Ann","url":"https://example.org/"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.Status);
        Assert.Contains("application/x-www-form-urlencoded", json.Body, StringComparison.Ordinal);

        var none = await PostAsync("register", new ByteArrayContent("name=Ann"u8.ToArray()));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, none.Status);
    }

    [Fact]
    public async Task The_form_refuses_too_many_fields_and_oversized_bodies_with_a_message()
    {
        var fields = string.Join("&", Enumerable.Range(0, 1100).Select(i => $"f{i}=x"));
        var many = await PostAsync("register", new StringContent(fields, Encoding.ASCII, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.BadRequest, many.Status);
        Assert.Contains("more fields", many.Body, StringComparison.Ordinal);

        var huge = new string('a', 10 * 1024 * 1024);
        var big = await PostAsync("register", new StringContent($"name=Ann&url=https://example.org/{huge}", Encoding.ASCII, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.Status);
        Assert.Contains("at most 16 KB", big.Body, StringComparison.Ordinal);
        Assert.True(big.Body.Length < 20_000, $"the refusal is {big.Body.Length} characters");
    }

    [Fact]
    public async Task A_long_address_is_refused_by_its_length_and_not_echoed_whole()
    {
        var address = "https://example.org/" + new string('a', 5000);
        var form = await PostAsync("register", new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "Ann", ["url"] = address }));
        Assert.Equal(HttpStatusCode.BadRequest, form.Status);
        Assert.Contains("too long", form.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(address, form.Body, StringComparison.Ordinal);
        Assert.True(form.Body.Length < 12_000, $"the refusal is {form.Body.Length} characters");

        var api = await PostAsync("api/contributors", new StringContent(JsonSerializer.Serialize(new { name = "Ann", url = address }), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, api.Status);
        Assert.Contains("at most 2048 characters", api.Body, StringComparison.Ordinal);
        Assert.True(api.Body.Length < 300, api.Body);

        var notAnAddress = "not-an-address " + new string('b', 1500);
        var echoed = await PostAsync("api/contributors", new StringContent(JsonSerializer.Serialize(new { name = "Ann", url = notAnAddress }), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, echoed.Status);
        Assert.Contains("is not a web address", echoed.Body, StringComparison.Ordinal);
        Assert.True(echoed.Body.Length < 300, echoed.Body);
    }

    [Fact]
    public async Task The_API_refuses_other_content_types_bad_json_and_huge_bodies_with_a_message()
    {
        var form = await PostAsync("api/contributors", new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "Ann" }));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.Status);
        Assert.Contains("application/json", ErrorOf(form.Body), StringComparison.Ordinal);

        var broken = await PostAsync("api/contributors", new StringContent("""{"name": "Ann", "url": """, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, broken.Status);
        Assert.Contains("not the JSON object expected", ErrorOf(broken.Body), StringComparison.Ordinal);

        var wrongType = await PostAsync("api/contributors", new StringContent("""{"name": "Ann", "url": "https://example.org/", "allPosts": "yes"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.Status);
        Assert.Contains("allPosts", ErrorOf(wrongType.Body), StringComparison.Ordinal);

        var huge = await PostAsync("api/contributors", new StringContent(JsonSerializer.Serialize(new { name = "Ann", url = "https://example.org/" + new string('a', 10 * 1024 * 1024) }), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.Status);
        Assert.True(huge.Body.Length < 300, huge.Body);

        // The same without a declared length: the limit holds as the body is read.
        foreach (var path in new[] { "api/contributors", "register" })
        {
            using var chunked = new HttpRequestMessage(HttpMethod.Post, path)
            {
                Content = path == "register"
                    ? new StringContent("name=Ann&url=" + new string('a', 1024 * 1024), Encoding.ASCII, "application/x-www-form-urlencoded")
                    : new StringContent(JsonSerializer.Serialize(new { name = "Ann", url = new string('a', 1024 * 1024) }), Encoding.UTF8, "application/json"),
            };
            chunked.Headers.TransferEncodingChunked = true;
            using var response = await _site.Http.SendAsync(chunked);
            Assert.True(response.StatusCode is HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.BadRequest, $"{path}: {(int)response.StatusCode}");
            Assert.True((await response.Content.ReadAsStringAsync()).Length < 12_000, path);
        }
    }

    [Theory]
    [InlineData("Origin", "https://evil.example")]
    [InlineData("Origin", "null")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    public async Task A_form_posted_from_another_site_is_refused(string header, string value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "register")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "Ann", ["url"] = "https://example.org/" }),
        };
        request.Headers.TryAddWithoutValidation(header, value);
        using var response = await _site.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("sent from another site", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("Sec-Fetch-Site", "same-origin")]
    [InlineData("Origin", "SELF")]
    public async Task A_form_posted_from_the_site_itself_or_by_a_script_goes_through(string? header, string? value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "register")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "Ann", ["url"] = "not an address" }),
        };
        if (header is not null) request.Headers.TryAddWithoutValidation(header, value == "SELF" ? _site.Http.BaseAddress!.GetLeftPart(UriPartial.Authority) : value);
        using var response = await _site.Http.SendAsync(request);
        // Through to the registration itself, which refuses the address.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("is not a web address", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static string ErrorOf(string body) => JsonDocument.Parse(body).RootElement.GetProperty("error").GetString()!;
}
