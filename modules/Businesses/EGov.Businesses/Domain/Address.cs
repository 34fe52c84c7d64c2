namespace EGov.Businesses.Domain;

/// <summary>A postal address; <c>Country</c> is an ISO 3166-1 alpha-2 code.</summary>
internal sealed record Address(string Line1, string? Line2, string Postcode, string City, string Country);
