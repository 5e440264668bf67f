namespace Clipping.Web.Endpoints;

internal static class ReadRoutes
{
    /// <summary>
    /// The methods of every read-only route: link checkers and feed readers probe with HEAD. Routes pass it to
    /// <c>MapMethods</c> with their handler written in place, which lets the request-delegate generator compile the
    /// binding for a native build (a handler passed on as a <see cref="Delegate"/> is bound by reflection at run time).
    /// A handler that takes only the <c>HttpContext</c> and returns a result states its return type
    /// (<c>Task&lt;IResult&gt; (HttpContext context) =&gt; ...</c>): otherwise it converts to a <c>RequestDelegate</c>, which
    /// drops the result and answers an empty 200.
    /// </summary>
    public static readonly string[] GetAndHead = ["GET", "HEAD"];
}
