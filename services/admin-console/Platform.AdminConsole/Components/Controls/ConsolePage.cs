using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Platform.AdminConsole.Gateway;
using Platform.AdminConsole.SignIn;

namespace Platform.AdminConsole.Components.Controls;

/// <summary>
/// What every console page shares: the admin API client, the signed-in role, and running an API call with its
/// error shown on the page instead of breaking the circuit.
/// </summary>
public abstract class ConsolePage : ComponentBase
{
    [Inject]
    protected AdminApiClient Api { get; set; } = default!;

    [Inject]
    protected IDialogService Dialogs { get; set; } = default!;

    [Inject]
    protected ISnackbar Snackbar { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState>? Authentication { get; set; }

    /// <summary>Whether the signed-in person may change things (the admin role); read-only users see disabled controls.</summary>
    protected bool CanChange { get; private set; }

    protected AdminApiException? Error { get; set; }

    protected override async Task OnInitializedAsync()
    {
        CanChange = Authentication is not null && (await Authentication).User.IsInRole(ConsoleRoles.Admin);
        await LoadAsync();
    }

    protected virtual Task LoadAsync() => Task.CompletedTask;

    /// <summary>Runs a call; a refusal or an unreachable gateway becomes <see cref="Error"/>. True when it succeeded.</summary>
    protected async Task<bool> TryAsync(Func<Task> call)
    {
        try
        {
            await call();
            Error = null;
            return true;
        }
        catch (AdminApiException exception)
        {
            Error = exception;
            return false;
        }
    }

    /// <summary>Asks before a destructive action; true when the person confirmed.</summary>
    protected async Task<bool> ConfirmAsync(string title, string message, string action)
    {
        var answer = await Dialogs.ShowMessageBoxAsync(new MessageBoxOptions
        {
            Title = title,
            Message = message,
            YesText = action,
            CancelText = "Cancel",
        });
        return answer == true;
    }

    protected static string Number(double value) => value.ToString("#,0.##", System.Globalization.CultureInfo.InvariantCulture);

    protected static string When(DateTimeOffset? at) =>
        at is null ? "—" : at.Value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
}
