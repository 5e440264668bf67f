using System.Xml.Linq;
using Clipping.Storage;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Clipping.Web.Manage;

/// <summary>
/// Keeps ASP.NET Core data protection's key ring (which signs the operator's cookie and forms) in the site's own store,
/// so every instance of the Functions app, and a restarted self-host, accepts what another issued. The key ring is read
/// rarely (data protection caches it for hours), so the store's calls are waited for here.
/// </summary>
internal sealed class StoreKeyRepository(IClippingStore store) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() =>
        store.GetProtectionKeysAsync(CancellationToken.None).GetAwaiter().GetResult().Select(x => XElement.Parse(x)).ToList();

    public void StoreElement(XElement element, string friendlyName) =>
        store.SaveProtectionKeyAsync(friendlyName, element.ToString(SaveOptions.DisableFormatting), CancellationToken.None).GetAwaiter().GetResult();
}
