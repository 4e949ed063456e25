using Platform.Gateway.Extensions;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGateway();
builder.AddPlatformBus();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapGatewayApi();
app.Run();
