using Platform.Chat.Extensions;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddChatService();
builder.AddPlatformBus();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
