using Platform.ModelWorker.Cli;
using Platform.ModelWorker.Extensions;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Messaging;

if (ModelCommands.IsCommand(args))
{
    return ModelCommands.Run(args, Console.Out);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddModelWorker();
builder.AddPlatformBus();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
return 0;
