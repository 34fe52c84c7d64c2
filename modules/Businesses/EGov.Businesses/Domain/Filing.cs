using System.Text.Json.Nodes;

namespace EGov.Businesses.Domain;

/// <summary>Who filed: on what footing, the actor for the audit (a token subject or client id, never a national id), the mandate used.</summary>
internal sealed record FilingActor(FilerKind Kind, string Actor, Guid? MandateId = null);

/// <summary>
/// One entry of a business's ledger. Immutable: nothing changes a filing once made (the table refuses updates and
/// deletes); a mistake is put right by a <see cref="FilingKind.Correction"/> that names the filing it corrects.
/// <see cref="Details"/> holds open data only (never a national id or a home address), so the history is public.
/// </summary>
internal sealed class Filing
{
    private Filing()
    {
    }

    public Filing(Guid id, Guid businessId, int sequence, FilingKind kind, DateOnly effectiveOn, JsonObject details, FilingActor actor, DateTimeOffset filedAt, Guid? corrects = null)
    {
        Id = id;
        BusinessId = businessId;
        Sequence = sequence;
        Kind = kind;
        EffectiveOn = effectiveOn;
        Details = details.ToJsonString();
        FiledAs = actor.Kind;
        FiledBy = actor.Actor;
        MandateId = actor.MandateId;
        FiledAt = filedAt;
        Corrects = corrects;
    }

    public Guid Id { get; private set; }

    public Guid BusinessId { get; private set; }

    /// <summary>1, 2, 3 … within the business.</summary>
    public int Sequence { get; private set; }

    public FilingKind Kind { get; private set; }

    /// <summary>The day the filing takes effect on the register; it may lie in the future.</summary>
    public DateOnly EffectiveOn { get; private set; }

    /// <summary>Open-data facts of the filing, JSON.</summary>
    public string Details { get; private set; } = "{}";

    public FilerKind FiledAs { get; private set; }

    /// <summary>Audit actor (token subject or client id).</summary>
    public string FiledBy { get; private set; } = string.Empty;

    public Guid? MandateId { get; private set; }

    public DateTimeOffset FiledAt { get; private set; }

    /// <summary>The filing this one corrects.</summary>
    public Guid? Corrects { get; private set; }
}
