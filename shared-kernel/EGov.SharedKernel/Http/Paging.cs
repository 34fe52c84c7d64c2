using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace EGov.SharedKernel.Http;

/// <summary>The shape of every list the platform returns.</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);

/// <summary>
/// The <c>page</c> and <c>pageSize</c> query parameters of every list, bound with <c>[AsParameters]</c>: their
/// rules are stated here once, so the OpenAPI documents and the server say the same.
/// </summary>
public sealed class PageQuery
{
    /// <summary>Page number, from 1.</summary>
    [FromQuery(Name = "page")]
    [Range(1, PageRequest.MaxPage)]
    [DefaultValue(1)]
    [Description("Page number, from 1.")]
    public int? Page { get; init; }

    /// <summary>Items per page.</summary>
    [FromQuery(Name = "pageSize")]
    [Range(1, PageRequest.MaxPageSize)]
    [DefaultValue(PageRequest.DefaultPageSize)]
    [Description("Items per page, 1 to 100.")]
    public int? PageSize { get; init; }

    public PageRequest Validate(ValidationErrors errors) => PageRequest.From(Page, PageSize, errors);
}

/// <summary>A checked page: <c>page</c> from 1 to <see cref="MaxPage"/>, <c>pageSize</c> from 1 to <see cref="MaxPageSize"/>.</summary>
public readonly record struct PageRequest(int Page, int PageSize)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <summary>The last page anyone may ask for: its offset stays far inside what PostgreSQL and EF take.</summary>
    public const int MaxPage = 1_000_000;

    /// <summary>Rows before the page: at most (<see cref="MaxPage"/> − 1) × <see cref="MaxPageSize"/>, far inside an int.</summary>
    public int Offset => (Math.Clamp(Page, 1, MaxPage) - 1) * Math.Clamp(PageSize, 1, MaxPageSize);

    public static PageRequest From(int? page, int? pageSize, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var p = page ?? 1;
        var size = pageSize ?? DefaultPageSize;
        if (p is < 1 or > MaxPage)
        {
            errors.Add("page", $"'page' must be between 1 and {MaxPage}.");
        }

        if (size is < 1 or > MaxPageSize)
        {
            errors.Add("pageSize", $"'pageSize' must be between 1 and {MaxPageSize}.");
        }

        return new PageRequest(Math.Clamp(p, 1, MaxPage), Math.Clamp(size, 1, MaxPageSize));
    }
}
