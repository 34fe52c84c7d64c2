using System.Globalization;
using System.Text;
using System.Xml;
using EGov.Employees.Persistence;
using EGov.Employees.Security;
using Microsoft.EntityFrameworkCore;

namespace EGov.Employees.Payroll;

/// <summary>
/// The bank file of a completed run: an ISO 20022 <c>pain.001.001.09</c> customer credit transfer initiation, one
/// payment information block debiting the agency's account, one credit transfer per payslip with a positive net pay
/// (purpose <c>SALA</c>). <c>NbOfTxs</c> and <c>CtrlSum</c> (group header and block) are the count and sum of those
/// payslips, computed before writing and checked against what was written.
/// </summary>
internal sealed class BankFile(EmployeesDb db, RecordCipher cipher, TimeProvider clock)
{
    public const string Namespace = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09";

    /// <summary>Writes the file to <paramref name="output"/> (synchronously: give a buffer or a file, not a response body).</summary>
    public async Task WriteAsync(PayrollRun run, AgencyAccount debtor, Stream output, CancellationToken ct)
    {
        var runId = run.Id;
        var totals = await db.Payslips.AsNoTracking().Where(p => p.RunId == runId && p.Net > 0)
            .GroupBy(_ => 1).Select(g => new { Count = g.Count(), Sum = g.Sum(p => p.Net) }).SingleOrDefaultAsync(ct);
        var count = totals?.Count ?? 0;
        var sum = totals?.Sum ?? 0m;
        var now = clock.GetUtcNow();
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false };
        using var xml = XmlWriter.Create(output, settings);
        xml.WriteStartDocument();
        xml.WriteStartElement("Document", Namespace);
        xml.WriteStartElement("CstmrCdtTrfInitn");

        xml.WriteStartElement("GrpHdr");
        xml.WriteElementString("MsgId", run.Reference);
        xml.WriteElementString("CreDtTm", now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss'Z'", CultureInfo.InvariantCulture));
        xml.WriteElementString("NbOfTxs", count.ToString(CultureInfo.InvariantCulture));
        xml.WriteElementString("CtrlSum", Amount(sum));
        xml.WriteStartElement("InitgPty");
        xml.WriteElementString("Nm", Truncate(debtor.Name, 140));
        xml.WriteEndElement();
        xml.WriteEndElement();

        xml.WriteStartElement("PmtInf");
        xml.WriteElementString("PmtInfId", run.Reference);
        xml.WriteElementString("PmtMtd", "TRF");
        xml.WriteElementString("BtchBookg", "true");
        xml.WriteElementString("NbOfTxs", count.ToString(CultureInfo.InvariantCulture));
        xml.WriteElementString("CtrlSum", Amount(sum));
        xml.WriteStartElement("PmtTpInf");
        xml.WriteStartElement("SvcLvl");
        xml.WriteElementString("Cd", "SEPA");
        xml.WriteEndElement();
        xml.WriteStartElement("CtgyPurp");
        xml.WriteElementString("Cd", "SALA");
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteStartElement("ReqdExctnDt");
        xml.WriteElementString("Dt", run.PayPeriod.End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        xml.WriteEndElement();
        xml.WriteStartElement("Dbtr");
        xml.WriteElementString("Nm", Truncate(debtor.Name, 140));
        xml.WriteEndElement();
        xml.WriteStartElement("DbtrAcct");
        xml.WriteStartElement("Id");
        xml.WriteElementString("IBAN", debtor.Iban);
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteStartElement("DbtrAgt");
        xml.WriteStartElement("FinInstnId");
        if (debtor.Bic is { Length: > 0 } bic)
        {
            xml.WriteElementString("BICFI", bic);
        }
        else
        {
            xml.WriteStartElement("Othr");
            xml.WriteElementString("Id", "NOTPROVIDED");
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteElementString("ChrgBr", "SLEV");

        var written = 0;
        var writtenSum = 0m;
        var keys = new Dictionary<Guid, byte[]>();
        var query = db.Payslips.AsNoTracking().Where(p => p.RunId == runId && p.Net > 0).OrderBy(p => p.EmployeeNumber)
            .Select(p => new { p.Id, p.Reference, p.EmployeeNumber, p.EmployeeName, p.Net, p.Currency, p.BankAccount })
            .AsAsyncEnumerable();
        await foreach (var p in query.WithCancellation(ct))
        {
            var keyId = RecordCipher.KeyIdOf(p.BankAccount);
            if (!keys.TryGetValue(keyId, out var key))
            {
                keys[keyId] = key = await cipher.KeyAsync(keyId, ct);
            }

            var iban = RecordCipher.OpenWith<string>(key, p.BankAccount, PayrollEngine.PayslipContext(p.Id));
            xml.WriteStartElement("CdtTrfTxInf");
            xml.WriteStartElement("PmtId");
            xml.WriteElementString("InstrId", Truncate(p.EmployeeNumber, 35));
            xml.WriteElementString("EndToEndId", Truncate(p.Reference.Replace('/', '-'), 35));
            xml.WriteEndElement();
            xml.WriteStartElement("Amt");
            xml.WriteStartElement("InstdAmt");
            xml.WriteAttributeString("Ccy", p.Currency);
            xml.WriteString(Amount(p.Net));
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteStartElement("Cdtr");
            xml.WriteElementString("Nm", Truncate(p.EmployeeName, 140));
            xml.WriteEndElement();
            xml.WriteStartElement("CdtrAcct");
            xml.WriteStartElement("Id");
            xml.WriteElementString("IBAN", iban);
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteStartElement("Purp");
            xml.WriteElementString("Cd", "SALA");
            xml.WriteEndElement();
            xml.WriteStartElement("RmtInf");
            xml.WriteElementString("Ustrd", Truncate($"Salary {run.PayPeriod} {p.Reference}", 140));
            xml.WriteEndElement();
            xml.WriteEndElement();
            written++;
            writtenSum += p.Net;
        }

        if (written != count || writtenSum != sum)
        {
            throw new InvalidOperationException($"The bank file of run {run.Reference} does not reconcile: {written} transfers of {writtenSum} written, {count} of {sum} expected.");
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
        xml.Flush();
    }

    public static string Amount(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
