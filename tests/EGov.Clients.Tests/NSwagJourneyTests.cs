using EGov.Clients.NSwag.G2c;
using EGov.Testing;
using static EGov.Clients.Tests.Journey;

namespace EGov.Clients.Tests;

/// <summary>
/// The G2C journey through the NSwag client (System.Text.Json) generated from the committed <c>g2c.json</c>,
/// unedited, against the running platform: the same steps as <see cref="KiotaJourneyTests"/>.
/// </summary>
[Collection(nameof(JourneyCollection))]
public sealed class NSwagJourneyTests(PlatformFixture fixture)
{
    // The caller's token rides on the HttpClient; the generated client resolves paths against its address.
    private async Task<G2cClient> ClientAsync(string? user = null) =>
        new(user is null ? fixture.Platform.CreateClient() : await fixture.Platform.ClientForAsync(user));

    [Fact]
    public async Task A_citizen_applies_attaches_is_approved_and_anyone_verifies_the_document()
    {
        var anonymous = await ClientAsync();
        var catalogue = await anonymous.ListServicesAsync(cancellationToken: Ct);
        Assert.Contains(catalogue.Items, s => s.Code == Service);
        var service = await anonymous.GetServiceAsync(Service, cancellationToken: Ct);
        Assert.Equal("CCM", service.AgencyCode);
        Assert.Equal(60m, service.Fee.Amount);
        var plate0 = Assert.Single(service.Form.Pages.SelectMany(p => p.Fields), f => f.Name == "plate");
        Assert.Equal(FieldType.Text, plate0.Type);
        Assert.Equal(FieldType.YesNo, Assert.Single(service.Form.Pages.SelectMany(p => p.Fields), f => f.Name == "resident").Type);
        Assert.Contains("fr", service.Languages);

        var anna = await ClientAsync(Citizen);
        var plate = "NS-" + Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var fields = new Dictionary<string, object> { ["plate"] = plate, ["zone"] = 3, ["resident"] = true };
        await anna.SaveDraftAsync(Service, new SaveDraftRequest { Fields = fields }, Ct);
        var draft = await anna.GetDraftAsync(Service, Ct);
        Assert.Equal(Service, draft.ServiceCode);

        var key = Guid.NewGuid().ToString();
        var submit = new SubmitApplicationRequest { ServiceCode = Service, FromDraft = true };
        var application = await anna.SubmitApplicationAsync(key, submit, Ct);
        var replayed = await anna.SubmitApplicationAsync(key, submit, Ct);
        Assert.Equal("Submitted", application.Status);
        Assert.Equal(application.Id, replayed.Id);
        Assert.Equal(1, await Database.CountAsync(fixture.Platform.ConnectionString,
            "SELECT count(*) FROM g2c.applications WHERE id = @id", ("id", application.Id)));

        var pdf = RegistrationPdf(plate);
        var attachment = await anna.UploadAttachmentAsync(application.Id, new FileParameter(new MemoryStream(pdf), "registration.pdf", "application/pdf"), Ct);
        Assert.Equal("registration.pdf", attachment.FileName);
        Assert.Equal(pdf.Length, attachment.Size);
        Assert.Equal(Sha256(pdf), attachment.Sha256);
        using (var download = await anna.DownloadAttachmentAsync(application.Id, attachment.Id, Ct))
        {
            Assert.Equal(pdf, await ReadAllAsync(download.Stream));
        }

        var eva = await ClientAsync(Caseworker);
        Assert.Equal("InReview", (await eva.AssignApplicationAsync(application.Id, Ct)).Status);
        var decided = await eva.DecideApplicationAsync(application.Id, new DecisionRequest { Outcome = DecisionRequestOutcome.Approved }, Ct);
        Assert.Equal("Approved", decided.Status);
        Assert.Equal("Approved", (await anna.GetMyApplicationAsync(application.Id, Ct)).Status);

        var documents = await anna.ListMyDocumentsAsync(cancellationToken: Ct);
        var listed = Assert.Single(documents.Items, d => d.ApplicationId == application.Id);
        var document = await anna.GetMyDocumentAsync(listed.Id, Ct);
        Assert.Equal(Service, document.Type);
        Assert.Equal(listed.VerificationCode, document.VerificationCode);
        using (var certificate = await anna.GetMyDocumentPdfAsync(listed.Id, Ct))
        {
            AssertPdf(await ReadAllAsync(certificate.Stream));
        }

        var verified = await anonymous.VerifyDocumentAsync(document.VerificationCode, Ct);
        Assert.Equal(DocumentStatus.Valid, verified.Status);
        Assert.Equal(Service, verified.Type);

        // The platform's check, through the client of the platform document, says the same.
        var platform = new EGov.Clients.NSwag.Platform.PlatformClient(fixture.Platform.CreateClient());
        var checkedOnPlatform = await platform.VerifyIssuedDocumentAsync(document.VerificationCode, Ct);
        Assert.Equal(EGov.Clients.NSwag.Platform.DocumentStatus.Valid, checkedOnPlatform.Status);
        Assert.Equal(verified.Holder, checkedOnPlatform.Holder);
    }
}
