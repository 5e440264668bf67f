using System.Text.Json;
using Clipping.Contributors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Clipping.Web.Endpoints;

/// <summary>Why a registration request could not be read at all, as the status and message its sender sees.</summary>
public sealed record InputProblem(int Status, string Message);

/// <summary>
/// Reads a registration from a form post or a JSON body within tight limits (a registration is a few short fields),
/// turning every way a request can be malformed into a 4xx that says what to fix, never an exception.
/// </summary>
public static class RegistrationInput
{
    /// <summary>Far more than a name, an address and two choices need; a larger body is refused before it is read.</summary>
    public const long MaxBodyBytes = 16 * 1024;

    private static readonly FormOptions FormLimits = new()
    {
        ValueCountLimit = 16,
        KeyLengthLimit = 64,
        ValueLengthLimit = (int)MaxBodyBytes,
        MultipartBodyLengthLimit = MaxBodyBytes,
        MultipartHeadersLengthLimit = 4 * 1024,
        BufferBody = false,
    };

    public static async Task<(RegistrationRequest? Request, InputProblem? Problem)> ReadFormAsync(HttpContext context)
    {
        var (form, problem) = await ReadSmallFormAsync(context,
            "Send the registration form as application/x-www-form-urlencoded (as the form on this page does), or post JSON to /api/contributors.");
        if (form is null) return (null, problem);
        return (new RegistrationRequest(form["name"].ToString(), form["url"].ToString(), form["allPosts"].ToString() == "true" ? true : null)
        {
            Step = form["step"].ToString(),
            ClaimCode = form["code"].ToString(),
            ClaimSecret = form["secret"].ToString(),
        }, null);
    }

    /// <summary>A form of a few short fields (registration, subscribing), read within the same tight limits.</summary>
    /// <param name="notAForm">What to say to a request that is not a form post.</param>
    public static async Task<(IFormCollection? Form, InputProblem? Problem)> ReadSmallFormAsync(HttpContext context, string notAForm)
    {
        if (!context.Request.HasFormContentType) return (null, new InputProblem(StatusCodes.Status415UnsupportedMediaType, notAForm));
        if (TooLarge(context) is { } tooLarge) return (null, tooLarge);
        try
        {
            context.Features.Set<IFormFeature>(new FormFeature(context.Request, FormLimits));
            return (await context.Request.ReadFormAsync(context.RequestAborted), null);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            return (null, Refused(e));
        }
    }

    public static async Task<(RegistrationRequest? Request, InputProblem? Problem)> ReadJsonAsync(HttpContext context)
    {
        if (!context.Request.HasJsonContentType())
        {
            return (null, new InputProblem(StatusCodes.Status415UnsupportedMediaType,
                "Send the registration as JSON (Content-Type: application/json): {\"name\": \"...\", \"url\": \"https://...\"}."));
        }
        if (TooLarge(context) is { } tooLarge) return (null, tooLarge);
        try
        {
            // Read whole but never past the limit, whether or not the sender declared a length (a chunked body may not).
            using var body = new MemoryStream();
            var buffer = new byte[4096];
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                if (body.Length + read > MaxBodyBytes) return (null, BodyTooLarge);
                body.Write(buffer, 0, read);
            }
            body.Position = 0;
            var request = await JsonSerializer.DeserializeAsync(body, ApiJson.Default.RegistrationRequest, context.RequestAborted);
            return request is null
                ? (null, new InputProblem(StatusCodes.Status400BadRequest, "Send a JSON object: {\"name\": \"...\", \"url\": \"https://...\"}."))
                : (request, null);
        }
        catch (JsonException e)
        {
            return (null, new InputProblem(StatusCodes.Status400BadRequest,
                $"The body is not the JSON object expected ({e.Path ?? "$"}, line {e.LineNumber + 1}): send {{\"name\": \"...\", \"url\": \"https://...\"}}."));
        }
        catch (Exception e) when (e is BadHttpRequestException or IOException)
        {
            return (null, Refused(e));
        }
    }

    /// <summary>Text a person typed, cut to what the form accepts before it is shown back to them.</summary>
    public static string? Bounded(string? text, int max) => text is { Length: > 0 } && text.Length > max ? text[..max] : text;

    // A declared length is refused at once; a chunked body is held to the same limit as it is read.
    private static InputProblem? TooLarge(HttpContext context)
    {
        if (context.Request.ContentLength > MaxBodyBytes) return BodyTooLarge;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxBodyBytes;
        return null;
    }

    private static readonly InputProblem BodyTooLarge = new(StatusCodes.Status413PayloadTooLarge,
        $"A registration is a name and an address: at most {MaxBodyBytes / 1024} KB, please.");

    private static InputProblem Refused(Exception e) => e switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => BodyTooLarge,
        InvalidDataException => new InputProblem(StatusCodes.Status400BadRequest,
            $"The form has more fields, or longer ones, than a registration needs: send name, url and allPosts only, each under {MaxBodyBytes / 1024} KB."),
        _ => new InputProblem(StatusCodes.Status400BadRequest, "The request body could not be read; please send the form again."),
    };
}
