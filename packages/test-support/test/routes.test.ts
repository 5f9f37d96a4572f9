import { expect } from 'chai';
import { fillParams, routesOf } from '../src/routes.js';

describe('routesOf and fillParams', () => {
  it('lists every method and path of a router but HEAD, and fills path parameters', () => {
    const router = {
      stack: [
        { methods: ['HEAD', 'GET'], path: '/users/:id' },
        { methods: ['POST'], path: '/users' },
      ],
    };
    expect(routesOf(router)).to.deep.equal([
      { method: 'GET', path: '/users/:id' },
      { method: 'POST', path: '/users' },
    ]);
    expect(fillParams('/a/:id/b/:other')).to.equal('/a/x/b/x');
  });
});
