// A standard OpenID Connect relying party (openid-client 6) against the platform's development issuer: discovery,
// the authorization-code flow with PKCE (the sign-in form filled in over HTTP, as a browser would), the code exchange,
// a refresh with rotation (and the old refresh token refused), the ID token's nonce, user info, a call to the API
// with the access token, and RP-initiated logout. Prints one JSON object with what it saw; exits non-zero on failure.
//
// Usage: node code-flow.mjs ISSUER API_BASE REDIRECT_URI POST_LOGOUT_REDIRECT_URI USERNAME PASSWORD CLIENT_ID CLIENT_SECRET
// Run by EGov.Host.Tests (Identity/StandardRelyingPartyTests) against a platform on a loopback port.
import * as client from 'openid-client';

const [issuer, apiBase, redirectUri, postLogoutRedirectUri, username, password, clientId, clientSecret] = process.argv.slice(2);
if (!clientSecret) {
  console.error('usage: node code-flow.mjs ISSUER API_BASE REDIRECT_URI POST_LOGOUT_REDIRECT_URI USERNAME PASSWORD CLIENT_ID CLIENT_SECRET');
  process.exit(2);
}

const result = {};
const insecure = { execute: [client.allowInsecureRequests] };
const config = await client.discovery(new URL(issuer), clientId, undefined, client.ClientSecretPost(clientSecret), insecure);
result.issuer = config.serverMetadata().issuer;

// The browser's side: a cookie jar for the issuer's cookies.
const jar = new Map();
const remember = (response) => {
  for (const cookie of response.headers.getSetCookie()) {
    const [pair] = cookie.split(';');
    const [name, ...value] = pair.split('=');
    jar.set(name.trim(), value.join('='));
  }
};
const cookies = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
const decode = (text) => text.replaceAll('&quot;', '"').replaceAll('&#x2B;', '+').replaceAll('&#x3D;', '=').replaceAll('&amp;', '&');

const verifier = client.randomPKCECodeVerifier();
const state = client.randomState();
const nonce = client.randomNonce();
const authorizationUrl = client.buildAuthorizationUrl(config, {
  redirect_uri: redirectUri,
  scope: 'openid',
  code_challenge: await client.calculatePKCECodeChallenge(verifier),
  code_challenge_method: 'S256',
  state,
  nonce,
});

const page = await fetch(authorizationUrl, { redirect: 'manual' });
remember(page);
const html = await page.text();
result.signInPageStatus = page.status;
const action = html.match(/<form method="post" action="([^"]+)"/)?.[1];
const ticket = html.match(/name="ticket" value="([^"]+)"/)?.[1];
if (!action || !ticket) {
  throw new Error(`no sign-in form on the authorization page (HTTP ${page.status})`);
}

const signIn = await fetch(new URL(decode(action), authorizationUrl), {
  method: 'POST',
  redirect: 'manual',
  headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies() },
  body: new URLSearchParams({ ticket: decode(ticket), username, password }),
});
remember(signIn);
result.signInStatus = signIn.status;
const callback = new URL(signIn.headers.get('location'));
result.callbackTarget = `${callback.origin}${callback.pathname}`;

const tokens = await client.authorizationCodeGrant(config, callback, {
  pkceCodeVerifier: verifier,
  expectedState: state,
  expectedNonce: nonce,
  idTokenExpected: true,
});
const claims = tokens.claims();
result.nonceMatches = claims.nonce === nonce;
result.subject = claims.sub;
result.idTokenAudience = claims.aud;

const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
result.refreshRotated = typeof refreshed.refresh_token === 'string' && refreshed.refresh_token !== tokens.refresh_token;
result.refreshedSubject = refreshed.claims()?.sub;
try {
  await client.refreshTokenGrant(config, tokens.refresh_token);
  result.reusedRefreshRefused = false;
} catch (error) {
  result.reusedRefreshRefused = error.error === 'invalid_grant';
}

const userInfo = await client.fetchUserInfo(config, refreshed.access_token, claims.sub);
result.userInfoUsername = userInfo.preferred_username;

const me = await fetch(new URL('/api/platform/me', apiBase), { headers: { authorization: `Bearer ${refreshed.access_token}` } });
result.meStatus = me.status;
result.me = await me.json();

const logoutState = client.randomState();
const endSession = client.buildEndSessionUrl(config, {
  id_token_hint: refreshed.id_token ?? tokens.id_token,
  post_logout_redirect_uri: postLogoutRedirectUri,
  state: logoutState,
});
const logout = await fetch(endSession, { redirect: 'manual', headers: { cookie: cookies() } });
const afterLogout = new URL(logout.headers.get('location'));
result.logoutTarget = `${afterLogout.origin}${afterLogout.pathname}`;
result.logoutStateMatches = afterLogout.searchParams.get('state') === logoutState;

// Signed out: the next authorization request shows the sign-in page again.
remember(logout);
const again = await fetch(authorizationUrl, { redirect: 'manual', headers: { cookie: cookies() } });
result.afterLogoutStatus = again.status;

console.log(JSON.stringify(result));
