using Platform.AdminConsole.Extensions;
using Platform.Chat.Extensions;
using Platform.Completion.Extensions;
using Platform.Embedded;
using Platform.Gateway.Extensions;
using Platform.ModelWorker.Extensions;
using Platform.Retrieval.Extensions;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddEmbeddedDefaults();
builder.AddServiceDefaults();
builder.AddGateway();
builder.AddCompletionService();
builder.AddChatService();
builder.AddModelWorker();
builder.AddRetrieval();
builder.AddPlatformBus();
builder.AddAdminConsole(sameProcessGateway: true);

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapAdminConsole();
app.MapGatewayApi();
app.PrintWelcomeOnStart();
app.Run();
