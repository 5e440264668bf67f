using Clipping.Email;
using Clipping.Publishing;
using Clipping.Web.Email;
using Clipping.Web.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Clipping.Web.Endpoints;

/// <summary>
/// Email digests for readers: the form's post, the confirm page (its link's GET only shows a button, since mail
/// scanners open every link) and the unsubscribe page, whose POST is also RFC 8058's one-click unsubscribe from the
/// mail client. None of them says whether an address was subscribed before.
/// </summary>
public static class EmailEndpoints
{
    private const string Off = "This site does not send email digests. Follow it with one of the feeds on its page instead.";
    private const string NoSuchConfirmation = "This confirmation link is not valid: it may have been used already, or replaced by a newer one. Subscribe again on the page you want to follow.";
    private const string Expired = "This confirmation link has expired: links work for 7 days. Subscribe again on the page you want to follow, and confirm within the week.";
    private const string NoSuchSubscription = "This unsubscribe link does not match any subscription: if you have unsubscribed already, there is nothing more to do.";

    public static IEndpointRouteBuilder MapEmail(this IEndpointRouteBuilder app)
    {
        // Every answer here may name an address: kept by no cache.
        var group = app.MapGroup("").AddEndpointFilter(async (invocation, next) =>
        {
            invocation.HttpContext.Response.Headers.CacheControl = "no-store";
            return await next(invocation);
        });
        group.MapPost(SiteRoutes.Subscribe, async (HttpContext context, SiteContext site, EmailOptions options, Subscriptions subscriptions, SubscribableViews views, PageRenderer renderer) =>
        {
            var frame = site.FrameFor(context.Request, site.Topics.Default);
            if (!options.Enabled) return await PageAsync(renderer, new SubscribeModel(frame, SubscribeStep.Problem, Message: Off), StatusCodes.Status404NotFound);
            var (form, problem) = await RegistrationInput.ReadSmallFormAsync(context,
                "Send the subscribe form as application/x-www-form-urlencoded, as the form on each page does: email, view and frequency.");
            if (form is null) return await PageAsync(renderer, new SubscribeModel(frame, SubscribeStep.Problem, Message: problem!.Message), problem.Status);

            if (SubscribedView.Parse(form["view"].ToString(), site.Topics) is not { } subscribed)
            {
                return await PageAsync(renderer, new SubscribeModel(frame, SubscribeStep.Problem,
                    Message: "That page cannot be followed by email: only a topic's page, a contributor's and a tag's can. Use the form on one of those."), StatusCodes.Status400BadRequest);
            }
            var (view, name, missing) = await views.ResolveAsync(subscribed, frame.Site, context.RequestAborted);
            if (view is null) return await PageAsync(renderer, new SubscribeModel(frame, SubscribeStep.Problem, Message: missing), StatusCodes.Status404NotFound);
            var frequency = form["frequency"].ToString() switch
            {
                "" or "daily" => DigestFrequency.Daily,
                "weekly" => DigestFrequency.Weekly,
                _ => (DigestFrequency?)null,
            };
            if (frequency is null)
            {
                return await PageAsync(renderer, new SubscribeModel(frame, SubscribeStep.Problem, Message: "Choose how often: frequency is daily or weekly."), StatusCodes.Status400BadRequest);
            }
            var (address, wrong) = SubscriberIds.Check(form["email"].ToString());
            if (address is null) return await PageAsync(renderer, new SubscribeModel(frame, SubscribeStep.Problem, Message: wrong), StatusCodes.Status400BadRequest);

            var outcome = await subscriptions.RequestAsync(address, subscribed, name, frequency.Value, context.RequestAborted);
            if (outcome == SubscribeOutcome.MailFailed)
            {
                context.Response.Headers.RetryAfter = "300";
                return await PageAsync(renderer, new SubscribeModel(frame, SubscribeStep.Problem,
                    Message: "The confirmation mail could not be sent just now. Please try again in a few minutes."), StatusCodes.Status503ServiceUnavailable);
            }
            // Mailed or not (an address gets one confirmation an hour), the reader is told the same.
            return await PageAsync(renderer, new SubscribeModel(frame, SubscribeStep.CheckInbox, address, name, view.PageUrl));
        }).DisableAntiforgery().AddEndpointFilter(SameOriginForms.RequireSameOrigin).RequireRateLimiting(RegistrationLimits.SubscribePolicy);

        group.MapMethods("/" + RouteTemplates.SubscribeConfirm, ReadRoutes.GetAndHead, async (HttpContext context, string token, SiteContext site, Subscriptions subscriptions, SubscribableViews views, PageRenderer renderer) =>
        {
            var frame = site.FrameFor(context.Request, site.Topics.Default);
            var (subscriber, problem) = await subscriptions.FindConfirmationAsync(token, context.RequestAborted);
            if (subscriber is null || problem != LinkProblem.None) return await LinkProblemAsync(renderer, frame, problem);
            var (viewName, viewUrl) = await NameAsync(subscriber, site, frame, views, context.RequestAborted);
            return await PageAsync(renderer, new SubscribeModel(frame, SubscribeStep.Confirm, subscriber.Address, viewName, viewUrl,
                Describe(subscriber.RequestedFrequency ?? subscriber.Frequency), context.Request.Path));
        });

        group.MapPost("/" + RouteTemplates.SubscribeConfirm, async (HttpContext context, string token, SiteContext site, Subscriptions subscriptions, SubscribableViews views, PageRenderer renderer) =>
        {
            var frame = site.FrameFor(context.Request, site.Topics.Default);
            var (subscriber, problem) = await subscriptions.ConfirmAsync(token, context.RequestAborted);
            if (subscriber is null || problem != LinkProblem.None) return await LinkProblemAsync(renderer, frame, problem);
            var (viewName, viewUrl) = await NameAsync(subscriber, site, frame, views, context.RequestAborted);
            return await PageAsync(renderer, new SubscribeModel(frame, SubscribeStep.Confirmed, subscriber.Address, viewName, viewUrl, Describe(subscriber.Frequency)));
        }).DisableAntiforgery().AddEndpointFilter(SameOriginForms.RequireSameOrigin);

        group.MapMethods("/" + RouteTemplates.Unsubscribe, ReadRoutes.GetAndHead, async (HttpContext context, string token, SiteContext site, Subscriptions subscriptions, SubscribableViews views, PageRenderer renderer) =>
        {
            var frame = site.FrameFor(context.Request, site.Topics.Default);
            if (await subscriptions.FindUnsubscribeAsync(token, context.RequestAborted) is not { } subscriber)
            {
                return await PageAsync(renderer, new SubscribeModel(frame, SubscribeStep.Problem, Message: NoSuchSubscription, Heading: "Unsubscribe"), StatusCodes.Status404NotFound);
            }
            var (viewName, viewUrl) = await NameAsync(subscriber, site, frame, views, context.RequestAborted);
            return await PageAsync(renderer, new SubscribeModel(frame, SubscribeStep.Unsubscribe, subscriber.Address, viewName, viewUrl, Describe(subscriber.Frequency), context.Request.Path));
        });

        // RFC 8058: the mail client posts "List-Unsubscribe=One-Click" here, from no page of ours, so no same-origin
        // check; the secret in the address is what protects it.
        group.MapPost("/" + RouteTemplates.Unsubscribe, async (HttpContext context, string token, SiteContext site, Subscriptions subscriptions, PageRenderer renderer) =>
        {
            var frame = site.FrameFor(context.Request, site.Topics.Default);
            if (!await subscriptions.UnsubscribeAsync(token, context.RequestAborted))
            {
                return await PageAsync(renderer, new SubscribeModel(frame, SubscribeStep.Problem, Message: NoSuchSubscription, Heading: "Unsubscribe"), StatusCodes.Status404NotFound);
            }
            return await PageAsync(renderer, new SubscribeModel(frame, SubscribeStep.Unsubscribed));
        }).DisableAntiforgery();
        return app;
    }

