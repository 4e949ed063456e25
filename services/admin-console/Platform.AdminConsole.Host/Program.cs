using Platform.AdminConsole.Extensions;
using Platform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddAdminConsole();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapAdminConsole();
app.MapGet("/", () => Results.Redirect(AdminConsoleExtensions.PathBase + "/"));
app.Run();
