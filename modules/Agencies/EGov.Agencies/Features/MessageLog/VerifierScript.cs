namespace EGov.Agencies.Features.MessageLog;

/// <summary>The Node.js verifier served at <c>/api/g2g/log/verify-log.mjs</c> (the same rules as <see cref="MessageLogVerifier"/>).</summary>
internal static class VerifierScript
{
    public const string Source = """
        // Verifies an export of the EGov.Platform G2G message log offline.
        //   npm install jose@6
        //   node verify-log.mjs export.json keys.json
        // export.json: GET /api/g2g/log/entries?from=..&to=..   keys.json: GET /api/g2g/log/keys
        // Exit code 0 when the range verifies, 1 with the first bad entry named otherwise.
        import { readFileSync } from 'node:fs';
        import { createHash } from 'node:crypto';
        import { compactVerify, importJWK, decodeProtectedHeader } from 'jose';

        const [exportFile, keysFile] = process.argv.slice(2);
        const page = JSON.parse(readFileSync(exportFile, 'utf8'));
        const jwks = JSON.parse(readFileSync(keysFile, 'utf8'));
        const fail = (entry, problem) => { console.log(JSON.stringify({ valid: false, firstBadEntry: entry, problem })); process.exit(1); };

        const byFirst = new Map(), byLast = new Map();
        for (const batch of page.batches) {
          const { kid } = decodeProtectedHeader(batch.signature);
          const jwk = jwks.keys.find(k => k.kid === kid);
          let statement;
          try {
            const key = await importJWK(jwk, 'ES256');
            const { payload } = await compactVerify(batch.signature, key, { algorithms: ['ES256'] });
            statement = JSON.parse(new TextDecoder().decode(payload));
          } catch { fail(batch.first, `The signature of batch ${batch.first}-${batch.last} does not verify against the published keys.`); }
          if (statement.log !== 'egov-g2g-message-log' || statement.first !== batch.first || statement.last !== batch.last)
            fail(batch.first, `Batch ${batch.first}-${batch.last} does not state the range it is exported with.`);
          byFirst.set(statement.first, statement); byLast.set(statement.last, statement);
        }
        const lastSigned = Math.max(0, ...[...byLast.keys()]);

        const canonical = e => JSON.stringify(['g2g-log-v1', e.sequence, e.at, e.consumer, e.client, e.provider, e.service, e.operation, e.purpose,
          e.legalBasis ?? null, e.issue ?? null, e.endUser ?? null, e.subjectKind, e.subjectId ?? null, e.messageId, e.requestHash,
          e.responseHash ?? null, e.status, e.outcome, e.durationMicros]);
        const chain = (previous, text) => createHash('sha256').update(Buffer.from(previous, 'hex')).update(text, 'utf8').digest('hex');

        let expected = page.from;
        let previous = byFirst.has(page.from) ? byFirst.get(page.from).previousHash : page.previousHash;
        let unsigned = 0;
        for (const e of page.entries) {
          if (e.sequence > expected) fail(expected, `Entry ${expected} is missing (removed).`);
          if (e.sequence < expected) fail(e.sequence, `Entry ${e.sequence} appears again (inserted or repeated).`);
          const opens = byFirst.get(e.sequence);
          if (opens && opens.previousHash !== previous) fail(e.sequence, `Batch ${opens.first}-${opens.last} was signed after a different entry ${e.sequence - 1}.`);
          const hash = e.redacted ? e.hash : chain(previous, canonical(e));
          if (hash !== e.hash) fail(e.sequence, `Entry ${e.sequence} does not match its hash: it was altered, or inserted in place of the original.`);
          const closes = byLast.get(e.sequence);
          if (closes && closes.lastHash !== hash) fail(e.sequence, `Entry ${e.sequence} differs from what batch ${closes.first}-${closes.last} signed.`);
          if (e.sequence > lastSigned) unsigned++;
          previous = hash; expected++;
        }
        if (expected <= page.to) fail(expected, `Entry ${expected} is missing (removed).`);
        console.log(JSON.stringify({ valid: true, entries: page.entries.length, batches: page.batches.length, unsignedEntries: unsigned }));
        """;
}