    /// <summary>The email page with a message: for a refusal made outside these endpoints (the rate limiter's).</summary>
    internal static Task<IResult> ProblemPageAsync(HttpContext context, string message, int status)
    {
        var site = context.RequestServices.GetRequiredService<SiteContext>();
        var renderer = context.RequestServices.GetRequiredService<PageRenderer>();
        return PageAsync(renderer, new SubscribeModel(site.FrameFor(context.Request, site.Topics.Default), SubscribeStep.Problem, Message: message), status);
    }

    private static string Describe(DigestFrequency frequency) => frequency == DigestFrequency.Weekly ? "a weekly" : "a daily";

    private static async Task<(string Name, string Url)> NameAsync(Subscriber subscriber, SiteContext site, SiteFrame frame, SubscribableViews views, CancellationToken cancellationToken)
    {
        if (SubscribedView.Parse(subscriber.View, site.Topics) is { } subscribed && await views.ResolveAsync(subscribed, frame.Site, cancellationToken) is ({ } view, var name, _))
        {
            return (name, view.PageUrl);
        }
        return (frame.Site.Title, SiteRoutes.Page);
    }

    private static Task<IResult> LinkProblemAsync(PageRenderer renderer, SiteFrame frame, LinkProblem problem) => problem == LinkProblem.Expired
        ? PageAsync(renderer, new SubscribeModel(frame, SubscribeStep.Problem, Message: Expired), StatusCodes.Status410Gone)
        : PageAsync(renderer, new SubscribeModel(frame, SubscribeStep.Problem, Message: NoSuchConfirmation), StatusCodes.Status404NotFound);

    private static async Task<IResult> PageAsync(PageRenderer renderer, SubscribeModel model, int status = StatusCodes.Status200OK) =>
        RegistrationEndpoints.Html(await renderer.RenderAsync<SubscribePage>(model), status);
}
