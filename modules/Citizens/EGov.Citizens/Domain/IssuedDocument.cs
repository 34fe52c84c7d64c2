namespace EGov.Citizens.Domain;

/// <summary>A document (certificate) issued on approval of an application; its fields are signed with a document-signing key.</summary>
internal sealed class IssuedDocument
{
    public Guid Id { get; set; }

    /// <summary>What the document certifies: the code of the service the application was filed for.</summary>
    public string Type { get; set; } = string.Empty;

    public Guid ApplicationId { get; set; }

    public string CitizenSubject { get; set; } = string.Empty;

    /// <summary>The issuing agency.</summary>
    public string AgencyCode { get; set; } = string.Empty;

    /// <summary>Whole seconds, UTC: the value signed is exactly the value stored.</summary>
    public DateTimeOffset IssuedAt { get; set; }

    /// <summary>Public code anyone may check at <c>/api/g2c/documents/verify/{code}</c>.</summary>
    public string VerificationCode { get; set; } = string.Empty;

    /// <summary>Compact JWS (ES256) whose payload is the canonical JSON of the document's fields.</summary>
    public string Signature { get; set; } = string.Empty;

    public string KeyId { get; set; } = string.Empty;

    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>A document-signing key (P-256). The current key signs; every key stays published so old documents still verify.</summary>
internal sealed class DocumentSigningKey
{
    public string KeyId { get; set; } = string.Empty;

    /// <summary>PKCS#8 private key; protected by the access rules of the module's schema.</summary>
    public byte[] PrivateKey { get; set; } = [];

    public bool IsCurrent { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
