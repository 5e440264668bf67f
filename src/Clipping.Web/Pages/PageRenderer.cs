using System.Diagnostics.CodeAnalysis;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Clipping.Web.Pages;

/// <summary>Renders the Razor page components to UTF-8 HTML outside any request, so the result can be cached and reused.</summary>
public sealed class PageRenderer : IAsyncDisposable, IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    // The renderer resolves scoped services (its activity source among them), and a host that validates scopes (any
    // host in Development) refuses those from the root provider; so renderers take their services from a scope of
    // the site's own.
    private readonly AsyncServiceScope _scope;
    private readonly ILoggerFactory _loggerFactory;

    public PageRenderer(IServiceScopeFactory scopes, ILoggerFactory loggerFactory)
    {
        _scope = scopes.CreateAsyncScope();
        _loggerFactory = loggerFactory;
    }

    public async Task<byte[]> RenderAsync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TComponent>(object model) where TComponent : IComponent
    {
        // One renderer per page, disposed with it: an HtmlRenderer keeps every root component it has rendered (with its
        // model and render tree) until the renderer itself goes, so a renderer shared for the site's lifetime grew by
        // each page it ever rendered (gigabytes under load on a page rendered per request). A renderer costs
        // microseconds to make, and separate ones also let pages render in parallel.
        await using var renderer = new HtmlRenderer(_scope.ServiceProvider, _loggerFactory);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var parameters = ParameterView.FromDictionary(new Dictionary<string, object?> { ["Model"] = model });
            var output = await renderer.RenderComponentAsync<TComponent>(parameters);
            using var buffer = new MemoryStream();
            await using (var writer = new StreamWriter(buffer, Utf8, bufferSize: 16 * 1024, leaveOpen: true)) output.WriteHtmlTo(writer);
            return buffer.ToArray();
        });
    }

    public ValueTask DisposeAsync() => _scope.DisposeAsync();

    // A container disposed synchronously refuses services that can only be disposed asynchronously.
    public void Dispose() => _scope.Dispose();
}
