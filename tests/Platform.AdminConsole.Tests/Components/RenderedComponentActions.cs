using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;

namespace Platform.AdminConsole.Tests.Components;

/// <summary>
/// Finds and acts on an element in one turn of the renderer's dispatcher. Pages load their data after the first render;
/// an element found before that re-render carries an event handler id the renderer has already replaced.
/// </summary>
internal static class RenderedComponentActions
{
    public static void Act<TComponent>(this IRenderedComponent<TComponent> component, string selector, Action<IElement> action)
        where TComponent : IComponent =>
        component.InvokeAsync(() => action(component.Find(selector))).GetAwaiter().GetResult();

    public static void ActOnAll<TComponent>(this IRenderedComponent<TComponent> component, string selector, Action<IElement> action)
        where TComponent : IComponent =>
        component.InvokeAsync(() =>
        {
            var count = component.FindAll(selector).Count;
            for (var i = 0; i < count; i++)
            {
                // Each action may re-render: find the element again by position.
                action(component.FindAll(selector)[i]);
            }
        }).GetAwaiter().GetResult();

    /// <summary>Acts on the first element matching <paramref name="selector"/> whose text is <paramref name="text"/> (a dialog's button).</summary>
    public static void ActOnText<TComponent>(this IRenderedComponent<TComponent> component, string selector, string text, Action<IElement> action)
        where TComponent : IComponent =>
        component.InvokeAsync(() => action(component.FindAll(selector).First(element => element.TextContent.Trim() == text))).GetAwaiter().GetResult();
}
