using Platform.Contracts.Chat;
using Platform.Contracts.Completions;

namespace Platform.Gateway.Streaming;

/// <summary>The one factory of each generation command the gateway sends.</summary>
internal static class GenerationCommands
{
    public static CompleteCode CompleteCode(GenerationTicket ticket, CodeSegments segments) => new()
    {
        GenerationId = ticket.GenerationId,
        TenantId = ticket.Caller.TenantId,
        ApiKeyId = ticket.Caller.ApiKeyId,
        Model = ticket.Model,
        Prefix = segments.Prefix,
        Suffix = segments.Suffix,
        Language = segments.Language,
        FilePath = segments.FilePath,
        GitUrl = segments.GitUrl,
        Repository = segments.Repository,
        Declarations = segments.Declarations,
        RelevantSnippets = segments.RelevantSnippets,
        Clipboard = segments.Clipboard,
        FitToBudget = segments.FitToBudget,
        Editor = segments.Editor,
        Document = segments.Document,
        Sampling = ticket.Sampling,
        StreamAddress = ticket.StreamAddress,
        StreamDeltas = ticket.StreamDeltas,
        Deadline = ticket.Deadline,
        AcceptedAt = ticket.AcceptedAt,
        Endpoint = ticket.Endpoint,
        PriorityBoost = ticket.PriorityBoost,
    };

    public static CompleteChat CompleteChat(GenerationTicket ticket, IReadOnlyList<ChatMessage> messages) => new()
    {
        GenerationId = ticket.GenerationId,
        TenantId = ticket.Caller.TenantId,
        ApiKeyId = ticket.Caller.ApiKeyId,
        Model = ticket.Model,
        Messages = messages,
        Sampling = ticket.Sampling,
        StreamAddress = ticket.StreamAddress,
        StreamDeltas = ticket.StreamDeltas,
        Deadline = ticket.Deadline,
        AcceptedAt = ticket.AcceptedAt,
        Endpoint = ticket.Endpoint,
        PriorityBoost = ticket.PriorityBoost,
    };
}
