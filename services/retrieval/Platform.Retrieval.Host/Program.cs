using Platform.Retrieval.Extensions;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRetrieval();
builder.AddPlatformBus();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
