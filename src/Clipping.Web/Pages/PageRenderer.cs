using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Clipping.Web.Pages;

/// <summary>Renders the Razor page components to UTF-8 HTML outside any request, so the result can be cached and reused.</summary>
public sealed class PageRenderer(HtmlRenderer renderer)
{
    public Task<byte[]> RenderAsync<TComponent>(object model) where TComponent : IComponent =>
        renderer.Dispatcher.InvokeAsync(async () =>
        {
            var parameters = ParameterView.FromDictionary(new Dictionary<string, object?> { ["Model"] = model });
            var output = await renderer.RenderComponentAsync<TComponent>(parameters);
            return Encoding.UTF8.GetBytes(output.ToHtmlString());
        });
}
