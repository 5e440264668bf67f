using Clipping;
using Clipping.Hosting;
using Clipping.Web;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// The Azure Functions host: the core and the site, wired exactly as the self-host wires them.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// In Azure, a missing setting should stop the app at start-up with its name, not fail a request later.
if (Environment.GetEnvironmentVariable("WEBSITE_INSTANCE_ID") is not null) DeploymentSettings.Check(builder.Configuration);

builder.Services
    .AddApplicationInsightsTelemetryWorkerService()
    .ConfigureFunctionsApplicationInsights();
builder.Services.AddClippingCore(builder.Configuration);
builder.Services.AddClippingSitePipeline();

var app = builder.Build();
await app.Services.GetRequiredService<Clipping.Storage.IClippingStore>().InitializeAsync(CancellationToken.None);
await app.RunAsync();
