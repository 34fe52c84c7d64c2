// Usage: npm install && node check.mjs [http://localhost:8080/realms/egov]
// Uses the demo credentials of deploy/keycloak/egov-realm.json (citizen.anna, agency-ncr): for development deployments only.
import * as client from 'openid-client';
const server = new URL(process.argv[2] ?? 'http://localhost:8080/realms/egov');
const portal = new client.ClientSecretPost('egov-portal-dev-secret');
const config = await client.discovery(server, 'egov-portal', undefined, portal, { execute: [client.allowInsecureRequests] });
console.log('issuer:', config.serverMetadata().issuer);
const tokens = await client.genericGrantRequest(config, 'password', { username: 'citizen.anna', password: 'egov-demo', scope: 'openid' });
console.log('token_type:', tokens.token_type, 'expires_in:', tokens.expires_in);
const agency = new client.ClientSecretPost('agency-ncr-dev-secret');
const svc = await client.discovery(server, 'agency-ncr', undefined, agency, { execute: [client.allowInsecureRequests] });
const cc = await client.clientCredentialsGrant(svc);
console.log('service token:', cc.token_type);
for (const [name, t] of [['anna', tokens.access_token], ['agency-ncr', cc.access_token]]) {
  const r = await fetch(new URL('/api/platform/me', server), { headers: { authorization: `Bearer ${t}` } });
  console.log(name, r.status, await r.text());
}
