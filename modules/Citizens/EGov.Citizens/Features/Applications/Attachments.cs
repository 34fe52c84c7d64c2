using System.Security.Cryptography;
using EGov.BuildingBlocks.Casework;
using EGov.Citizens.Domain;
using EGov.Citizens.Persistence;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Identity;
using EGov.SharedKernel.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EGov.Citizens.Features.Applications;

internal sealed record AttachmentResponse(Guid Id, Guid ApplicationId, string FileName, string ContentType, long Size, string Sha256, DateTimeOffset UploadedAt)
{
    public static AttachmentResponse From(Attachment a) => new(a.Id, a.ApplicationId, a.FileName, a.ContentType, a.Size, a.Sha256, a.UploadedAt);
}

/// <summary>Files attached to an open application: one file per request (multipart field <c>file</c>).</summary>
internal static class Attachments
{
    // Multipart framing around the file (boundaries, part headers) that the size check tolerates.
    private const long FramingAllowance = 16 * 1024;

    public static void Map(RouteGroupBuilder applications)
    {
        applications.MapPost("/{id:guid}/attachments", UploadAsync)
            .DisableAntiforgery()
            .AcceptsFile("file", "The file to attach: one of the accepted types, at most the size limit.")
            .WithName("UploadAttachment")
            .WithSummary("Attach a file to an application")
            .WithDescription("Multipart form with one part `file`. Allowed types and the size limit are settings (Citizens:AttachmentContentTypes, Citizens:AttachmentMaxBytes); the SHA-256 is stored and returned. Nothing is stored when the file is refused.")
            .Produces<AttachmentResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        applications.MapGet("/{id:guid}/attachments/{attachmentId:guid}", DownloadAsync)
            .WithName("DownloadAttachment")
            .WithSummary("Download an attachment")
            .WithDescription("The bytes of a file attached to one of the caller's applications, with the name and type it was uploaded with.")
            .ProducesFile("application/octet-stream", "The file as uploaded; Content-Type is the type it was uploaded with.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static ProblemHttpResult TooLarge(long max) =>
        TypedResults.Problem(detail: $"An attachment is at most {max} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large");

    private static async Task<Results<Created<AttachmentResponse>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        Guid id, HttpRequest request, CitizensDb db, ICurrentUser user, IOptions<CitizensOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var max = options.Value.AttachmentMaxBytes;
        if (request.ContentLength > max + FramingAllowance)
        {
            return TooLarge(max);
        }

        if (await db.Applications.SingleOrDefaultAsync(a => a.Id == id && a.CitizenSubject == user.Subject, ct) is not { } application)
        {
            return MyApplications.NotFound(id);
        }

        if (!application.IsOpen)
        {
            return Problems.Conflict($"The application is {application.State}; files can be attached to open applications only.");
        }

        var errors = new ValidationErrors();
        if (!request.HasFormContentType)
        {
            return Problems.Validation(errors.Add("file", "Send a multipart/form-data body with one part named 'file'."));
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = max + FramingAllowance, ValueCountLimit = 10 }, ct);
        }
        catch (InvalidDataException)
        {
            return TooLarge(max);
        }

        var file = form.Files.GetFile("file");
        if (file is null || form.Files.Count != 1)
        {
            return Problems.Validation(errors.Add("file", "Send exactly one part named 'file'."));
        }

        if (file.Length > max)
        {
            return TooLarge(max);
        }

        if (file.Length == 0)
        {
            errors.Add("file", "The file is empty.");
        }

        var contentType = (file.ContentType ?? string.Empty).Split(';')[0].Trim().ToLowerInvariant();
        if (!options.Value.AttachmentContentTypes.Contains(contentType, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add("file", $"Files of type '{contentType}' are not accepted; allowed: {string.Join(", ", options.Value.AttachmentContentTypes)}.");
        }

        var fileName = Path.GetFileName(file.FileName ?? string.Empty);
        if (string.IsNullOrWhiteSpace(fileName) || fileName.Length > 255 || fileName.Any(char.IsControl))
        {
            errors.Add("file", "The file needs a name of 1 to 255 characters.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var content = buffer.ToArray();
        var now = clock.GetUtcNow();
        var attachment = new Attachment
        {
            Id = Guid.CreateVersion7(now),
            ApplicationId = application.Id,
            FileName = fileName,
            ContentType = contentType,
            Size = content.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
            Content = content,
            UploadedAt = now,
        };
        db.Attachments.Add(attachment);
        application.RecordAttachment(fileName, ActorKind.Applicant, now);
        db.Audit(user, "application.attachment-added", "application", application.Id.ToString(),
            new { attachmentId = attachment.Id, attachment.ContentType, attachment.Size, attachment.Sha256 });
        if (await db.TrySaveAsync(ct) != SaveResult.Saved)
        {
            return Problems.Conflict("The application changed at the same time; read it again.");
        }

        return TypedResults.Created($"{CitizensModule.Descriptor.RoutePrefix}/applications/{application.Id}/attachments/{attachment.Id}", AttachmentResponse.From(attachment));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadAsync(
        Guid id, Guid attachmentId, CitizensDb db, ICurrentUser user, CancellationToken ct)
    {
        var attachment = await db.Attachments.AsNoTracking()
            .Where(a => a.Id == attachmentId && a.ApplicationId == id && db.Applications.Any(x => x.Id == id && x.CitizenSubject == user.Subject))
            .SingleOrDefaultAsync(ct);
        return attachment is null
            ? Problems.NotFound($"You have no attachment {attachmentId} on application {id}.")
            : TypedResults.File(attachment.Content, attachment.ContentType, attachment.FileName);
    }
}
