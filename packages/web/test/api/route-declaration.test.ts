// route(): one admin-API route in one entry. The success response (status, description, schema) and the
// `{ status, body }` reply are written by the declaration; the handler returns the body only.
import { Type } from '@sinclair/typebox';
import { expect } from 'chai';
import type { ParameterizedContext } from 'koa';
import { route } from '../../src/api/route-declaration.js';

const Thing = Type.Object({ id: Type.String(), name: Type.String() });
const IdParams = Type.Object({ id: Type.String() });
const NotFound = { 404: { description: 'Not found' } };
const ctx = {} as ParameterizedContext;

describe('route() (web api)', () => {
  it('declares a 200 route with its request schemas, success response and the error responses given', async () => {
    const declared = route('get', '/things/:id', 'One thing', { params: IdParams, invalidCode: 'bad_id' }).ok(
      Thing,
      'The thing',
      NotFound,
      async ({ params }) => ({ id: params.id, name: 'first' }),
    );
    expect(declared).to.include({ method: 'get', path: '/things/:id', summary: 'One thing', params: IdParams, invalidCode: 'bad_id' });
    expect(declared.responses).to.deep.equal({ 200: { description: 'The thing', schema: Thing }, 404: { description: 'Not found' } });
    const reply = await declared.handle({ params: { id: 't1' }, query: {}, body: {} }, ctx);
    expect(reply).to.deep.equal({ status: 200, body: { id: 't1', name: 'first' } });
  });

  it('answers 201 with the new resource for .created', async () => {
    const declared = route('post', '/things', 'Create a thing', { body: Thing }).created(Thing, 'Created', {}, async ({ body }) => body);
    expect(declared.responses).to.deep.equal({ 201: { description: 'Created', schema: Thing } });
    expect(await declared.handle({ params: {}, query: {}, body: { id: 't2', name: 'second' } }, ctx)).to.deep.equal({
      status: 201,
      body: { id: 't2', name: 'second' },
    });
  });

  it('answers 204 without a body for .noContent, once the handler has run', async () => {
    const deleted: string[] = [];
    const declared = route('delete', '/things/:id', 'Delete a thing', { params: IdParams }).noContent(
      'Deleted',
      NotFound,
      async ({ params }) => {
        deleted.push(params.id);
        return 'ignored';
      },
    );
    expect(declared.responses).to.deep.equal({ 204: { description: 'Deleted' }, 404: { description: 'Not found' } });
    expect(await declared.handle({ params: { id: 't3' }, query: {}, body: {} }, ctx)).to.deep.equal({ status: 204 });
    expect(deleted).to.deep.equal(['t3']);
  });

  it('lets an error of the handler through (the API error handler renders it)', async () => {
    const declared = route('get', '/things/:id', 'One thing', { params: IdParams }).ok(Thing, 'The thing', NotFound, async () => {
      throw new Error('no such thing');
    });
    let thrown: unknown;
    await declared.handle({ params: { id: 'x' }, query: {}, body: {} }, ctx).catch((err) => {
      thrown = err;
    });
    expect(String(thrown)).to.contain('no such thing');
  });
});
