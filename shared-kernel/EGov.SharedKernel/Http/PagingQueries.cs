using Microsoft.EntityFrameworkCore;

namespace EGov.SharedKernel.Http;

public static class PagingQueries
{
    /// <summary>Counts the query and reads one page of it (order the query first, so pages are stable).</summary>
    public static async Task<PagedList<T>> ToPagedListAsync<T>(this IQueryable<T> ordered, PageRequest paging, CancellationToken cancellationToken)
    {
        var total = await ordered.CountAsync(cancellationToken);
        var items = await ordered.Skip(paging.Offset).Take(paging.PageSize).ToListAsync(cancellationToken);
        return new PagedList<T>(items, total, paging.Page, paging.PageSize);
    }

    /// <summary>The same page with every item mapped to its response shape.</summary>
    public static PagedList<TOut> Map<TIn, TOut>(this PagedList<TIn> page, Func<TIn, TOut> map) =>
        new(page.Items.Select(map).ToList(), page.Total, page.Page, page.PageSize);
}
