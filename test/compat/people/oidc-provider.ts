// A real, certified OpenID provider (node-oidc-provider) on loopback, for sign-in tests. Its development
// interactions render a login form (any login and password) and a consent page, like a real provider does.
import http from "node:http";
import Provider from "oidc-provider";

export interface LocalProvider {
  issuer: string;
  stop(): Promise<void>;
}

export interface LocalAccount {
  email: string;
  name: string;
  groups: string[];
}

export async function startOidcProvider(opts: {
  port: number;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  accounts: Record<string, LocalAccount>;
}): Promise<LocalProvider> {
  const issuer = `http://127.0.0.1:${opts.port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: opts.clientId,
        client_secret: opts.clientSecret,
        redirect_uris: [opts.redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name", "preferred_username"],
      groups: ["groups"],
    },
    scopes: ["openid", "email", "profile", "groups"],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx: unknown, sub: string) {
      const a = opts.accounts[sub] ?? { email: `${sub}@example.com`, name: sub, groups: [] };
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          email: a.email,
          email_verified: true,
          name: a.name,
          preferred_username: sub,
          groups: a.groups,
        }),
      };
    },
  });
  const server = http.createServer(provider.callback());
  await new Promise<void>((r) => server.listen(opts.port, "127.0.0.1", r));
  return {
    issuer,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}
