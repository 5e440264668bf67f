using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Clipping.Web.Pages;

/// <summary>Renders the Razor page components to UTF-8 HTML outside any request, so the result can be cached and reused.</summary>
public sealed class PageRenderer : IAsyncDisposable, IDisposable
{
    // The renderer resolves scoped services (its activity source among them), and a host that validates scopes (any
    // host in Development) refuses those from the root provider; so the renderer lives in a scope of its own, as
    // long as the site does.
    private readonly AsyncServiceScope _scope;
    private readonly HtmlRenderer _renderer;

    public PageRenderer(IServiceScopeFactory scopes, ILoggerFactory loggerFactory)
    {
        _scope = scopes.CreateAsyncScope();
        _renderer = new HtmlRenderer(_scope.ServiceProvider, loggerFactory);
    }

    public Task<byte[]> RenderAsync<TComponent>(object model) where TComponent : IComponent =>
        _renderer.Dispatcher.InvokeAsync(async () =>
        {
            var parameters = ParameterView.FromDictionary(new Dictionary<string, object?> { ["Model"] = model });
            var output = await _renderer.RenderComponentAsync<TComponent>(parameters);
            return Encoding.UTF8.GetBytes(output.ToHtmlString());
        });

    public async ValueTask DisposeAsync()
    {
        await _renderer.DisposeAsync();
        await _scope.DisposeAsync();
    }

    // A container disposed synchronously refuses services that can only be disposed asynchronously.
    public void Dispose()
    {
        _renderer.Dispose();
        _scope.Dispose();
    }
}
