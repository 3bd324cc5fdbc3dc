// The command line's help texts (`kuril-exchange --help`, `kuril-exchange COMMAND --help`). Re-exported
// by messages.ts, which holds every other user-facing message of the command line.

/** A command's help: its one-line summary, usage line, and a line for each of its own options. */
export interface CommandHelp {
  readonly summary: string;
  readonly usage: string;
  readonly options: Readonly<Record<string, string>>;
}

/** The command line's help: each command's one-line summary, usage line and option texts. */
export const help = {
  main: (version: string, commands: readonly (readonly [name: string, summary: string])[]) => {
    const width = Math.max(...commands.map(([n]) => n.length)) + 2;
    return [
      `kuril-exchange ${version}: two-way exchange figures with provenance, analyses, charts and notebooks`,
      '',
      'Usage: kuril-exchange COMMAND [options]',
      '',
      'Commands:',
      ...commands.map(([n, summary]) => `  ${n.padEnd(width)}${summary}`),
      '',
      "Run `kuril-exchange COMMAND --help` for a command's options.",
      'Exit codes: 0 ok, 2 bad input or usage, 1 internal error, 3 reconcile found figures that cannot all hold.',
    ].join('\n');
  },
  command: (usage: string, summary: string, options: string) => [`Usage: ${usage}`, '', summary, '', 'Options:', options].join('\n'),
  /** The options every command takes. */
  common: { help: 'show this help', quiet: 'no progress lines on stderr', debug: 'print stack traces of internal errors' },
  commands: {
    analyze: {
      summary: 'print one analysis table (ratios, shares, changes or cumulative) as CSV or JSON',
      usage: 'kuril-exchange analyze [FILE] --table ratios|shares|changes|cumulative [--format csv|json] [--end-year Y] [--sources FILE]',
      options: {
        table: 'ratios, shares, changes or cumulative',
        format: 'csv (default) or json',
        'end-year': 'last year an open-ended ("since") figure counts (default: the latest single year)',
        sources: 'check source_id against this sources CSV',
      },
    },
    build: {
      summary: 'write every output (data, tables, charts, report, data package, manifest) into one folder, atomically',
      usage:
        'kuril-exchange build [FILE] [--sources FILE] [--events FILE] [--out DIR] [--formats csv,json,svg,png,html] [--end-year Y] [--notebooks] [--lang en|ja|ru] [--naming source|russian|japanese|neutral] [--places FILE]',
      options: {
        sources: 'sources CSV (default with no FILE: the embedded one)',
        events: 'events CSV for chart annotations (default with no FILE: the embedded one)',
        out: 'output folder, replaced only when the build is complete (default out)',
        formats: 'what to write, comma-separated: csv, json, svg, png, html (default: all)',
        'end-year': 'last year an open-ended ("since") figure counts (default: the latest single year)',
        notebooks: 'also run notebooks/*.ts into DIR/notebooks (slower)',
        lang: 'language of charts and report: en (default), ja or ru',
        naming: 'names of disputed places: source (default: as in the data), russian, japanese or neutral',
        places: 'places CSV matching names to places (default: the embedded data/places.csv)',
      },
    },
    charts: {
      summary: 'draw the charts (annual-flows, ratios, cumulative, shares, changes, sources) as Vega-Lite specs, SVG and PNG',
      usage:
        'kuril-exchange charts [FILE] --out DIR [--formats vl,svg,png] [--sources FILE] [--events FILE] [--end-year Y] [--lang en|ja|ru] [--naming source|russian|japanese|neutral] [--places FILE]',
      options: {
        out: 'folder to write NAME.vl.json, NAME.svg and NAME.png to (created when missing)',
        formats: 'what to write, comma-separated: vl, svg, png (default: all)',
        sources: 'sources CSV for the source lines (default with no FILE: the embedded one)',
        events: 'events CSV for annotations (default with no FILE: the embedded one)',
        'end-year': 'last year an open-ended ("since") figure counts (default: the latest single year)',
        lang: 'language of charts and report: en (default), ja or ru',
        naming: 'names of disputed places: source (default: as in the data), russian, japanese or neutral',
        places: 'places CSV matching names to places (default: the embedded data/places.csv)',
      },
    },
    notebook: {
      summary: 'run a percent-format TypeScript notebook into NAME.ipynb and offline NAME.html',
      usage:
        'kuril-exchange notebook FILE.ts [--out DIR] [--allow-errors] [--lang en|ja|ru] [--naming source|russian|japanese|neutral] [--watch [--port N] [--host H] [--open]]',
      options: {
        out: 'folder for NAME.ipynb and NAME.html (default out/notebooks; with --watch: only when given)',
        'allow-errors': 'run the cells after one that throws, and exit 0',
        watch: 'serve a live preview and run again on every save, until Ctrl-C',
        port: 'with --watch: port (default 4178, or the next free one; 0: any free one)',
        host: 'with --watch: address to listen on (default 127.0.0.1; others are warned about)',
        open: "with --watch: open the page with the platform's browser opener",
        lang: 'language of the page around the cells, and what notebookLanguage() gives the notebook: en (default), ja or ru',
        naming: 'names of disputed places notebookLanguage() gives the notebook: source (default), russian, japanese or neutral',
      },
    },
    validate: {
      summary: 'check an exchange-visits CSV against the schema',
      usage: 'kuril-exchange validate FILE [--sources FILE] [--places FILE]',
      options: {
        sources: 'check source_id against the ids in this sources CSV',
        places: 'places CSV to match origins and destinations against (default: the embedded one)',
      },
    },
    reconcile: {
      summary: 'what all the figures of all sources imply together, and which cannot all hold (exit 3)',
      usage:
        'kuril-exchange reconcile [FILE] [--sources FILE] [--table consistency|implied] [--format csv|json] [--approx-tolerance F] [--end-year Y]',
      options: {
        sources: 'sources CSV: open periods end by their as_of or published date (default with no FILE: the embedded one)',
        table: 'consistency (default: one row per figure) or implied (intervals the figures imply)',
        format: 'csv (default) or json',
        'approx-tolerance': 'an "approximately" figure n stands for n × (1 ± F) (default 0.05)',
        'end-year': 'the year every open-ended ("since") figure ends in (default: unknown, within its range)',
      },
    },
    verify: {
      summary: 'build a folder again from the inputs and options in its manifest and list every file that differs',
      usage: 'kuril-exchange verify [DIR]',
      options: {},
    },
  } satisfies Record<string, CommandHelp>,
} as const;
