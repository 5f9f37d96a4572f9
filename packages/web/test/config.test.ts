import { SamlbridgeError } from '@samlbridge/errors';
import { expect } from 'chai';
import { ConfigError, describeConfig, loadConfig, parsers, type Setting } from '../src/config.js';

const setting = <T>(env: string, defaultValue: T | undefined, parse: (raw: string) => T, doc: string): Setting<T> => ({
  env,
  default: defaultValue,
  parse,
  doc,
});

const SPEC = {
  port: setting('APP_PORT', 4000, parsers.port, 'TCP port'),
  baseUrl: setting('APP_BASE_URL', 'http://localhost:4000', parsers.httpUrl, 'public base URL'),
  trace: setting('APP_TRACE', false, parsers.boolean, 'log raw messages'),
  ttl: setting('APP_TTL_SECONDS', 28800, parsers.positiveInt, 'session lifetime'),
  hops: setting('APP_PROXY_HOPS', 0, parsers.nonNegativeInt, 'trusted proxies'),
  level: setting('APP_LOG_LEVEL', 'info', parsers.logLevel, 'log level'),
  apiKey: setting<string>('APP_API_KEY', undefined, parsers.string, 'admin API key'),
};

/** The ConfigError `fn` throws. */
function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies every default when the environment sets nothing but the required values', () => {
    expect(loadConfig(SPEC, { APP_API_KEY: 'k' })).to.deep.equal({
      port: 4000,
      baseUrl: 'http://localhost:4000',
      trace: false,
      ttl: 28800,
      hops: 0,
      level: 'info',
      apiKey: 'k',
    });
  });

  it('parses each value into its type', () => {
    const config = loadConfig(SPEC, {
      APP_PORT: '8080',
      APP_BASE_URL: 'https://idp.example.com/',
      APP_TRACE: 'yes',
      APP_TTL_SECONDS: '60',
      APP_PROXY_HOPS: '2',
      APP_LOG_LEVEL: 'debug',
      APP_API_KEY: 'k',
    });
    expect(config).to.deep.equal({
      port: 8080,
      baseUrl: 'https://idp.example.com',
      trace: true,
      ttl: 60,
      hops: 2,
      level: 'debug',
      apiKey: 'k',
    });
  });

  it('treats an empty variable as unset (the default applies)', () => {
    expect(loadConfig(SPEC, { APP_PORT: '', APP_API_KEY: 'k' }).port).to.equal(4000);
  });

  it('lists every problem at once, each naming its variable, in one ConfigError', () => {
    const err = configError(() =>
      loadConfig(SPEC, { APP_PORT: '70000', APP_BASE_URL: 'ftp://x', APP_TRACE: 'maybe', APP_TTL_SECONDS: '0', APP_LOG_LEVEL: 'loud' }),
    );
    expect(err.problems).to.deep.equal([
      'APP_PORT: "70000" is not a TCP port (0-65535)',
      'APP_BASE_URL: "ftp://x" must be an http(s) URL',
      'APP_TRACE: "maybe" is not a boolean (true/false)',
      'APP_TTL_SECONDS: "0" is not a positive whole number',
      'APP_LOG_LEVEL: "loud" is not a log level',
      'APP_API_KEY is required: admin API key',
    ]);
    expect(err.message).to.equal(`Invalid configuration:\n  - ${err.problems.join('\n  - ')}`);
  });

  it('is a SamlbridgeError with code invalid_config that is never shown to a visitor', () => {
    const err = configError(() => loadConfig(SPEC, {}));
    expect(err).to.be.instanceOf(SamlbridgeError);
    expect(err).to.include({ code: 'invalid_config', status: 500, expose: false });
  });

  it('takes overrides over the environment, and they satisfy a required setting', () => {
    const config = loadConfig(SPEC, { APP_PORT: 'not-a-port' }, { port: 0, apiKey: 'from-test' });
    expect(config).to.include({ port: 0, apiKey: 'from-test' });
  });

  it('ignores an override that is undefined (the environment or default applies)', () => {
    expect(loadConfig(SPEC, { APP_PORT: '5000', APP_API_KEY: 'k' }, { port: undefined }).port).to.equal(5000);
  });
});

describe('config parsers', () => {
  const refuses = (parse: (raw: string) => unknown, raw: string) => expect(() => parse(raw), raw).to.throw(`"${raw}"`);

  it('port: 0..65535 whole numbers only', () => {
    expect([parsers.port('0'), parsers.port('65535')]).to.deep.equal([0, 65535]);
    for (const raw of ['-1', '65536', '80.5', 'http', '0x']) refuses(parsers.port, raw);
  });

  it('positiveInt refuses zero, negatives and fractions; nonNegativeInt accepts zero', () => {
    expect(parsers.positiveInt('1')).to.equal(1);
    for (const raw of ['0', '-3', '1.5', 'ten']) refuses(parsers.positiveInt, raw);
    expect(parsers.nonNegativeInt('0')).to.equal(0);
    for (const raw of ['-1', '2.5', 'x']) refuses(parsers.nonNegativeInt, raw);
  });

  it('boolean: 1/true/yes/on and 0/false/no/off, any case', () => {
    expect(['1', 'TRUE', 'Yes', 'on'].map(parsers.boolean)).to.deep.equal([true, true, true, true]);
    expect(['0', 'False', 'NO', 'off'].map(parsers.boolean)).to.deep.equal([false, false, false, false]);
    refuses(parsers.boolean, 'enabled');
  });

  it('httpUrl: http(s) only, trailing slashes dropped', () => {
    expect(parsers.httpUrl('https://idp.example.com//')).to.equal('https://idp.example.com');
    expect(parsers.httpUrl('http://localhost:4000/base/')).to.equal('http://localhost:4000/base');
    expect(() => parsers.httpUrl('localhost:4000')).to.throw('must be an http(s) URL');
    expect(() => parsers.httpUrl('not a url')).to.throw('"not a url" is not a URL');
  });

  it('logLevel: pino levels only', () => {
    expect(parsers.logLevel('silent')).to.equal('silent');
    refuses(parsers.logLevel, 'verbose');
  });
});

describe('describeConfig', () => {
  it('renders a Markdown table with each variable, its default (or "required") and its meaning', () => {
    const table = describeConfig({ port: SPEC.port, apiKey: SPEC.apiKey }).split('\n');
    expect(table).to.deep.equal([
      '| variable | default | meaning |',
      '| --- | --- | --- |',
      '| `APP_PORT` | `4000` | TCP port |',
      '| `APP_API_KEY` | (required) | admin API key |',
    ]);
  });
});
