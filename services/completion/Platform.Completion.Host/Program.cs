using Platform.Completion.Extensions;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddCompletionService();
builder.AddPlatformBus();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
