using EGov.Clients.Kiota.G2c;
using EGov.Clients.Kiota.G2c.Models;
using EGov.Testing;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using static EGov.Clients.Tests.Journey;

namespace EGov.Clients.Tests;

/// <summary>
/// The G2C journey through the Kiota client generated from the committed <c>g2c.json</c>, unedited, against the
/// running platform (real tokens, real PostgreSQL): catalogue, draft, submission with an idempotency key, an
/// attachment up and down, the caseworker's decision, the issued document as JSON and PDF, its public check.
/// </summary>
[Collection(nameof(JourneyCollection))]
public sealed class KiotaJourneyTests(PlatformFixture fixture)
{
    private async Task<G2cClient> ClientAsync(string? user = null)
    {
        // The caller's token rides on the HttpClient; the request adapter resolves paths against its address.
        var http = user is null ? fixture.Platform.CreateClient() : await fixture.Platform.ClientForAsync(user);
        var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http)
        {
            BaseUrl = http.BaseAddress!.ToString().TrimEnd('/'),
        };
        return new G2cClient(adapter);
    }

    [Fact]
    public async Task A_citizen_applies_attaches_is_approved_and_anyone_verifies_the_document()
    {
        var anonymous = await ClientAsync();
        var catalogue = await anonymous.Api.G2c.Services.GetAsync(cancellationToken: Ct);
        Assert.Contains(catalogue!.Items!, s => s.Code == Service);
        var service = await anonymous.Api.G2c.Services[Service].GetAsync(cancellationToken: Ct);
        Assert.Equal("CCM", service!.AgencyCode);
        Assert.Equal(60m, service.Fee!.Amount);
        var plateField = Assert.Single(service.Form!.Pages!.SelectMany(p => p.Fields!), f => f.Name == "plate");
        Assert.Equal(FieldType.Text, plateField.Type);
        Assert.Equal(FieldType.YesNo, Assert.Single(service.Form.Pages!.SelectMany(p => p.Fields!), f => f.Name == "resident").Type);
        Assert.Contains("fr", service.Languages!);

        var anna = await ClientAsync(Citizen);
        var plate = "KI-" + Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var fields = new SaveDraftRequest_fields();
        fields.AdditionalData["plate"] = plate;
        fields.AdditionalData["zone"] = 3;
        fields.AdditionalData["resident"] = true;
        await anna.Api.G2c.Session.Drafts[Service].PutAsync(new SaveDraftRequest { Fields = fields }, cancellationToken: Ct);
        var draft = await anna.Api.G2c.Session.Drafts[Service].GetAsync(cancellationToken: Ct);
        Assert.Equal(Service, draft!.ServiceCode);

        var key = Guid.NewGuid().ToString();
        var submit = new SubmitApplicationRequest { ServiceCode = Service, FromDraft = true };
        var application = await anna.Api.G2c.Applications.PostAsync(submit, c => c.Headers.Add("Idempotency-Key", key), Ct);
        var replayed = await anna.Api.G2c.Applications.PostAsync(submit, c => c.Headers.Add("Idempotency-Key", key), Ct);
        var id = application!.Id!.Value;
        Assert.Equal("Submitted", application.Status);
        Assert.Equal(id, replayed!.Id);
        Assert.Equal(1, await Database.CountAsync(fixture.Platform.ConnectionString,
            "SELECT count(*) FROM g2c.applications WHERE id = @id", ("id", id)));

        var pdf = RegistrationPdf(plate);
        var upload = new MultipartBody();
        upload.AddOrReplacePart("file", "application/pdf", new MemoryStream(pdf), "registration.pdf");
        var attachment = await anna.Api.G2c.Applications[id].Attachments.PostAsync(upload, cancellationToken: Ct);
        Assert.Equal("registration.pdf", attachment!.FileName);
        Assert.Equal(pdf.Length, attachment.Size);
        Assert.Equal(Sha256(pdf), attachment.Sha256);
        await using (var download = await anna.Api.G2c.Applications[id].Attachments[attachment.Id!.Value].GetAsync(cancellationToken: Ct))
        {
            Assert.Equal(pdf, await ReadAllAsync(download!));
        }

        var eva = await ClientAsync(Caseworker);
        var assigned = await eva.Api.G2c.Backoffice.Applications[id].Assign.PostAsync(cancellationToken: Ct);
        Assert.Equal("InReview", assigned!.Status);
        var decided = await eva.Api.G2c.Backoffice.Applications[id].Decision.PostAsync(new DecisionRequest { Outcome = DecisionRequest_outcome.Approved }, cancellationToken: Ct);
        Assert.Equal("Approved", decided!.Status);
        Assert.Equal("Approved", (await anna.Api.G2c.Applications[id].GetAsync(cancellationToken: Ct))!.Status);

        var documents = await anna.Api.G2c.Documents.GetAsync(cancellationToken: Ct);
        var listed = Assert.Single(documents!.Items!, d => d.ApplicationId == id);
        var document = await anna.Api.G2c.Documents[listed.Id!.Value].GetAsync(cancellationToken: Ct);
        Assert.Equal(Service, document!.Type);
        Assert.Equal(listed.VerificationCode, document.VerificationCode);
        await using (var certificate = await anna.Api.G2c.Documents[listed.Id!.Value].Pdf.GetAsync(cancellationToken: Ct))
        {
            AssertPdf(await ReadAllAsync(certificate!));
        }

        var verified = await anonymous.Api.G2c.Documents.Verify[document.VerificationCode!].GetAsync(cancellationToken: Ct);
        Assert.Equal(DocumentStatus.Valid, verified!.Status);
        Assert.Equal(Service, verified.Type);

        // The platform's check, through the client of the platform document, says the same.
        var http = fixture.Platform.CreateClient();
        var platform = new EGov.Clients.Kiota.Platform.PlatformClient(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http)
        {
            BaseUrl = http.BaseAddress!.ToString().TrimEnd('/'),
        });
        var checkedOnPlatform = await platform.Api.Documents.Verify[document.VerificationCode!].GetAsync(cancellationToken: Ct);
        Assert.Equal(EGov.Clients.Kiota.Platform.Models.DocumentStatus.Valid, checkedOnPlatform!.Status);
        Assert.Equal(verified.Holder, checkedOnPlatform.Holder);
        var keys = await platform.Api.Documents.Keys.GetAsync(cancellationToken: Ct);
        Assert.Contains(keys!.Keys!, k => k.Alg == "ES256");
    }
}
