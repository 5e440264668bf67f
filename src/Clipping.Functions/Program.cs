using Clipping.Functions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// The Azure Functions app (isolated worker). Everything it wires is in FunctionsApp; everything it serves is in the core.
await FunctionsApp.Configure(FunctionsApplication.CreateBuilder(args)).Build().RunAsync();
