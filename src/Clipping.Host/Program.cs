using System.CommandLine;
using Clipping.Host.Commands;

// The `clipping` command: serve (default), refresh, contributors, check, demo, store, email. Each command is one file in Commands/.
var root = new RootCommand("Clipping: a joint clipping blog. Gathers posts tagged with a topic from contributors' feeds into one page and one feed.")
{
    ServeCommand.Urls,
};
root.Add(ServeCommand.Create());
root.Add(RefreshCommand.Create());
root.Add(ContributorsCommand.Create());
root.Add(CheckCommand.Create());
root.Add(DemoCommand.Create());
root.Add(StoreCommand.Create());
root.Add(EmailCommand.Create());
root.SetAction((parse, cancellationToken) => ServeCommand.RunAsync(parse.GetValue(ServeCommand.Urls), cancellationToken));

try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (e is not OutOfMemoryException)
{
    // Operators see one line that says what went wrong; details go to the log of the command that failed.
    Console.Error.WriteLine($"clipping: {Clipping.Host.Commands.TerminalText.Safe(e.Message)}");
    return 1;
}
