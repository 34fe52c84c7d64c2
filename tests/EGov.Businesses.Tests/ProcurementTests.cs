using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EGov.Businesses.Domain;
using EGov.Businesses.Features.Procurement;
using EGov.Businesses.Persistence;
using EGov.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EGov.Businesses.Tests;

/// <summary>Public procurement through HTTP with real tokens and PostgreSQL: tenders, sealed bids, opening, awards, contracts, OCDS.</summary>
public sealed class ProcurementTests
{
    private const string Hugo = "procurement.hugo";
    private const string Ivo = "procurement.ivo";
    private const string Lucia = "procurement.lucia";
    private const string Tenders = "/api/g2b/procurement/tenders";
    private static readonly string[] MalformedCpv = ["7200000"];
    private static readonly string[] ItServicesCpv = ["72000000-5"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_tender_goes_from_publication_through_sealed_bids_to_contracts_and_every_OCDS_package_is_valid()
    {
        await using var platform = await ProcurementPlatform.StartAsync("g2b_procurement_walk");
        var registrar = await platform.ClientAsync("registrar.maria");
        var alfa = await RegisterAsync(registrar, "Concurso Alfa", G2b.Clara);
        var beta = await RegisterAsync(registrar, "Concurso Beta", G2b.Anna);
        var gama = await RegisterAsync(registrar, "Concurso Gama", G2b.Bruno);

        var hugo = await platform.ClientAsync(Hugo);
        var now = platform.Clock.GetUtcNow();
        var tender = await G2b.ExpectAsync(await hugo.PostAsJsonAsync(Tenders, TenderBody(now), Ct), HttpStatusCode.Created);
        var ocid = tender.GetProperty("ocid").GetString()!;
        Assert.Matches("^ocds-[a-z0-9]{6}-[0-9a-f]{32}$", ocid);
        Assert.Equal("NTA", tender.GetProperty("agencyCode").GetString());
        Assert.Equal(["lot-1", "lot-2"], tender.GetProperty("lots").EnumerateArray().Select(l => l.GetProperty("id").GetString()));
        var deadline = tender.GetProperty("tenderPeriod").GetProperty("endDate").GetDateTimeOffset();

        // Three sealed bids (and one withdrawn), with receipts; markers make any leak of their content findable.
        var markers = new[] { Marker("A1"), Marker("B1"), Marker("C2"), Marker("A2") };
        var clara = await platform.ClientAsync("rep.clara");
        var anna = await platform.ClientAsync("citizen.anna");
        var bruno = await platform.ClientAsync("citizen.bruno");
        var a1 = await BidAsync(clara, alfa, ocid, "lot-1", 101_000.50m, markers[0], HttpStatusCode.Created);
        Assert.Equal(Sha256(101_000.50m, markers[0]), a1.GetProperty("sha256").GetString());
        Assert.Equal(1, a1.GetProperty("revision").GetInt32());
        Assert.True(a1.GetProperty("receivedAt").GetDateTimeOffset() <= platform.Clock.GetUtcNow());
        var replaced = await BidAsync(clara, alfa, ocid, "lot-1", 98_765.43m, markers[0], HttpStatusCode.OK);
        Assert.Equal(2, replaced.GetProperty("revision").GetInt32());
        Assert.Equal(a1.GetProperty("bidId").GetString(), replaced.GetProperty("bidId").GetString());
        Assert.Equal(Sha256(98_765.43m, markers[0]), replaced.GetProperty("sha256").GetString());
        await BidAsync(anna, beta, ocid, "lot-1", 91_234.56m, markers[1], HttpStatusCode.Created);
        await BidAsync(bruno, gama, ocid, "lot-2", 70_123.45m, markers[2], HttpStatusCode.Created);
        await BidAsync(clara, alfa, ocid, "lot-2", 65_432.10m, markers[3], HttpStatusCode.Created);
        var withdrawn = await G2b.ExpectAsync(await clara.DeleteAsync(BidUrl(alfa, ocid, "lot-2"), Ct), HttpStatusCode.OK);
        Assert.Equal("Withdrawn", withdrawn.GetProperty("state").GetString());
        var receipt = await G2b.GetOkAsync(clara, BidUrl(alfa, ocid, "lot-1"));
        Assert.Equal(replaced.GetProperty("sha256").GetString(), receipt.GetProperty("sha256").GetString());

        // Before the deadline: no clear content in any row, and nothing in the API.
        await AssertNoContentStoredAsync(platform, markers, ["98765.43", "91234.56", "70123.45", "65432.10", "101000.50"]);
        using (var sealedList = await hugo.GetAsync($"{Tenders}/{ocid}/bids", Ct))
        {
            var text = await AssertStatusAsync(sealedList, HttpStatusCode.Conflict);
            Assert.DoesNotContain("PROPOSAL", text, StringComparison.Ordinal);
        }

        using (var early = await hugo.PostAsync($"{Tenders}/{ocid}/opening", null, Ct))
        {
            await AssertStatusAsync(early, HttpStatusCode.Conflict);
        }

        await using (var scope = platform.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BusinessesDb>();
            var row = await db.Tenders.AsNoTracking().SingleAsync(t => t.Ocid == ocid, Ct);
            Assert.Throws<TenderKeySealedException>(() => scope.ServiceProvider.GetRequiredService<TenderKeys>().Release(row));
        }

        // An enquiry, answered publicly: the question and answer are published, the asking business is not.
        var question = $"Does lot 1 include the mobile apps? {Guid.NewGuid():N}";
        var asked = await G2b.ExpectAsync(await anna.PostAsJsonAsync($"/api/g2b/businesses/{beta}/tenders/{ocid}/enquiries", new { lotId = "lot-1", question }, Ct), HttpStatusCode.Created);
        var enquiryId = asked.GetProperty("id").GetString()!;
        var officerView = (await G2b.GetOkAsync(hugo, $"{Tenders}/{ocid}")).GetProperty("enquiries")[0];
        Assert.Equal(question, officerView.GetProperty("question").GetString());
        Assert.DoesNotContain(beta, officerView.ToString(), StringComparison.Ordinal);
        var answered = await G2b.ExpectAsync(
            await hugo.PostAsJsonAsync($"{Tenders}/{ocid}/enquiries/{enquiryId}/answer", new { answer = "Yes: the iOS and Android apps are in lot 1." }, Ct), HttpStatusCode.OK);
        Assert.Equal(deadline, answered.GetProperty("tenderPeriodEnd").GetDateTimeOffset());
        using (var twiceAnswered = await hugo.PostAsJsonAsync($"{Tenders}/{ocid}/enquiries/{enquiryId}/answer", new { answer = "Again." }, Ct))
        {
            await AssertStatusAsync(twiceAnswered, HttpStatusCode.Conflict);
        }

        var anonymous = platform.Anonymous();
        var earlyPackage = await OcdsAsync(anonymous, "/api/g2b/ocds/releases");
        Assert.Equal(["tender", "tenderUpdate"], earlyPackage["releases"]!.AsArray().Select(r => r!["tag"]![0]!.GetValue<string>()));
        var publishedEnquiry = earlyPackage["releases"]![1]!["tender"]!["enquiries"]![0]!;
        Assert.Equal(question, publishedEnquiry["description"]!.GetValue<string>());
        Assert.Equal("lot-1", publishedEnquiry["relatedLot"]!.GetValue<string>());
        Assert.DoesNotContain(beta, earlyPackage["releases"]![1]!.ToJsonString(), StringComparison.Ordinal);
        OcdsSchemas.AssertReleasePackage(earlyPackage);
        AssertNoMarker(earlyPackage.ToJsonString(), markers);

        // After the deadline: no bid is taken, replaced or withdrawn.
        platform.MoveTo(deadline.AddMinutes(1));
        clara = await platform.ClientAsync("rep.clara");
        using (var late = await clara.PutAsJsonAsync(BidUrl(alfa, ocid, "lot-1"), new { amount = 1m, currency = "EUR", proposal = "late" }, Ct))
        {
            await AssertStatusAsync(late, HttpStatusCode.Conflict);
        }

        using (var lateWithdrawal = await clara.DeleteAsync(BidUrl(alfa, ocid, "lot-1"), Ct))
        {
            await AssertStatusAsync(lateWithdrawal, HttpStatusCode.Conflict);
        }

        // Opening needs two distinct officers of the agency.
        hugo = await platform.ClientAsync(Hugo);
        var first = await G2b.ExpectAsync(await hugo.PostAsync($"{Tenders}/{ocid}/opening", null, Ct), HttpStatusCode.OK);
        Assert.Equal("Active", first.GetProperty("status").GetString());
        Assert.Equal(1, first.GetProperty("approvals").GetArrayLength());
        using (var again = await hugo.PostAsync($"{Tenders}/{ocid}/opening", null, Ct))
        {
            await AssertStatusAsync(again, HttpStatusCode.Conflict);
        }

        using (var otherAgency = await (await platform.ClientAsync(Lucia)).PostAsync($"{Tenders}/{ocid}/opening", null, Ct))
        {
            await AssertStatusAsync(otherAgency, HttpStatusCode.NotFound);
        }

        var ivo = await platform.ClientAsync(Ivo);
        var opened = await G2b.ExpectAsync(await ivo.PostAsync($"{Tenders}/{ocid}/opening", null, Ct), HttpStatusCode.OK);
        Assert.Equal("Opened", opened.GetProperty("status").GetString());
        Assert.Equal(3, opened.GetProperty("numberOfTenderers").GetInt32());

        var bids = (await G2b.GetOkAsync(hugo, $"{Tenders}/{ocid}/bids")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(3, bids.Count);
        var bidA = bids.Single(b => b.GetProperty("businessNumber").GetString() == alfa);
        Assert.Equal(98_765.43m, bidA.GetProperty("amount").GetDecimal());
        Assert.Equal(markers[0], bidA.GetProperty("proposal").GetString());
        Assert.DoesNotContain(bids, b => b.GetProperty("proposal").GetString() == markers[3]);
        var bidB = bids.Single(b => b.GetProperty("businessNumber").GetString() == beta);
        var bidC = bids.Single(b => b.GetProperty("businessNumber").GetString() == gama);

        // Evaluation by the weighted criteria (price 60 %, quality 40 %), then the awards with reasons.
        using (var award0 = await hugo.PostAsJsonAsync($"{Tenders}/{ocid}/awards", new { lotId = "lot-1", reasons = "Best value." }, Ct))
        {
            await AssertStatusAsync(award0, HttpStatusCode.Conflict);
        }

        var evaluated = await G2b.ExpectAsync(await hugo.PostAsJsonAsync($"{Tenders}/{ocid}/evaluation", new
        {
            bids = new object[]
            {
                new { bidId = bidA.GetProperty("id").GetGuid(), scores = new Dictionary<string, int> { ["criterion-1"] = 90, ["criterion-2"] = 70 } },
                new { bidId = bidB.GetProperty("id").GetGuid(), scores = new Dictionary<string, int> { ["criterion-1"] = 95, ["criterion-2"] = 60 } },
                new { bidId = bidC.GetProperty("id").GetGuid(), scores = new Dictionary<string, int> { ["criterion-1"] = 80, ["criterion-2"] = 80 } },
            },
        }, Ct), HttpStatusCode.OK);
        Assert.Equal([82m, 81m, 80m], evaluated.EnumerateArray().Select(e => e.GetProperty("total").GetDecimal()));

        var award1 = await G2b.ExpectAsync(await hugo.PostAsJsonAsync($"{Tenders}/{ocid}/awards", new { lotId = "lot-1", reasons = "Highest weighted score (82 of 100)." }, Ct), HttpStatusCode.Created);
        Assert.Equal(alfa, award1.GetProperty("supplierNumber").GetString());
        Assert.Equal(98_765.43m, award1.GetProperty("amount").GetDecimal());
        var award2 = await G2b.ExpectAsync(await hugo.PostAsJsonAsync($"{Tenders}/{ocid}/awards", new { lotId = "lot-2", reasons = "Only standing bid; scored 80." }, Ct), HttpStatusCode.Created);
        Assert.Equal(gama, award2.GetProperty("supplierNumber").GetString());
        using (var twice = await hugo.PostAsJsonAsync($"{Tenders}/{ocid}/awards", new { lotId = "lot-1", reasons = "Again." }, Ct))
        {
            await AssertStatusAsync(twice, HttpStatusCode.Conflict);
        }

        // The standstill: ten working days on the platform's calendar; no contract before it is over.
        var today = platform.Clock.Today;
        var standstillEnds = DateOnly.Parse(award1.GetProperty("standstillEndsOn").GetString()!, CultureInfo.InvariantCulture);
        Assert.Equal(10, Enumerable.Range(1, standstillEnds.DayNumber - today.DayNumber).Count(d => today.AddDays(d).DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)));
        var contractBody = new { awardId = award1.GetProperty("id").GetString(), startDate = standstillEnds.AddDays(7).ToString("O"), endDate = standstillEnds.AddDays(372).ToString("O") };
        platform.MoveTo(new DateTimeOffset(standstillEnds.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));
        hugo = await platform.ClientAsync(Hugo);
        using (var tooSoon = await hugo.PostAsJsonAsync($"{Tenders}/{ocid}/contracts", contractBody, Ct))
        {
            await AssertStatusAsync(tooSoon, HttpStatusCode.Conflict);
        }

        // On the standstill's last day the losing bidder of lot 1 complains; the contract waits for the answer.
        anna = await platform.ClientAsync("citizen.anna");
        var complaints = $"/api/g2b/businesses/{beta}/tenders/{ocid}/complaints";
        var complaint = await G2b.ExpectAsync(await anna.PostAsJsonAsync(complaints, new { awardId = award1.GetProperty("id").GetString(), claim = "Our quality score ignores the certified team." }, Ct), HttpStatusCode.Created);
        Assert.Equal("Claim", complaint.GetProperty("status").GetString());
        var complaintId = complaint.GetProperty("id").GetString()!;
        using (var notABidder = await (await platform.ClientAsync("citizen.bruno")).PostAsJsonAsync($"/api/g2b/businesses/{gama}/tenders/{ocid}/complaints", new { awardId = award1.GetProperty("id").GetString(), claim = "We did not bid for lot 1." }, Ct))
        {
            Assert.True((await ErrorsAsync(notABidder)).TryGetProperty("awardId", out _));
        }

        var brunoNow = await platform.ClientAsync("citizen.bruno");
        Assert.Equal(HttpStatusCode.NotFound, (await brunoNow.PostAsync($"/api/g2b/businesses/{gama}/tenders/{ocid}/complaints/{complaintId}/acceptance", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await brunoNow.PostAsync($"{complaints}/{complaintId}/acceptance", null, Ct)).StatusCode);
        Assert.Empty((await G2b.GetOkAsync(brunoNow, $"/api/g2b/businesses/{gama}/tenders/{ocid}/complaints")).EnumerateArray());
        var settle = new { answer = "Not yours to answer." };
        Assert.Equal(HttpStatusCode.NotFound, (await (await platform.ClientAsync(Lucia)).PostAsJsonAsync($"{Tenders}/{ocid}/complaints/{complaintId}/answer", settle, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await anna.PostAsJsonAsync($"{Tenders}/{ocid}/complaints/{complaintId}/answer", settle, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await platform.Anonymous().PostAsJsonAsync($"{Tenders}/{ocid}/complaints/{complaintId}/answer", settle, Ct)).StatusCode);

        platform.MoveTo(new DateTimeOffset(standstillEnds.AddDays(1).ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero));
        hugo = await platform.ClientAsync(Hugo);
        anna = await platform.ClientAsync("citizen.anna");
        using (var lateComplaint = await anna.PostAsJsonAsync(complaints, new { awardId = award1.GetProperty("id").GetString(), claim = "Late." }, Ct))
        {
            await AssertStatusAsync(lateComplaint, HttpStatusCode.Conflict);
        }

        using (var held = await hugo.PostAsJsonAsync($"{Tenders}/{ocid}/contracts", contractBody, Ct))
        {
            await AssertStatusAsync(held, HttpStatusCode.Conflict);
        }

        using (var unanswered = await anna.PostAsync($"{complaints}/{complaintId}/acceptance", null, Ct))
        {
            await AssertStatusAsync(unanswered, HttpStatusCode.Conflict);
        }

        var answeredComplaint = await G2b.ExpectAsync(await hugo.PostAsJsonAsync($"{Tenders}/{ocid}/complaints/{complaintId}/answer", new { answer = "The team was scored under criterion 2; see the evaluation report." }, Ct), HttpStatusCode.OK);
        Assert.Equal("Answered", answeredComplaint.GetProperty("status").GetString());
        var resolved = await G2b.ExpectAsync(await anna.PostAsync($"{complaints}/{complaintId}/acceptance", null, Ct), HttpStatusCode.OK);
        Assert.Equal("Resolved", resolved.GetProperty("status").GetString());
        Assert.Equal("Resolved", (await G2b.GetOkAsync(anna, complaints))[0].GetProperty("status").GetString());

        var contract1 = await G2b.ExpectAsync(await hugo.PostAsJsonAsync($"{Tenders}/{ocid}/contracts", contractBody, Ct), HttpStatusCode.Created);
        Assert.Equal(alfa, contract1.GetProperty("supplierNumber").GetString());
        Assert.Equal(98_765.43m, contract1.GetProperty("amount").GetDecimal());
        await G2b.ExpectAsync(await hugo.PostAsJsonAsync($"{Tenders}/{ocid}/contracts", new
        {
            awardId = award2.GetProperty("id").GetString(), startDate = standstillEnds.AddDays(7).ToString("O"), endDate = standstillEnds.AddDays(200).ToString("O"),
        }, Ct), HttpStatusCode.Created);
        Assert.Equal("Complete", (await G2b.GetOkAsync(hugo, $"{Tenders}/{ocid}")).GetProperty("status").GetString());

        // A contract amendment: a new value and end date, within 50 % of the value as signed.
        var amendments = $"{Tenders}/{ocid}/contracts/{contract1.GetProperty("id").GetString()}/amendments";
        using (var tooMuch = await hugo.PostAsJsonAsync(amendments, new { rationale = "Scope doubled.", amount = 200_000m }, Ct))
        {
            await AssertStatusAsync(tooMuch, HttpStatusCode.Conflict);
        }

        using (var nothing = await hugo.PostAsJsonAsync(amendments, new { rationale = "No change." }, Ct))
        {
            Assert.True((await ErrorsAsync(nothing)).TryGetProperty("amount", out _));
        }

        var amendment = await G2b.ExpectAsync(await hugo.PostAsJsonAsync(amendments, new { rationale = "Two more integrations.", amount = 110_000m, endDate = standstillEnds.AddDays(400).ToString("O") }, Ct), HttpStatusCode.Created);
        Assert.Equal(110_000m, amendment.GetProperty("amount").GetDecimal());

        // OCDS: every page of the release package, the record package of the ocid and the record list, all valid.
        var releases = new List<JsonNode>();
        string? next = "/api/g2b/ocds/releases?page=1&pageSize=2";
        var pages = 0;
        while (next is not null)
        {
            var package = await OcdsAsync(anonymous, next);
            OcdsSchemas.AssertReleasePackage(package);
            releases.AddRange(package["releases"]!.AsArray().Select(r => r!.DeepClone()));
            next = package["links"]?["next"]?.GetValue<string>() is { } link ? new Uri(link).PathAndQuery : null;
            pages++;
        }

        Assert.Equal(4, pages);
        Assert.Equal(["tender", "tenderUpdate", "award", "award", "contract", "contract", "contractAmendment"], releases.Select(r => r["tag"]![0]!.GetValue<string>()));
        Assert.Equal(releases.Count, releases.Select(r => r["id"]!.GetValue<string>()).Distinct().Count());

        var record = await OcdsAsync(anonymous, $"/api/g2b/ocds/records/{ocid}");
        OcdsSchemas.AssertRecordPackage(record);
        var compiled = record["records"]![0]!["compiledRelease"]!;
        Assert.Equal("complete", compiled["tender"]!["status"]!.GetValue<string>());
        Assert.Equal(3, compiled["tender"]!["numberOfTenderers"]!.GetValue<int>());
        Assert.Equal(2, compiled["awards"]!.AsArray().Count);
        Assert.Equal(110_000m, compiled["contracts"]![0]!["value"]!["amount"]!.GetValue<decimal>());
        Assert.Equal("Two more integrations.", compiled["contracts"]![0]!["amendments"]![0]!["rationale"]!.GetValue<string>());
        Assert.Equal(98_765.43m, releases.Single(r => r["tag"]![0]!.GetValue<string>() == "contract" && r["contracts"]!.AsArray().Count == 1)["contracts"]![0]!["value"]!["amount"]!.GetValue<decimal>());
        Assert.Contains(compiled["parties"]!.AsArray(), p => p!["id"]!.GetValue<string>() == alfa);
        Assert.Equal("72000000-5", compiled["tender"]!["items"]![0]!["classification"]!["id"]!.GetValue<string>());
        OcdsSchemas.AssertRecordPackage(await OcdsAsync(anonymous, "/api/g2b/ocds/records?pageSize=5"));

        // Losing and withdrawn bids never reach the publication; no bid's proposal reaches a log line.
        var published = string.Join("\n", releases.Select(r => r.ToJsonString())) + record.ToJsonString();
        AssertNoMarker(published, markers);
        Assert.DoesNotContain("91234.56", published, StringComparison.Ordinal);
        AssertNoMarker(string.Join("\n", platform.Logs.Lines), markers);
    }

    [Fact]
    public async Task An_enquiry_left_unanswered_holds_the_tender_until_its_answer_moves_the_deadline()
    {
        await using var platform = await ProcurementPlatform.StartAsync("g2b_procurement_enquiries");
        var registrar = await platform.ClientAsync("registrar.maria");
        var alfa = await RegisterAsync(registrar, "Pregunta Alfa", G2b.Clara);
        var beta = await RegisterAsync(registrar, "Pregunta Beta", G2b.Anna);
        var hugo = await platform.ClientAsync(Hugo);
        var tender = await G2b.ExpectAsync(await hugo.PostAsJsonAsync(Tenders, TenderBody(platform.Clock.GetUtcNow()), Ct), HttpStatusCode.Created);
        var ocid = tender.GetProperty("ocid").GetString()!;
        var deadline = tender.GetProperty("tenderPeriod").GetProperty("endDate").GetDateTimeOffset();
        var enquiries = $"/api/g2b/businesses/{beta}/tenders/{ocid}/enquiries";
        var anna = await platform.ClientAsync("citizen.anna");

        // Bad input and the wrong callers write nothing.
        using (var empty = await anna.PostAsJsonAsync(enquiries, new { question = " ", lotId = "lot-9" }, Ct))
        {
            var errors = await ErrorsAsync(empty);
            Assert.True(errors.TryGetProperty("question", out _));
            Assert.True(errors.TryGetProperty("lotId", out _));
        }

        var question = new { question = "May a consortium bid?" };
        Assert.Equal(HttpStatusCode.NotFound, (await (await platform.ClientAsync("rep.clara")).PostAsJsonAsync(enquiries, question, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await hugo.PostAsJsonAsync(enquiries, question, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await platform.Anonymous().PostAsJsonAsync(enquiries, question, Ct)).StatusCode);
        Assert.Equal(0, await Database.CountAsync(platform.ConnectionString, "SELECT count(*) FROM g2b.tenders WHERE jsonb_array_length(enquiries) > 0"));

        var enquiryId = (await G2b.ExpectAsync(await anna.PostAsJsonAsync(enquiries, question, Ct), HttpStatusCode.Created)).GetProperty("id").GetString()!;
        Assert.Single((await G2b.GetOkAsync(anna, enquiries)).EnumerateArray());
        var answerUrl = $"{Tenders}/{ocid}/enquiries/{enquiryId}/answer";
        var answer = new { answer = "Yes, with one lead partner." };
        Assert.Equal(HttpStatusCode.NotFound, (await (await platform.ClientAsync(Lucia)).PostAsJsonAsync(answerUrl, answer, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await anna.PostAsJsonAsync(answerUrl, answer, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await hugo.PostAsJsonAsync($"{Tenders}/{ocid}/enquiries/enquiry-99/answer", answer, Ct)).StatusCode);
        Assert.True((await ErrorsAsync(await hugo.PostAsJsonAsync(answerUrl, new { answer = "" }, Ct))).TryGetProperty("answer", out _));

        // Past both periods with the question open: bids are still taken, the bids stay sealed.
        platform.MoveTo(deadline.AddHours(1));
        anna = await platform.ClientAsync("citizen.anna");
        hugo = await platform.ClientAsync(Hugo);
        using (var late = await anna.PostAsJsonAsync(enquiries, new { question = "And now?" }, Ct))
        {
            await AssertStatusAsync(late, HttpStatusCode.Conflict);
        }

        var clara = await platform.ClientAsync("rep.clara");
        await BidAsync(clara, alfa, ocid, "lot-1", 50_000m, Marker("HELD"), HttpStatusCode.Created);
        using (var opening = await hugo.PostAsync($"{Tenders}/{ocid}/opening", null, Ct))
        {
            await AssertStatusAsync(opening, HttpStatusCode.Conflict);
        }

        await AssertKeySealedAsync(platform, ocid);

        // The answer moves the deadline to no sooner than five working days after it, at the same time of day.
        var answered = await G2b.ExpectAsync(await hugo.PostAsJsonAsync(answerUrl, answer, Ct), HttpStatusCode.OK);
        var newEnd = answered.GetProperty("tenderPeriodEnd").GetDateTimeOffset();
        Assert.True(newEnd >= platform.Clock.GetUtcNow().AddDays(5), $"{newEnd}");
        Assert.Equal(deadline.UtcDateTime.TimeOfDay, newEnd.UtcDateTime.TimeOfDay);
        Assert.Equal(deadline, answered.GetProperty("amendment").GetProperty("previousTenderEnd").GetDateTimeOffset());
        Assert.Equal(newEnd, (await G2b.GetOkAsync(hugo, $"{Tenders}/{ocid}")).GetProperty("tenderPeriod").GetProperty("endDate").GetDateTimeOffset());
        await AssertKeySealedAsync(platform, ocid);

        var package = await OcdsAsync(platform.Anonymous(), "/api/g2b/ocds/releases");
        OcdsSchemas.AssertReleasePackage(package);
        var releases = package["releases"]!.AsArray();
        Assert.Equal(["tender", "tenderAmendment"], releases.Select(r => r!["tag"]![0]!.GetValue<string>()));
        Assert.Equal(deadline, DateTimeOffset.Parse(releases[0]!["tender"]!["tenderPeriod"]!["endDate"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        Assert.Equal(newEnd, DateTimeOffset.Parse(releases[1]!["tender"]!["tenderPeriod"]!["endDate"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        Assert.Single(releases[1]!["tender"]!["amendments"]!.AsArray());
        Assert.True(releases[1]!["tender"]!["hasEnquiries"]!.GetValue<bool>());

        // After the moved deadline the tender closes and two officers open it.
        platform.MoveTo(newEnd.AddMinutes(1));
        clara = await platform.ClientAsync("rep.clara");
        using (var closed = await clara.PutAsJsonAsync(BidUrl(alfa, ocid, "lot-1"), new { amount = 1m, currency = "EUR", proposal = "late" }, Ct))
        {
            await AssertStatusAsync(closed, HttpStatusCode.Conflict);
        }

        await G2b.ExpectAsync(await (await platform.ClientAsync(Hugo)).PostAsync($"{Tenders}/{ocid}/opening", null, Ct), HttpStatusCode.OK);
        var opened = await G2b.ExpectAsync(await (await platform.ClientAsync(Ivo)).PostAsync($"{Tenders}/{ocid}/opening", null, Ct), HttpStatusCode.OK);
        Assert.Equal("Opened", opened.GetProperty("status").GetString());
        Assert.Equal(1, opened.GetProperty("numberOfTenderers").GetInt32());
    }

    private static async Task AssertKeySealedAsync(ProcurementPlatform platform, string ocid)
    {
        await using var scope = platform.Services.CreateAsyncScope();
        var row = await scope.ServiceProvider.GetRequiredService<BusinessesDb>().Tenders.AsNoTracking().SingleAsync(t => t.Ocid == ocid, Ct);
        Assert.Throws<TenderKeySealedException>(() => scope.ServiceProvider.GetRequiredService<TenderKeys>().Release(row));
    }

    [Fact]
    public async Task Each_kind_of_caller_gets_what_the_routes_promise()
    {
        await using var platform = await ProcurementPlatform.StartAsync("g2b_procurement_authz");
        var registrar = await platform.ClientAsync("registrar.maria");
        var alfa = await RegisterAsync(registrar, "Autorizado Alfa", G2b.Clara);
        var beta = await RegisterAsync(registrar, "Autorizado Beta", G2b.Anna);
        var hugo = await platform.ClientAsync(Hugo);
        var clara = await platform.ClientAsync("rep.clara");
        var anonymous = platform.Anonymous();
        var body = TenderBody(platform.Clock.GetUtcNow());

        // Publishing: officers only.
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync(Tenders, body, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await clara.PostAsJsonAsync(Tenders, body, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await platform.ClientAsync("caseworker.david")).PostAsJsonAsync(Tenders, body, Ct)).StatusCode);
        var ocid = (await G2b.ExpectAsync(await hugo.PostAsJsonAsync(Tenders, body, Ct), HttpStatusCode.Created)).GetProperty("ocid").GetString()!;

        // A tender of another agency is not shown to exist; its own agency's officers see it.
        var lucia = await platform.ClientAsync(Lucia);
        Assert.Equal(HttpStatusCode.NotFound, (await lucia.GetAsync($"{Tenders}/{ocid}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lucia.GetAsync($"{Tenders}/{ocid}/bids", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await platform.ClientAsync(Ivo)).GetAsync($"{Tenders}/{ocid}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"{Tenders}/{ocid}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await clara.GetAsync($"{Tenders}/{ocid}", Ct)).StatusCode);

        // Bids: the business's representatives with the Procurement scope.
        var bid = new { amount = 1000m, currency = "EUR", proposal = "Our offer." };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsJsonAsync(BidUrl(alfa, ocid, "lot-1"), bid, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await hugo.PutAsJsonAsync(BidUrl(alfa, ocid, "lot-1"), bid, Ct)).StatusCode);
        var anna = await platform.ClientAsync("citizen.anna");
        Assert.Equal(HttpStatusCode.NotFound, (await anna.PutAsJsonAsync(BidUrl(alfa, ocid, "lot-1"), bid, Ct)).StatusCode);
        await G2b.GrantAsync(clara, alfa, G2b.SystemUser(), ["Filings"], platform.Clock.Today.AddDays(30));
        var ledgerly = await platform.ClientAsync(G2b.Ledgerly);
        Assert.Equal(HttpStatusCode.Forbidden, (await ledgerly.PutAsJsonAsync(BidUrl(alfa, ocid, "lot-1"), bid, Ct)).StatusCode);
        await G2b.GrantAsync(clara, alfa, G2b.SystemUser(), ["Procurement"], platform.Clock.Today.AddDays(30));
        await G2b.ExpectAsync(await ledgerly.PutAsJsonAsync(BidUrl(alfa, ocid, "lot-1"), bid, Ct), HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.OK, (await clara.GetAsync(BidUrl(alfa, ocid, "lot-1"), Ct)).StatusCode);

        // Another business sees neither the bid nor a receipt of it.
        Assert.Equal(HttpStatusCode.NotFound, (await anna.GetAsync(BidUrl(alfa, ocid, "lot-1"), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anna.GetAsync(BidUrl(beta, ocid, "lot-1"), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anna.DeleteAsync(BidUrl(alfa, ocid, "lot-1"), Ct)).StatusCode);

        // Officers' actions are refused to representatives and anonymous callers.
        Assert.Equal(HttpStatusCode.Forbidden, (await clara.PostAsync($"{Tenders}/{ocid}/opening", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync($"{Tenders}/{ocid}/opening", null, Ct)).StatusCode);

        // The publication is anonymous.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/g2b/ocds/records/{ocid}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/g2b/ocds/records/ocds-nosuch-1", Ct)).StatusCode);
    }

    [Fact]
    public async Task Bad_input_is_400_with_field_errors_writes_nothing_and_never_echoes_a_bid()
    {
        await using var platform = await ProcurementPlatform.StartAsync("g2b_procurement_input");
        var registrar = await platform.ClientAsync("registrar.maria");
        var alfa = await RegisterAsync(registrar, "Entrada Alfa", G2b.Clara);
        var hugo = await platform.ClientAsync(Hugo);
        var now = platform.Clock.GetUtcNow();

        using (var bad = await hugo.PostAsJsonAsync(Tenders, new
        {
            title = "",
            cpvCodes = MalformedCpv,
            currency = "eur",
            estimatedValue = -5m,
            lots = new[] { new { title = "Lot", estimatedValue = 0m } },
            awardCriteria = new[] { new { name = "Price", weight = 50 }, new { name = "Quality", weight = 40 } },
            enquiryPeriod = new { endDate = now.AddDays(3) },
            tenderPeriod = new { endDate = now.AddDays(2) },
        }, Ct))
        {
            var errors = await ErrorsAsync(bad);
            foreach (var field in new[] { "title", "description", "cpvCodes[0]", "currency", "estimatedValue", "lots[0].estimatedValue", "awardCriteria", "enquiryPeriod.endDate" })
            {
                Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
            }
        }

        using (var past = await hugo.PostAsJsonAsync(Tenders, new { title = "T", description = "D", cpvCodes = ItServicesCpv, currency = "EUR", estimatedValue = 10m, lots = new[] { new { title = "L", estimatedValue = 10m } }, awardCriteria = new[] { new { name = "Price", weight = 100 } }, enquiryPeriod = new { endDate = now.AddDays(-2) }, tenderPeriod = new { endDate = now.AddHours(-1) } }, Ct))
        {
            var errors = await ErrorsAsync(past);
            Assert.True(errors.TryGetProperty("tenderPeriod.endDate", out _), errors.ToString());
        }

        using (var malformed = await hugo.PostAsync(Tenders, G2b.Raw("{\"title\": "), Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        }

        Assert.Equal(0, await Database.CountAsync(platform.ConnectionString, "SELECT count(*) FROM g2b.tenders"));
        Assert.Equal(0, await Database.CountAsync(platform.ConnectionString, "SELECT count(*) FROM g2b.ocds_releases"));

        var ocid = (await G2b.ExpectAsync(await hugo.PostAsJsonAsync(Tenders, TenderBody(now), Ct), HttpStatusCode.Created)).GetProperty("ocid").GetString()!;
        var clara = await platform.ClientAsync("rep.clara");
        var marker = Marker("BAD");
        using (var bad = await clara.PutAsJsonAsync(BidUrl(alfa, ocid, "lot-1"), new { amount = -12.345m, currency = "USD", proposal = marker }, Ct))
        {
            var text = await AssertStatusAsync(bad, HttpStatusCode.BadRequest);
            Assert.DoesNotContain(marker, text, StringComparison.Ordinal);
            Assert.DoesNotContain("12.345", text, StringComparison.Ordinal);
            var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
            Assert.True(errors.TryGetProperty("amount", out _));
            Assert.True(errors.TryGetProperty("currency", out _));
        }

        using (var empty = await clara.PutAsJsonAsync(BidUrl(alfa, ocid, "lot-1"), new { amount = 10m, currency = "EUR", proposal = "  " }, Ct))
        {
            Assert.True((await ErrorsAsync(empty)).TryGetProperty("proposal", out _));
        }

        Assert.Equal(HttpStatusCode.NotFound, (await clara.PutAsJsonAsync(BidUrl(alfa, ocid, "lot-9"), new { amount = 10m, currency = "EUR", proposal = "x" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clara.PutAsJsonAsync(BidUrl(alfa, "not-an-ocid", "lot-1"), new { amount = 10m, currency = "EUR", proposal = "x" }, Ct)).StatusCode);
        Assert.Equal(0, await Database.CountAsync(platform.ConnectionString, "SELECT count(*) FROM g2b.bids"));
        AssertNoMarker(string.Join("\n", platform.Logs.Lines), [marker]);

        // Evaluation and award input is checked too (after the opening).
        using (var evaluation = await hugo.PostAsJsonAsync($"{Tenders}/{ocid}/evaluation", new { bids = new[] { new { bidId = Guid.NewGuid(), scores = new Dictionary<string, int> { ["criterion-1"] = 101 } } } }, Ct))
        {
            Assert.True((await ErrorsAsync(evaluation)).TryGetProperty("bids[0].bidId", out _));
        }

        using (var award = await hugo.PostAsJsonAsync($"{Tenders}/{ocid}/awards", new { lotId = "lot-7", reasons = "" }, Ct))
        {
            var errors = await ErrorsAsync(award);
            Assert.True(errors.TryGetProperty("lotId", out _));
            Assert.True(errors.TryGetProperty("reasons", out _));
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await platform.Anonymous().GetAsync("/api/g2b/ocds/releases?pageSize=0", Ct)).StatusCode);
    }

    private static object TenderBody(DateTimeOffset now) => new
    {
        title = "Maintenance of the national tax portal",
        description = "Corrective and evolutive maintenance of the tax portal, and its hosting.",
        cpvCodes = new[] { "72000000-5", "72267000-4" },
        currency = "EUR",
        estimatedValue = 200_000m,
        lots = new[] { new { title = "Software maintenance", estimatedValue = 120_000m }, new { title = "Hosting", estimatedValue = 80_000m } },
        awardCriteria = new[] { new { name = "Price", weight = 60 }, new { name = "Quality of the proposal", weight = 40 } },
        enquiryPeriod = new { startDate = now, endDate = now.AddDays(1) },
        tenderPeriod = new { startDate = now, endDate = now.AddDays(2) },
    };

    private static async Task<string> RegisterAsync(HttpClient registrar, string stem, string director) =>
        (await G2b.RegisterAsync(registrar, G2b.Company(G2b.UniqueName(stem), director: director, secondDirector: "70123400511"))).GetProperty("number").GetString()!;

    private static string BidUrl(string number, string ocid, string lot) => $"/api/g2b/businesses/{number}/tenders/{ocid}/lots/{lot}/bid";

    private static string Marker(string stem) => $"PROPOSAL-{stem}-{Guid.NewGuid():N}";

    private static async Task<JsonElement> BidAsync(HttpClient client, string number, string ocid, string lot, decimal amount, string proposal, HttpStatusCode expected)
    {
        using var response = await client.PutAsJsonAsync(BidUrl(number, ocid, lot), new { amount, currency = "EUR", proposal }, Ct);
        var receipt = await G2b.ExpectAsync(response, expected);
        AssertNoMarker(receipt.ToString(), [proposal]);
        Assert.DoesNotContain(amount.ToString(CultureInfo.InvariantCulture), receipt.ToString(), StringComparison.Ordinal);
        return receipt;
    }

    /// <summary>The SHA-256 of the bid content as the platform seals it: {"amount":…,"currency":…,"proposal":…}.</summary>
    private static string Sha256(decimal amount, string proposal) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{{\"amount\":{amount.ToString(CultureInfo.InvariantCulture)},\"currency\":\"EUR\",\"proposal\":\"{proposal}\"}}")));

    private static async Task AssertNoContentStoredAsync(ProcurementPlatform platform, string[] markers, string[] amounts)
    {
        foreach (var table in new[] { "bids", "tenders", "ocds_releases", "audit_log", "outbox_messages" })
        {
            foreach (var needle in markers.Concat(amounts))
            {
                var hex = Convert.ToHexStringLower(Encoding.UTF8.GetBytes(needle));
                var found = await Database.CountAsync(platform.ConnectionString,
                    $"SELECT count(*) FROM g2b.{table} t WHERE strpos(row_to_json(t)::text, @needle) > 0 OR strpos(row_to_json(t)::text, @hex) > 0",
                    ("needle", needle), ("hex", hex));
                Assert.True(found == 0, $"{needle} found in g2b.{table}");
            }
        }

        Assert.Equal(4, await Database.CountAsync(platform.ConnectionString, "SELECT count(*) FROM g2b.bids WHERE opened_proposal IS NULL AND opened_amount IS NULL AND length(ciphertext) > 0"));
    }

    private static void AssertNoMarker(string text, IEnumerable<string> markers)
    {
        foreach (var marker in markers)
        {
            Assert.DoesNotContain(marker, text, StringComparison.Ordinal);
        }
    }

    private static async Task<JsonNode> OcdsAsync(HttpClient anonymous, string url)
    {
        using var response = await anonymous.GetAsync(url, Ct);
        var text = await AssertStatusAsync(response, HttpStatusCode.OK);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(text)!;
    }

    private static async Task<string> AssertStatusAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text;
    }

    private static async Task<JsonElement> ErrorsAsync(HttpResponseMessage response)
    {
        var text = await AssertStatusAsync(response, HttpStatusCode.BadRequest);
        return JsonDocument.Parse(text).RootElement.GetProperty("errors").Clone();
    }
}
