import { expect } from 'chai';
import { escapeHtml, html, page, progress, raw, SafeHtml } from '../src/html.js';

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and quoted attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).to.equal('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });

  it('leaves other text, including non-ASCII, as it is', () => {
    expect(escapeHtml('Zoë Ångström / 日本 = ok')).to.equal('Zoë Ångström / 日本 = ok');
  });

  it('turns any value into text before escaping it', () => {
    expect(escapeHtml(42)).to.equal('42');
    expect(escapeHtml({ toString: () => '<b>' })).to.equal('&lt;b&gt;');
  });
});

describe('html`` templates (auto-escaped)', () => {
  it('escapes every interpolated string', () => {
    const name = '<script>alert("x")</script>';
    expect(html`<p>${name}</p>`.value).to.equal('<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>');
  });

  it('cannot be broken out of a quoted attribute', () => {
    const value = `" onmouseover="alert(1)`;
    const out = html`<input value="${value}">`.value;
    expect(out).to.equal('<input value="&quot; onmouseover=&quot;alert(1)">');
    expect(out.match(/"/g)).to.have.length(2);
  });

  it('keeps SafeHtml (a nested template or raw()) as markup', () => {
    const inner = html`<b>${'a&b'}</b>`;
    expect(html`<p>${inner}${raw('<hr>')}</p>`.value).to.equal('<p><b>a&amp;b</b><hr></p>');
  });

  it('joins arrays, escaping their strings and keeping their SafeHtml', () => {
    const items = ['<x>', html`<li>ok</li>`, ['nested <y>']];
    expect(html`<ul>${items}</ul>`.value).to.equal('<ul>&lt;x&gt;<li>ok</li>nested &lt;y&gt;</ul>');
  });

  it('renders nothing for null, undefined and false, and text for numbers and true', () => {
    expect(html`[${null}${undefined}${false}]`.value).to.equal('[]');
    expect(html`[${0}|${true}|${-1.5}]`.value).to.equal('[0|true|-1.5]');
  });

  it('returns SafeHtml whose string form is the markup', () => {
    const out = html`<i>${'x'}</i>`;
    expect(out).to.be.instanceOf(SafeHtml);
    expect(`${out}`).to.equal('<i>x</i>');
  });
});

describe('page() layout', () => {
  const body = html`<p>Body</p>`;

  it('escapes the title and brand and embeds the body as markup', () => {
    const out = page({ title: '<Users>', brand: 'A & B', body });
    expect(out).to.include('<title>&lt;Users&gt; · A &amp; B</title>');
    expect(out).to.include('<span class="brand">A &amp; B</span>');
    expect(out).to.include('<p>Body</p>');
  });

  it('loads only the shared stylesheet and same-origin scripts: no inline script or style (CSP)', () => {
    const out = page({ title: 't', brand: 'b', body, nav: html`<nav>n</nav>`, account: html`<span>me</span>` });
    expect(out).to.include('<link rel="stylesheet" href="/assets/app.css">');
    expect(out.match(/<script[^>]*>/gi)).to.deep.equal(['<script src="/assets/copy.js" defer>']);
    expect(out).to.not.match(/<script(?![^>]*\ssrc="\/assets\/)|<style|\sstyle=|\son[a-z]+=/i);
  });

  it('starts with a doctype, declares the language and links the skip link to main', () => {
    const out = page({ title: 't', brand: 'b', body });
    expect(out).to.match(/^<!doctype html>\n<html lang="en"/);
    expect(out).to.include('<a class="skip-link" href="#main">').and.include('<main id="main" tabindex="-1">');
  });

  it('sets the theme (idp by default) and the wide layout only when asked', () => {
    expect(page({ title: 't', brand: 'b', body }))
      .to.include('data-theme="idp"')
      .and.not.include('class="wide"');
    expect(page({ title: 't', brand: 'b', body, theme: 'sp', wide: true }))
      .to.include('data-theme="sp"')
      .and.include('<main id="main" tabindex="-1" class="wide">');
  });

  it('shows the account block only when there is one', () => {
    expect(page({ title: 't', brand: 'b', body })).to.not.include('class="account"');
    expect(page({ title: 't', brand: 'b', body, account: html`<span>jane</span>` })).to.include(
      '<div class="account"><span>jane</span></div>',
    );
  });
});

describe('progress()', () => {
  it('shows done of total with a percentage and a native <progress>', () => {
    const out = progress({ label: 'Importing users', done: 3, total: 101 }).value;
    expect(out).to.include('data-done="3" data-total="101"');
    expect(out).to.include('<span>3 of 101 (3 %)</span>');
    expect(out).to.include('<progress max="101" value="3" aria-label="Importing users">3 %</progress>');
    expect(out).to.include('role="status" aria-live="polite"');
  });

  it('clamps the bar to 0..total and copes with a total of 0', () => {
    expect(progress({ label: 'x', done: 7, total: 5 }).value).to.include('<progress max="5" value="5"');
    expect(progress({ label: 'x', done: -2, total: 5 }).value).to.include('<progress max="5" value="0"');
    expect(progress({ label: 'x', done: 0, total: 0 }).value).to.include('<progress max="1" value="0"');
  });

  it('offers Refresh while running and drops it once finished', () => {
    expect(progress({ label: 'x', done: 1, total: 2, refreshHref: '/p?a=1&b=2' }).value).to.include('<a href="/p?a=1&amp;b=2">Refresh</a>');
    expect(progress({ label: 'x', done: 2, total: 2, refreshHref: '/p' }).value).to.not.include('Refresh');
  });

  it('escapes the label and the detail', () => {
    const out = progress({ label: '<b>L</b>', done: 1, total: 2, detail: '1 <i>failed</i>' }).value;
    expect(out).to.include('&lt;b&gt;L&lt;/b&gt;').and.include(' · 1 &lt;i&gt;failed&lt;/i&gt;');
    expect(out).to.not.include('<b>').and.not.include('<i>');
  });
});
