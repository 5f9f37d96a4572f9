// A connection the SP resets before answering (e.g. a kept-alive one it closed while idle) is tried once more when
// sending twice is harmless — a user create (a repeat gets 409 uniqueness), PATCH, GET — and not for a group create.
import { createServer, type Server } from 'node:http';
import { expect } from 'chai';
import { createScimClient, ScimRequestError } from '../../src/provisioning/scim-client.js';

describe('SCIM client: a reset connection', () => {
  let server: Server;
  let url: string;
  let resets: number;
  let requests: string[];
  beforeEach(async () => {
    resets = 1;
    requests = [];
    server = createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      if (resets > 0) {
        resets--;
        req.socket.destroy(); // no answer: the connection is reset
        return;
      }
      req.resume();
      req.on('end', () => {
        res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/scim+json' });
        res.end(JSON.stringify({ id: '7', userName: 'ann', displayName: 'G' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('creates the user on a fresh connection after the first one was reset', async () => {
    const client = createScimClient({ baseUrl: url, token: 't' });
    const created = await client.createUser({ schemas: [], userName: 'ann' } as never);
    expect(created.id).to.equal('7');
    expect(requests).to.deep.equal(['POST /Users', 'POST /Users']);
  });

  it('sends a PATCH once more after a reset', async () => {
    const client = createScimClient({ baseUrl: url, token: 't' });
    await client.patchUser('7', [{ op: 'replace', path: 'active', value: false }]);
    expect(requests).to.deep.equal(['PATCH /Users/7', 'PATCH /Users/7']);
  });

  it('does not repeat a group create (a second one could make a duplicate group): the reset is a network failure', async () => {
    const client = createScimClient({ baseUrl: url, token: 't' });
    const err = await client.createGroup('G', []).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(ScimRequestError);
    expect(err).to.include({ kind: 'network' });
    expect(requests).to.deep.equal(['POST /Groups']);
  });
});
