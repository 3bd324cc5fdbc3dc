import { describe, expect, it } from 'vitest';
import { scopeSvgIds } from '../../src/report/html.js';

// scopeSvgIds rewrites markup only: before it parsed tags, a place named `url(#clip1)` or `a" id="b`
// came out of the report's inline SVG as `url(#chart-ratios-clip1)` (outputs.test.ts checks whole charts).

describe('scopeSvgIds on data text', () => {
  it('leaves text content and text attributes that look like ids or references as they are', () => {
    const svg =
      '<svg aria-label="url(#clip1) href=&quot;#clip1&quot;"><defs><clipPath id="clip1"><rect/></clipPath></defs>' +
      '<g clip-path="url(#clip1)" aria-label="see url(#clip1)"><text> id="x" url(#clip1) href="#clip1"</text><title>a id="b"</title></g></svg>';
    expect(scopeSvgIds(svg, 'chart-x')).toBe(
      '<svg aria-label="url(#clip1) href=&quot;#clip1&quot;"><defs><clipPath id="chart-x-clip1"><rect/></clipPath></defs>' +
        '<g clip-path="url(#chart-x-clip1)" aria-label="see url(#clip1)"><text> id="x" url(#clip1) href="#clip1"</text><title>a id="b"</title></g></svg>',
    );
  });

  it('scopes gradient fills and links to defined ids, and keeps a tag whose attribute value holds ">"', () => {
    const svg =
      '<svg><linearGradient id="gradient_1"/><path fill="url(#gradient_1)" d="M0,0" aria-label="a > b"/><use xlink:href="#gradient_1"/><a href="#elsewhere"/></svg>';
    expect(scopeSvgIds(svg, 'p')).toBe(
      '<svg><linearGradient id="p-gradient_1"/><path fill="url(#p-gradient_1)" d="M0,0" aria-label="a > b"/><use xlink:href="#p-gradient_1"/><a href="#elsewhere"/></svg>',
    );
  });
});
